"""The reference Payments service: takes payments with a deterministic outcome per method."""
