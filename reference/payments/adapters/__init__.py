"""Payments adapters: tables, repositories and migrations."""
