"""Payments entrypoints: the HTTP API."""
