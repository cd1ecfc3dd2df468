"""Criterion Objects judged as Arazzo 1.1 says: simple, regex and jsonpath; each judgement names
what it saw, so a failing step can say which value broke it."""

from __future__ import annotations

import pytest

from conformance.flows.criteria import ConditionError, check_syntax, judge
from conformance.flows.expressions import Scope

SCOPE = Scope(
    status_code=201,
    response={"body": {"id": "7", "status": "PAID", "n": "10", "pets": [{"a": 1}], "x": None}},
    message={"payload": {"type": "order.updated", "data": {"status": "paid"}}},
    inputs={"expected": "paid", "threshold": 3},
)


@pytest.mark.parametrize(
    ("condition", "passed"),
    [
        ("$statusCode == 201", True),
        ("$statusCode == 200", False),
        ("$statusCode != 200 && $response.body.id == '7'", True),
        ("$statusCode == 200 || $response.body#/id == '7'", True),
        ("!($statusCode == 201)", False),
        ("$response.body.status == 'paid'", True),  # strings compare without case
        ("$response.body.n > 9", True),  # numeric strings compare as numbers
        ("$response.body.n > $inputs.threshold", True),
        ("$response.body.x == null", True),
        ("$response.body.x != 0", True),
        ("$response.body.missing == null", False),  # unresolved: never equal
        ("$response.body.missing != 'a'", True),
        ("$response.body.pets[0].a == 1", False),  # dotted after [n] is not in the grammar
        ("$message.payload.data.status == $inputs.expected", True),
        ("$response.body.status < 3", False),  # no ordering between a word and a number
        ("'it''s' == 'IT''S'", True),
        ("true", True),
        ("$response.body.x", False),  # null is falsy
    ],
)
def test_simple_conditions(condition, passed):
    if condition == "$response.body.pets[0].a == 1":
        with pytest.raises(ConditionError):
            judge({"condition": condition}, SCOPE)
        return
    assert judge({"condition": condition}, SCOPE).passed is passed


def test_a_failing_condition_names_what_it_saw():
    found = judge({"condition": "$statusCode == 200"}, SCOPE)
    assert (found.passed, found.criterion, found.saw) == (
        False,
        "$statusCode == 200",
        "$statusCode = 201",
    )


@pytest.mark.parametrize(
    ("criterion", "passed"),
    [
        ({"context": "$statusCode", "condition": r"^2\d{2}$", "type": "regex"}, True),
        (
            {"context": "$response.body.status", "condition": "^(PAID|SHIPPED)$", "type": "regex"},
            True,
        ),
        ({"context": "$response.body.missing", "condition": ".*", "type": "regex"}, False),
        ({"context": "$response.body", "condition": "$.pets[*]", "type": "jsonpath"}, True),
        ({"context": "$response.body", "condition": "$.dogs[*]", "type": "jsonpath"}, False),
        (
            {
                "context": "$message.payload",
                "condition": "$[?@.status == '{$inputs.expected}']",
                "type": {"type": "jsonpath", "version": "rfc9535"},
            },
            True,
        ),
        ({"context": "$response.body", "condition": "$[?", "type": "jsonpath"}, False),
    ],
)
def test_regex_and_jsonpath_conditions(criterion, passed):
    assert judge(criterion, SCOPE).passed is passed


@pytest.mark.parametrize(
    "criterion",
    [
        {"condition": "$statusCode === 201"},
        {"condition": "$statusCode == "},
        {"condition": "$statuscode == 1"},
        {"condition": "(true"},
        {"condition": "/a", "type": "xpath", "context": "$response.body"},
        {"condition": "(", "type": "regex", "context": "$response.body"},
        {"condition": "$.a[", "type": "jsonpath", "context": "$response.body"},
        {"condition": ".*", "type": "regex"},
    ],
)
def test_lint_refuses_conditions_that_could_never_be_judged(criterion):
    with pytest.raises(ConditionError):
        check_syntax(criterion)
