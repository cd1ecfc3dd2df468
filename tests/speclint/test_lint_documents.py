"""`accord lint` validates each document against the schema of its kind.

Each test breaks one document of a copy of the real specs and states the one line it expects."""

from __future__ import annotations

from accord.speclint import lint


def test_yaml_syntax_error_names_the_file_and_line_once(specs):
    specs.write("orders/openapi.yaml", "openapi: 3.0.3\ninfo:\n  version: [1.0.0\npaths: {}\n")
    assert specs.lines() == [
        "specs/orders/openapi.yaml:4:6: YAML syntax error: expected ',' or ']', but got ':'"
    ]
    # Read alone (as accord diff prints it), the message still says where it is.
    [problem] = lint(specs.root).problems
    assert problem.message == (
        "YAML syntax error at specs/orders/openapi.yaml:4:6: expected ',' or ']', but got ':'"
    )


def test_openapi_is_validated_with_openapi_spec_validator(specs):
    specs.edit(
        "orders/openapi.yaml",
        lambda d: d["paths"]["/orders"]["post"]["responses"]["201"].pop("description"),
    )
    assert specs.lines() == [
        "specs/orders/openapi.yaml:/paths/~1orders/post/responses/201: "
        "'description' is a required property"
    ]


def test_openapi_semantic_errors_are_reported(specs):
    specs.edit("orders/openapi.yaml", lambda d: d["paths"]["/orders/{id}"].pop("parameters", None))
    assert specs.lines() == [
        "specs/orders/openapi.yaml: Path parameter 'id' for 'get' operation in '/orders/{id}' "
        "was not resolved",
        "specs/orders/openapi.yaml: Path parameter 'id' for 'patch' operation in '/orders/{id}' "
        "was not resolved",
    ]


def test_dangling_ref_is_reported(specs):
    def dangle(doc):
        media = doc["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]
        media["schema"] = {"$ref": "#/components/schemas/Nope"}

    specs.edit("orders/openapi.yaml", dangle)
    assert specs.lines() == [
        "specs/orders/openapi.yaml:/paths/~1orders/post/requestBody/content/application~1json"
        "/schema/$ref: unresolvable $ref '#/components/schemas/Nope'"
    ]


def test_asyncapi_is_validated_against_the_official_schema(specs):
    specs.edit("payments/asyncapi.yaml", lambda d: d.update(asyncapi="2.5.0"))
    assert specs.lines() == [
        "specs/payments/asyncapi.yaml:/asyncapi: '2.5.0' is not one of ['2.6.0']"
    ]


def test_manifest_is_validated_against_the_manifest_schema(specs):
    specs.edit("orders/service.yaml", lambda d: d.update(version=1))
    assert specs.lines() == ["specs/orders/service.yaml:/version: 1 is not of type 'string'"]


def test_log_schema_is_a_valid_json_schema(specs):
    specs.edit("common/log-record.schema.yaml", lambda d: d.update(type="objekt"))
    assert specs.lines() == [
        "specs/common/log-record.schema.yaml:/type: matches none of the anyOf alternatives"
    ]
