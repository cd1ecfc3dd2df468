"""Pacts: the pact file model and the cross-check of pacts with the providers' specs."""

from accord.pacts.check import CheckResult, Mismatch, check_pacts
from accord.pacts.model import PactFile, UnusablePact, find_pacts, load_pact

__all__ = [
    "CheckResult",
    "Mismatch",
    "PactFile",
    "UnusablePact",
    "check_pacts",
    "find_pacts",
    "load_pact",
]
