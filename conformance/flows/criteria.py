"""Arazzo 1.1 Criterion Objects: `simple`, `regex` and `jsonpath` conditions, judged on a Scope.

Each judgement says whether the criterion held and what it saw, so a failing step can name the
criterion and the value (`$statusCode == 201` saw `$statusCode` = 200). Simple conditions follow
the specification's rules: string comparisons are case-insensitive, numeric strings are compared
as numbers by the ordering operators, `null` equals only `null`, and an expression the run cannot
resolve makes the condition fail. JSONPath is RFC 9535 (`jsonpath-rfc9535`); XPath is not
supported (lint says so).
"""

from __future__ import annotations

import re
from typing import Any

import jsonpath_rfc9535

from conformance.flows.expressions import (
    ExpressionError,
    Scope,
    Unresolved,
    evaluate,
    interpolate,
    parse,
)
from conformance.observations.flows import Judgement

SUPPORTED = ("simple", "regex", "jsonpath")
TOKENS = re.compile(
    r"\s*(?:(?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\]])"
    r"|(?P<string>'(?:[^']|'')*')"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<word>true|false|null)\b"
    r"|(?P<expr>\$[A-Za-z]+(?:[.#][^\s=!<>&|()\[\]{}]*)?))"
)
MISSING: Any = object()  # an expression the run could not resolve


class ConditionError(ValueError):
    """A condition that is not valid for its type."""


def judge(criterion: dict[str, Any], scope: Scope) -> Judgement:
    """Whether one Criterion Object holds in `scope`, and what it read."""
    kind = _kind(criterion)
    condition = str(criterion["condition"])
    label = condition if kind == "simple" else f"{criterion.get('context')} {kind} {condition}"
    if kind == "simple":
        passed, seen = Simple(condition, scope).result()
        return Judgement(passed, label, "; ".join(seen))
    context_expr = str(criterion.get("context", ""))
    try:
        context = evaluate(context_expr, scope)
        pattern = interpolate(condition, scope)
    except (Unresolved, ExpressionError) as exc:
        return Judgement(False, label, str(exc))
    saw = f"{context_expr} = {_show(context)}"
    if kind == "regex":
        matched = not isinstance(context, dict | list) and re.search(pattern, _text(context))
        return Judgement(bool(matched), label, saw)
    try:
        nodes = jsonpath_rfc9535.find(pattern, context)
    except jsonpath_rfc9535.JSONPathError as exc:
        return Judgement(False, label, f"invalid JSONPath: {exc}")
    return Judgement(bool(nodes), label, f"{saw}; {len(nodes)} node(s) matched")


def _kind(criterion: dict[str, Any]) -> str:
    kind = criterion.get("type", "simple")
    if isinstance(kind, dict):  # an Expression Type Object: {type, version}
        if (kind.get("type"), kind.get("version")) != ("jsonpath", "rfc9535"):
            raise ConditionError(f"unsupported expression type {kind}")
        kind = "jsonpath"
    if kind not in SUPPORTED:
        raise ConditionError(f"unsupported condition type {kind!r} (supported: {SUPPORTED})")
    if kind != "simple" and "context" not in criterion:
        raise ConditionError(f"a {kind} condition needs a context")
    return str(kind)


def check_syntax(criterion: dict[str, Any]) -> None:
    """ConditionError when the criterion could never be judged (for lint)."""
    kind = _kind(criterion)
    condition = str(criterion["condition"])
    if kind == "simple":
        Simple(condition, Scope(), dry=True).result()
    elif kind == "regex" and "{$" not in condition:
        try:
            re.compile(condition)
        except re.error as exc:
            raise ConditionError(f"invalid regex {condition!r}: {exc}") from exc
    elif kind == "jsonpath" and "{$" not in condition:
        try:
            jsonpath_rfc9535.compile(condition)
        except jsonpath_rfc9535.JSONPathError as exc:
            raise ConditionError(f"invalid JSONPath {condition!r}: {exc}") from exc


class Simple:
    """A recursive-descent reading of a simple condition, evaluated as it is parsed."""

    def __init__(self, text: str, scope: Scope, dry: bool = False) -> None:
        self.text, self.scope, self.dry = text, scope, dry
        self.tokens = _tokenize(text)
        self.at = 0
        self.seen: list[str] = []

    def result(self) -> tuple[bool, list[str]]:
        value = self._or()
        if self.at != len(self.tokens):
            raise ConditionError(f"{self.text!r}: unexpected {self.tokens[self.at][1]!r}")
        return value is True, self.seen

    def _peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise ConditionError(f"{self.text!r}: ends too soon")
        self.at += 1
        return self.tokens[self.at - 1]

    def _or(self) -> Any:
        value = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            value = value is True or right is True
        return value

    def _and(self) -> Any:
        value = self._not()
        while self._peek() == "&&":
            self._take()
            right = self._not()
            value = value is True and right is True
        return value

    def _not(self) -> Any:
        if self._peek() == "!":
            self._take()
            return self._not() is not True
        return self._comparison()

    def _comparison(self) -> Any:
        left = self._operand()
        if self._peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self._take()[1]
            return compare(left, op, self._operand())
        return left

    def _operand(self) -> Any:
        kind, text = self._take()
        if text == "(":
            value = self._or()
            if self._take()[1] != ")":
                raise ConditionError(f"{self.text!r}: missing ')'")
        elif kind == "expr":
            value = self._expression(text)
        elif kind in ("string", "number", "word"):
            value = _literal(kind, text)
        else:
            raise ConditionError(f"{self.text!r}: unexpected {text!r}")
        while self._peek() == "[":
            self._take()
            index = self._take()
            if index[0] != "number" or self._take()[1] != "]":
                raise ConditionError(f"{self.text!r}: an index is a number in [ ]")
            value = _index(value, int(index[1]))
        return value

    def _expression(self, text: str) -> Any:
        if self.dry:
            evaluate_shape(text)
            return MISSING
        try:
            value = evaluate(text, self.scope)
        except Unresolved:
            self.seen.append(f"{text} unresolved")
            return MISSING
        self.seen.append(f"{text} = {_show(value)}")
        return value


def evaluate_shape(text: str) -> None:
    """ConditionError when `text` is not a runtime expression of the grammar."""
    try:
        parse(text)
    except ExpressionError as exc:
        raise ConditionError(str(exc)) from exc


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, at = [], 0
    while at < len(text.rstrip()):
        match = TOKENS.match(text, at)
        if match is None or match.end() == at:
            raise ConditionError(f"{text!r}: cannot read {text[at:].strip()[:20]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        at = match.end()
    return tokens


def _literal(kind: str, text: str) -> Any:
    if kind == "string":
        return text[1:-1].replace("''", "'")
    if kind == "number":
        return float(text) if any(c in text for c in ".eE") else int(text)
    return {"true": True, "false": False, "null": None}[text]


def _index(value: Any, index: int) -> Any:
    if isinstance(value, list) and 0 <= index < len(value):
        return value[index]
    return MISSING


def compare(left: Any, op: str, right: Any) -> bool:
    """The specification's loose comparison: case-insensitive strings, numeric strings as numbers
    for ordering, null equal only to null, an unresolved side never equal to anything."""
    if left is MISSING or right is MISSING:
        return op == "!=" and not (left is MISSING and right is MISSING)
    if left is None or right is None:
        same = left is None and right is None
        return same if op == "==" else (not same if op == "!=" else False)
    a, b = _comparable(left), _comparable(right)
    if op in ("==", "!="):
        equal = _loose_equal(a, b)
        return equal if op == "==" else not equal
    a, b = _numeric(a), _numeric(b)
    if type(a) is not type(b) and not (_is_number(a) and _is_number(b)):
        return False
    return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])


def _comparable(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _loose_equal(a: Any, b: Any) -> bool:
    if _is_number(a) or _is_number(b):
        return _numeric(a) == _numeric(b) and not isinstance(_numeric(a), str)
    return bool(a == b)


def _numeric(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            return value
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _show(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
