"""Shipping notifier: a downstream team's service that tells customers about their orders."""
