"""Arazzo 1.1 workflows: the behaviour the contracts promise, read from `specs/flows/`."""
