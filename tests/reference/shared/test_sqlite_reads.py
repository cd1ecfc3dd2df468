"""On SQLite a read-only unit of work takes no write lock: readers never queue behind writers."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from reference.shared.persistence import create_engine
from reference.shared.persistence.unit_of_work import SqlUnitOfWork


class _Nothing(SqlUnitOfWork):
    def _open_repositories(self, connection):
        self.rows = lambda: connection.execute(sa.text("SELECT count(*) FROM t")).scalar()

    def _aggregates(self):
        return []


def _timed(action) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def test_a_reader_does_not_wait_for_a_writer_but_a_writer_does(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    writer = engine.connect()
    writer.begin()  # BEGIN IMMEDIATE: holds the write lock until released below
    writer.exec_driver_sql("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.5, writer.rollback)
    release.start()
    try:

        def read():
            with _Nothing(engine, publisher=None).reading() as uow:
                assert uow.rows() == 0  # the uncommitted row is not seen

        def write():
            with _Nothing(engine, publisher=None) as uow:
                uow.rows()

        assert _timed(read) < 0.25
        assert _timed(write) >= 0.25  # it waited for the writer to let go
    finally:
        release.join()
        writer.close()
        engine.dispose()
