"""OpenAPI path items: the keys that are operations, and path templates as regular expressions.

One definition for the linter, the diff gate, the pact check, the conformance suite and the
reference services. A leaf module (standard library only), like `accord.registry`.
"""

from __future__ import annotations

import re

# The fields of a Path Item Object that hold an Operation Object (OpenAPI 3.x).
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_PARAMETER = re.compile(r"\{([^}/]+)\}")


def template_parameters(template: str) -> list[str]:
    """The parameter names of a path template, in order: `/a/{x}/b/{y}` -> `["x", "y"]`."""
    return _PARAMETER.findall(template)


def template_regex(template: str) -> str:
    """The template as a regex, one group per parameter in order, no anchors:
    `/orders/{id}` -> `/orders/([^/]+)` (a parameter never spans a `/`)."""
    parts = _PARAMETER.split(template)
    return "".join("([^/]+)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
