"""Actions of `accord pact`. Each module defines `register(subparsers)`, which adds one action whose
parser sets `handler=<function(args) -> exit status>`. Adding a module adds an action."""
