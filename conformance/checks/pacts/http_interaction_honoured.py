"""Each HTTP interaction of a consumer pact is honoured by the candidate (Pact Verifier)."""

from conformance.checks.pacts import honoured, observe, of_kind, verification
from conformance.registry import Example, check


@check(
    "PACT-001",
    family="pacts",
    ref="Pact specification V4 (HTTP interactions); docs/pacts.md provider states",
    subjects=of_kind("http"),
    observe=observe,
)
def http_interaction_honoured(observed):
    """The candidate answers the pact's request as the consumer expects (Pact Verifier)."""
    honoured(observed)


PASSED = """Verifying a pact between orders and payments
  a request for a card payment
     Given payments can be taken for an order
    returns a response which
      has status code 201 (OK)
      has a matching body (OK)"""
FAILED = """Verifying a pact between orders and payments
  a request for a card payment
    returns a response which
      has status code 201 (FAILED)
Failures:
1) Verifying a pact between orders and payments - a request for a card payment
    1.1) has status code 201
           expected 201 but was 200
There were 1 pact failures"""
BODY = """Verifying a pact between orders and payments
  a request for a payment that will be declined
    returns a response which
      has status code 201 (OK)
      has a matching body (FAILED)
Failures:
1) Verifying a pact between orders and payments - a request for a payment that will be declined
    1.1) has a matching body
           $.status -> Expected 'declined' (String) to match 'pending|failed'
There were 1 pact failures"""

# A provider state the candidate refuses never reaches the Verifier: observing raises the
# Violation (a wrong answer to the setup call) or SetupFailed (no answer) before any judgement.
EXAMPLES = [
    Example("the verifier passed", True, verification("http", True, PASSED)),
    Example("wrong status", False, verification("http", False, FAILED)),
    Example("a field the consumer pins differs", False, verification("http", False, BODY)),
]
