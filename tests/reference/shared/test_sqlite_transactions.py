"""SQLite transactions: readers never queue behind writers; this process's writers queue on a lock
that every way a transaction can end gives back."""

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


def test_every_way_a_write_transaction_ends_lets_the_next_writer_in(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    invalidated = engine.connect()
    invalidated.begin()
    invalidated.exec_driver_sql("INSERT INTO t VALUES (1)")
    invalidated.invalidate()  # what a lost connection looks like
    invalidated.close()
    abandoned = engine.connect()
    abandoned.begin()
    abandoned.exec_driver_sql("INSERT INTO t VALUES (2)")
    abandoned.close()  # closed without commit: rolled back
    try:
        with engine.begin() as failing:
            failing.exec_driver_sql("INSERT INTO missing VALUES (3)")
    except sa.exc.OperationalError:
        pass

    def write():
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (4)")

    assert _timed(write) < 0.25
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT x FROM t").scalars().all() == [4]
    engine.dispose()


def test_concurrent_writers_in_one_process_all_commit(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")

    def writes(n):
        for i in range(50):
            with engine.begin() as connection:
                connection.exec_driver_sql(f"INSERT INTO t VALUES ({n * 100 + i})")

    threads = [threading.Thread(target=writes, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 400
    engine.dispose()
