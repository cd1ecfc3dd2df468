"""Black-box adapters gathering evidence from the target: HTTP calls, tokens, the broker, the logs.

Probes know how to talk to a deployment; they never judge. Checks never talk to a deployment; they
only judge what a probe observed.
"""
