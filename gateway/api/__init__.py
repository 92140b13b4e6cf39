"""The HTTP edge: auth, rate limits, parameters, cursors, idempotency, the envelope."""
