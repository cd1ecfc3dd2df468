"""Accord: contract-testing and conformance harness with reference services."""

__version__ = "0.1.0"
