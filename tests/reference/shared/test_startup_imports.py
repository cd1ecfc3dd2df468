"""Start-up cost: the embedded default (SQLite) does not import the PostgreSQL driver (~0.12 s)."""

from __future__ import annotations

import subprocess
import sys


def test_a_service_on_sqlite_starts_without_importing_psycopg():
    probe = (
        "import sys\n"
        "from reference.shared.persistence import create_engine\n"
        "import reference.orders.bootstrap, reference.payments.bootstrap\n"
        "create_engine('sqlite://').dispose()\n"
        "print('psycopg' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
