"""Each message interaction of a consumer pact is honoured by a real event from the broker."""

from conformance.checks.pacts import honoured, observe, of_kind, verification
from conformance.registry import Example, check


@check(
    "PACT-002",
    family="pacts",
    ref="Pact specification V4 (asynchronous messages); asyncapi.yaml channels (publish)",
    subjects=of_kind("message"),
    observe=observe,
)
def message_interaction_honoured(observed):
    """The event the candidate really publishes matches the consumer's message pact."""
    honoured(observed)


PASSED = """Verifying a pact between orders and payments
  a payment.successful event
    generates a message which
      includes metadata
        "routingKey" with value "payment.successful" (OK)
      has a matching body (OK)"""
FAILED = """Verifying a pact between orders and payments
  a payment.successful event
    generates a message which
      has a matching body (FAILED)
Failures:
1) Verifying a pact between orders and payments - a payment.successful event
    1.1) has a matching body
           $.data.status -> Expected 'paid' (String) to be equal to 'successful' (String)
There were 1 pact failures"""

EXAMPLES = [
    Example("a real event that matches", True, verification("message", True, PASSED)),
    Example("a field the consumer pins differs", False, verification("message", False, FAILED)),
    Example(
        "no event arrived",
        False,
        verification("message", False, "", "no payment.successful event arrived within 10s"),
    ),
]
