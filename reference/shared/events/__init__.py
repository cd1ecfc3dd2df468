"""Events, with nothing lost: CloudEvents envelopes, a Kombu broker, an outbox and an inbox.

Generic infrastructure; the services wire it (see `bootstrap.py` of each service):

    broker = Broker(settings.broker_url, settings.exchange, settings.data_dir)
    metadata = sa.MetaData()                 # the service's own tables, plus:
    add_outbox_table(metadata)               # publishers
    add_inbox_table(metadata)                # consumers
    relay = OutboxRelay(engine, broker)      # relay.start() at boot, relay.stop() at shutdown

    # in a unit of work, in the same transaction as the state change:
    event = new_event("order.created", "/orders", order_id, data, traceparent)
    record_event(conn_or_session, event)
    # after commit:
    relay.notify()
    # or let DomainEventPublisher(to_cloudevent, log_event, notify) record, log and notify.

    schemas = payload_schemas("specs/orders/asyncapi.yaml")
    consumer = EventConsumer(broker, engine, "orders.payments", ["payment.successful",
                             "payment.failed"], handle=on_payment_event, schemas=schemas)
    consumer.start()                         # consumer.stop() at shutdown

`handle(conn, envelope)` runs inside the consumer's transaction (a SQLAlchemy Core `Connection`;
wrap it in `Session(bind=conn)` for the ORM); the inbox row and the handler's writes commit
together, then the message is acked. Continue the trace from `envelope["traceparent"]`
inside the handler.

Migrations (Alembic): either include the tables in `target_metadata` (the `add_*_table(metadata)`
calls above, so autogenerate sees them), or call `create_outbox_table(op)` /
`create_inbox_table(op)` from a hand-written revision (`drop_event_tables(op)` in its downgrade).

Delivery is at least once end to end: the relay may publish a row twice (crash between publish and
commit), and consumers drop the second copy by `(source, id)`. On `amqp://` publishes are confirmed
(a nack raises and the row stays); the server-less transports cannot confirm, and lose a
message whose consumer dies between taking it and acking it (see STACK-NOTES).
"""

from .asyncapi import payload_schemas, subscribed_channels
from .broker import ATTEMPTS_HEADER, REASON_HEADER, Broker
from .consumer import EventConsumer, Outcome, Result
from .envelope import CONTENT_TYPE, InvalidEvent, new_event, parse_envelope, validate_envelope
from .outbox import OutboxRelay, record_event
from .publisher import DomainEventPublisher
from .tables import (
    INBOX,
    OUTBOX,
    add_inbox_table,
    add_outbox_table,
    create_inbox_table,
    create_outbox_table,
    drop_event_tables,
)

__all__ = [
    "ATTEMPTS_HEADER",
    "CONTENT_TYPE",
    "INBOX",
    "OUTBOX",
    "REASON_HEADER",
    "Broker",
    "DomainEventPublisher",
    "EventConsumer",
    "InvalidEvent",
    "OutboxRelay",
    "Outcome",
    "Result",
    "add_inbox_table",
    "add_outbox_table",
    "create_inbox_table",
    "create_outbox_table",
    "drop_event_tables",
    "new_event",
    "parse_envelope",
    "payload_schemas",
    "record_event",
    "subscribed_channels",
    "validate_envelope",
]
