"""Runtime expressions follow the Arazzo 1.1 ABNF: what parses, what is refused, what they name."""

from __future__ import annotations

import pytest

from conformance.flows.expressions import (
    ExpressionError,
    Scope,
    Unresolved,
    evaluate,
    interpolate,
    parse,
    references,
    resolve,
)

SCOPE = Scope(
    status_code=201,
    method="POST",
    url="http://shop.test/orders",
    request={"header": {"Idempotency-Key": "k1"}, "body": {"items": [{"sku": "A"}]}},
    response={"header": {"Location": "/orders/7"}, "body": {"id": "7", "a/b": 1, "t~": 2}},
    message={"header": {"traceparent": "00-x"}, "payload": {"data": {"id": "7"}}},
    inputs={"method": "card", "deep.name": 3},
    steps={"place": {"outputs": {"orderId": "7", "order": {"lines": [5, 6]}}}},
    sources={"orders": {"url": "../orders/openapi.yaml"}},
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$statusCode", 201),
        ("$method", "POST"),
        ("$url", "http://shop.test/orders"),
        ("$request.header.idempotency-key", "k1"),  # header names ignore case
        ("$request.body#/items/0/sku", "A"),
        ("$response.header.Location", "/orders/7"),
        ("$response.body#/id", "7"),
        ("$response.body#/a~1b", 1),
        ("$response.body#/t~0", 2),
        ("$response.body", {"id": "7", "a/b": 1, "t~": 2}),
        ("$response.body.id", "7"),  # the dotted form of the specification's conditions
        ("$message.payload#/data/id", "7"),
        ("$message.payload.data.id", "7"),
        ("$message.header.traceparent", "00-x"),
        ("$inputs.method", "card"),
        ("$inputs.deep.name", 3),  # identifiers may hold dots
        ("$steps.place.outputs.orderId", "7"),
        ("$steps.place.outputs.order#/lines/1", 6),
        ("$sourceDescriptions.orders.url", "../orders/openapi.yaml"),
    ],
)
def test_expressions_name_what_the_run_saw(text, value):
    assert evaluate(text, SCOPE) == value


@pytest.mark.parametrize(
    "text",
    [
        "statusCode",
        "$status",
        "$statusCode.x",
        "$response.headers.Location",
        "$response.body#id",
        "$response.body#/a~2",
        "$response.header.Location#/x",
        "$steps.place.outcome.orderId",
        "$steps.pl.ace.outputs.x.y#/z/",
        "$components.schemas.x",
        "$inputs.",
    ],
)
def test_what_the_grammar_refuses(text):
    with pytest.raises(ExpressionError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    ["$response.body#/missing", "$steps.other.outputs.x", "$request.body#/items/3", "$inputs.nope"],
)
def test_well_formed_but_not_seen_is_unresolved(text):
    with pytest.raises(Unresolved):
        evaluate(text, SCOPE)


def test_values_keep_their_type_alone_and_become_text_embedded():
    assert resolve("$steps.place.outputs.order", SCOPE) == {"lines": [5, 6]}
    assert resolve({"a": ["$statusCode", "x"]}, SCOPE) == {"a": [201, "x"]}
    assert interpolate("/orders/{$steps.place.outputs.orderId}?s={$statusCode}", SCOPE) == (
        "/orders/7?s=201"
    )
    assert resolve("$5 off", SCOPE) == "$5 off"  # not an expression: a literal


def test_references_finds_bare_and_embedded_expressions():
    text = "$statusCode == 201 && $response.body#/id != '{$inputs.method}'"
    assert references(text) == ["$inputs.method", "$statusCode", "$response.body#/id"]
