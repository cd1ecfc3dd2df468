"""The schema rules: each change kind is declared twice, once per direction of the data.

REQUEST data is written by someone else and read by the contract's owner (request bodies and
parameters, messages the service subscribes to): a change breaks when HEAD accepts less.
RESPONSE data is written by the owner and read by others (response bodies and headers, messages
the service publishes, log records): a change breaks when HEAD may produce what readers did not
expect, or no longer promises what they relied on.
"""

from __future__ import annotations

from accord.specdiff.model import BREAKING, INFO, WARNING
from accord.specdiff.registry import define

REQUEST, RESPONSE = "REQUEST", "RESPONSE"

NARROWED = (BREAKING, INFO)  # HEAD accepts or produces less
WIDENED = (INFO, BREAKING)  # HEAD accepts or produces more
CHANGED = (BREAKING, BREAKING)  # neither a subset nor a superset

KINDS: dict[str, tuple[tuple[str, str], str]] = {
    "TYPE-CHANGED": (CHANGED, "the type changed to one that neither includes nor fits the old"),
    "TYPE-NARROWED": (NARROWED, "fewer types allowed (e.g. `null` no longer)"),
    "TYPE-WIDENED": (WIDENED, "more types allowed (e.g. `nullable` added)"),
    "FORMAT-ADDED": (NARROWED, "a `format` was added"),
    "FORMAT-REMOVED": (WIDENED, "the `format` was removed"),
    "FORMAT-CHANGED": (CHANGED, "the `format` changed"),
    "ENUM-VALUE-ADDED": (WIDENED, "an `enum` (or `const`) value was added"),
    "ENUM-VALUE-REMOVED": (NARROWED, "an `enum` (or `const`) value was removed"),
    "ENUM-INTRODUCED": (NARROWED, "an `enum` now restricts values that were free"),
    "ENUM-DROPPED": (WIDENED, "the `enum` restriction was dropped"),
    "PATTERN-ADDED": (NARROWED, "a `pattern` was added"),
    "PATTERN-REMOVED": (WIDENED, "the `pattern` was removed"),
    "PATTERN-CHANGED": (CHANGED, "the `pattern` changed"),
    "UNIQUE-ITEMS-ADDED": (NARROWED, "`uniqueItems` now required"),
    "UNIQUE-ITEMS-REMOVED": (WIDENED, "`uniqueItems` no longer required"),
    "MULTIPLE-OF-CHANGED": (CHANGED, "`multipleOf` changed"),
    "ADDITIONAL-PROPERTIES-CLOSED": (NARROWED, "`additionalProperties: false` was added"),
    "ADDITIONAL-PROPERTIES-OPENED": (WIDENED, "`additionalProperties: false` was removed"),
    "REQUIRED-PROPERTY-ADDED": ((BREAKING, WARNING), "a new required property"),
    "OPTIONAL-PROPERTY-ADDED": ((INFO, INFO), "a new optional property"),
    "PROPERTY-REMOVED": ((WARNING, BREAKING), "a property was removed"),
    "PROPERTY-REMOVED-CLOSED": (CHANGED, "a property was removed from a closed object"),
    "PROPERTY-BECAME-REQUIRED": (CHANGED, "an existing property became required"),
    "PROPERTY-BECAME-OPTIONAL": ((INFO, BREAKING), "a required property became optional"),
    "VARIANT-ADDED": (WIDENED, "a `oneOf`/`anyOf` branch was added"),
    "VARIANT-REMOVED": (NARROWED, "a `oneOf`/`anyOf` branch was removed"),
    "DEFAULT-CHANGED": ((WARNING, INFO), "the `default` value changed"),
}

# (keyword, rule stem, "max" when a lower value is narrower, "min" when a higher one is)
BOUNDS = (
    ("maxLength", "MAX-LENGTH", "max"),
    ("minLength", "MIN-LENGTH", "min"),
    ("maxItems", "MAX-ITEMS", "max"),
    ("minItems", "MIN-ITEMS", "min"),
    ("maxProperties", "MAX-PROPERTIES", "max"),
    ("minProperties", "MIN-PROPERTIES", "min"),
    ("maximum", "MAXIMUM", "max"),
    ("minimum", "MINIMUM", "min"),
)


def bound_suffix(stem: str, kind: str, narrowed: bool) -> str:
    """`MAX-LENGTH-DECREASED` for a narrowed maximum, `MIN-LENGTH-DECREASED` for a wider minimum."""
    lowered = narrowed if kind == "max" else not narrowed
    return f"{stem}-{'DECREASED' if lowered else 'INCREASED'}"


def _declare() -> None:
    for keyword, stem, kind in BOUNDS:
        for narrowed in (True, False):
            raised = narrowed if kind == "min" else not narrowed
            how = "raised" if raised else "lowered"
            how += ", or set where there was none" if narrowed else ", or removed"
            KINDS[bound_suffix(stem, kind, narrowed)] = (
                NARROWED if narrowed else WIDENED,
                f"`{keyword}` {how}",
            )
    for suffix, ((request_level, response_level), summary) in KINDS.items():
        define(f"{REQUEST}-{suffix}", request_level, f"request: {summary}")
        define(f"{RESPONSE}-{suffix}", response_level, f"response: {summary}")


_declare()
