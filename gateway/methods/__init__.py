"""The method table and the gateway's own (account, cart) methods."""
