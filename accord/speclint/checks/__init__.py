"""Cross-checks, one per module; each registers itself with `accord.speclint.registry.check`."""
