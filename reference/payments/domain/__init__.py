"""Payments domain: the payment, its outcome rule, events and commands (no framework imports)."""
