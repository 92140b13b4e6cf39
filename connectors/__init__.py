"""cartgate connectors: the unified model and one module per platform."""
