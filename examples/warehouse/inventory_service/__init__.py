"""The warehouse's Inventory service: a small reference implementation of `specs/inventory`.

`stock.Inventory` holds the stock and the reservations and publishes what happens to them;
`web.create_app` is its HTTP API (bearer JWTs verified with PyJWT, RFC 9457 problems);
`events.KombuPublisher` puts CloudEvents envelopes on a topic exchange with plain Kombu;
`serve` runs it (`python -m inventory_service`) or serves it in a thread for tests.
"""
