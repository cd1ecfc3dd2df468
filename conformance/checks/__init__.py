"""The check families: one package per family, one check per module, found by walking this package.

Adding a family = adding a package here whose docstring's first line describes it and whose
`REQUIRES` names the target inputs it needs ("tokens", "broker", "logs"); adding a check = adding a
module with one `@check` and its `EXAMPLES`. No list to edit anywhere.
"""
