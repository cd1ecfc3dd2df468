"""Orders entrypoints: the HTTP API, the payment-event consumer, the payment requester."""
