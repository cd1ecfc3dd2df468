"""`accord lint` cross-checks the documents of all services against each other.

Each cross-check is proven able to fail: a copy of the real specs broken in one place yields exactly
the expected report lines, and nothing else."""

from __future__ import annotations

from accord.speclint.registry import all_checks


def test_checks_are_discovered_with_stable_ids():
    checks = all_checks()
    assert [c.id for c in checks] == [f"LINT-00{n}" for n in range(1, 9)]
    assert all(c.requirement for c in checks)


def test_lint_001_manifest_paths_resolve(specs):
    specs.edit("orders/service.yaml", lambda d: d.update(api="./openapi.yml"))
    assert specs.lines() == [
        "specs/orders/service.yaml:/api: './openapi.yml' does not resolve to a file"
    ]


def test_lint_002_listed_scope_must_be_used(specs):
    specs.edit("orders/service.yaml", lambda d: d["auth"]["required_scopes"].append("orders.admin"))
    assert specs.lines() == [
        "specs/orders/service.yaml:/auth/required_scopes/2: "
        "scope 'orders.admin' is not required by any operation of openapi.yaml"
    ]


def test_lint_002_used_scope_must_be_listed(specs):
    specs.edit("orders/service.yaml", lambda d: d["auth"]["required_scopes"].remove("orders.read"))
    assert specs.lines() == [
        "specs/orders/service.yaml:/auth/required_scopes: "
        "scope 'orders.read' is required by openapi.yaml but not listed"
    ]


def test_lint_003_secured_operation_documents_401_and_403(specs):
    specs.edit(
        "orders/openapi.yaml", lambda d: d["paths"]["/orders"]["post"]["responses"].pop("401")
    )
    assert specs.lines() == [
        "specs/orders/openapi.yaml:/paths/~1orders/post/responses/401: "
        "secured operation does not document 401"
    ]


def test_lint_004_error_schema_is_the_shared_error(specs):
    def inline_error(doc):
        media = doc["components"]["responses"]["NotFound"]["content"]["application/problem+json"]
        media["schema"] = dict(doc["components"]["schemas"]["Error"])

    specs.edit("orders/openapi.yaml", inline_error)
    assert specs.lines() == [
        "specs/orders/openapi.yaml:/components/responses/NotFound/content/application~1problem+json"
        "/schema: problem schema must be {$ref: '#/components/schemas/Error'}"
    ]


def test_lint_004_error_media_type_is_problem_json(specs):
    def plain_json(doc):
        content = doc["components"]["responses"]["NotFound"]["content"]
        content["application/json"] = content.pop("application/problem+json")

    specs.edit("orders/openapi.yaml", plain_json)
    assert specs.lines() == [
        "specs/orders/openapi.yaml:/components/responses/NotFound/content: "
        "error response has no application/problem+json content",
        "specs/orders/openapi.yaml:/components/responses/NotFound/content/application~1json: "
        "error response offers application/json; only application/problem+json is allowed",
    ]


def test_lint_005_openapi_example_validates(specs):
    specs.edit(
        "orders/openapi.yaml",
        lambda d: d["components"]["schemas"]["OrderCreate"]["example"].update(customerId=5),
    )
    assert specs.lines() == [
        "specs/orders/openapi.yaml:/components/schemas/OrderCreate/example: "
        "example does not match its schema: 5 is not of type 'string' (at /customerId)"
    ]


def test_lint_005_message_example_validates(specs):
    specs.edit(
        "orders/asyncapi.yaml",
        lambda d: d["components"]["messages"]["OrderCreated"]["examples"][0]["payload"].pop("id"),
    )
    assert specs.lines() == [
        "specs/orders/asyncapi.yaml:/components/messages/OrderCreated/examples/0/payload: "
        "example does not match its payload schema: 'id' is a required property"
    ]


def test_lint_006_envelope_type_is_the_channel(specs):
    def rename_type(doc):
        message = doc["components"]["messages"]["OrderCreated"]
        message["payload"]["properties"]["type"]["const"] = "order.placed"
        message["examples"][0]["payload"]["type"] = "order.placed"

    specs.edit("orders/asyncapi.yaml", rename_type)
    assert specs.lines() == [
        "specs/orders/asyncapi.yaml:/components/messages/OrderCreated/payload/properties/type"
        "/const: envelope type 'order.placed' does not equal channel 'order.created'"
    ]


def test_lint_007_subscription_has_a_publisher(specs):
    specs.edit("payments/asyncapi.yaml", lambda d: d["channels"].pop("payment.failed"))
    assert specs.lines() == [
        "specs/orders/asyncapi.yaml:/channels/payment.failed/subscribe: "
        "no other service publishes 'payment.failed'"
    ]


def test_lint_007_publisher_requires_what_subscriber_requires(specs):
    specs.edit(
        "payments/asyncapi.yaml",
        lambda d: d["components"]["schemas"]["PaymentSuccessfulData"]["required"].remove("method"),
    )
    assert specs.lines() == [
        "specs/orders/asyncapi.yaml:/components/schemas/PaymentSuccessfulData/required: "
        "requires 'method', which publisher payments does not require"
    ]


def test_lint_007_subscriber_accepts_publisher_examples(specs):
    def accept_only_declined(doc):
        doc["components"]["schemas"]["PaymentSuccessfulData"]["properties"]["method"]["enum"] = [
            "test_declined"
        ]
        example = doc["components"]["messages"]["PaymentSuccessful"]["examples"][0]["payload"]
        example["data"]["method"] = "test_declined"  # keeps the subscriber's own example valid

    specs.edit("orders/asyncapi.yaml", accept_only_declined)
    assert specs.lines() == [
        "specs/orders/asyncapi.yaml:/components/messages/PaymentSuccessful/payload: "
        "rejects example /components/messages/PaymentSuccessful/examples/0/payload of publisher "
        "payments: 'card' is not one of ['test_declined'] (at /data/method)"
    ]
