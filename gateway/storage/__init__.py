"""The gateway's own database: accounts, API keys, stores, idempotency records."""
