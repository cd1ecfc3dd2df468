"""Sub-commands of `accord`. Each module defines `register(subparsers)`, which adds one sub-command
whose parser sets `handler=<function(args) -> exit status>`. Adding a module adds a command."""
