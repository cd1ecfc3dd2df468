"""A pact records what a consumer reads, not everything the provider sends.

Pact matching ignores the fields a consumer did not record: a recording missing a field the
provider now always sends cannot break that consumer. So a recorded response body or message is
judged as part of an instance: `required` is not enforced, and `oneOf` is read as `anyOf` (a part
may fit several branches that the missing fields would tell apart). Every value that *is*
recorded is still judged: a wrong type, an unknown enum value or a forbidden field still fails.
What a consumer sends (request bodies, parameters) is the whole instance and is judged whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator


def recorded(dialect: type[Validator]) -> type[Validator]:
    """`dialect` for judging a recording: `required` ignored, `oneOf` read as `anyOf`."""
    keywords = {"required": _not_enforced, "oneOf": dialect.VALIDATORS["anyOf"]}
    return validators.extend(dialect, keywords)


def _not_enforced(*_: Any) -> Iterator[ValidationError]:
    return iter(())
