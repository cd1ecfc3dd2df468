"""Orders domain: the order state machine, its events and commands (no framework imports)."""
