"""Parameter models of the catalogue methods, by area; ``connectors.catalogue`` lists them."""
