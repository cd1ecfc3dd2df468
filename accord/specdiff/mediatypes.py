"""Media types compared as RFC 9110 does: by type and subtype (case-insensitive), parameters apart.

`application/json` and `application/json; charset=utf-8` are one media type; a parameter that
changes is a change of its own, at a lower level than the type going away.
"""

from __future__ import annotations

from collections.abc import Iterable


def essence(media: str) -> str:
    """`type/subtype`, lower-cased, without parameters."""
    return media.split(";", 1)[0].strip().lower()


def parameters(media: str) -> dict[str, str]:
    """The parameters, names lower-cased, quotes dropped; `charset` values lower-cased too."""
    found = {}
    for raw in media.split(";")[1:]:
        name, _, value = raw.partition("=")
        name, value = name.strip().lower(), value.strip().strip('"')
        if name:
            found[name] = value.lower() if name == "charset" else value
    return found


def pair(base: Iterable[str], head: Iterable[str]) -> tuple[list[tuple[str, str]], list, list]:
    """(base, head) keys of one media type, the base keys gone, the head keys new.

    An identical key is its own pair; otherwise the same `type/subtype` pairs up."""
    left, pairs, gone = list(head), [], []
    unmatched = []
    for key in base:
        if key in left:
            pairs.append((key, key))
            left.remove(key)
        else:
            unmatched.append(key)
    for key in unmatched:
        same = next((h for h in left if essence(h) == essence(key)), None)
        if same is None:
            gone.append(key)
        else:
            pairs.append((key, same))
            left.remove(same)
    return pairs, gone, left


def parameters_changed(before: str, after: str) -> bool:
    """True when two keys of one media type carry different parameters."""
    return parameters(before) != parameters(after)
