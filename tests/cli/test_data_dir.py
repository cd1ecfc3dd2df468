"""`accord serve`, `accord demo` and `accord token` with an unusable data dir: exit 2 and one line
naming it, before any service starts. And `accord token` says when it had to make a new signing
key, because a server started with another data dir rejects the tokens it signs."""

from __future__ import annotations

import socket
from pathlib import Path

import jwt
import pytest

from accord.cli import main

KEY = "keys/dev-issuer.key.pem"


@pytest.fixture(autouse=True)
def no_services(monkeypatch, tmp_path):
    """Run in an empty folder, without $ACCORD_DATA_DIR, and fail if a service would start."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_DATA_DIR", raising=False)

    class NoSupervisor:
        def __init__(self, *args, **kwargs):
            pytest.fail("services started despite unusable input")

    monkeypatch.setattr("reference.serve.Supervisor", NoSupervisor)


def free_ports() -> list[str]:
    sockets = [socket.socket() for _ in range(2)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [str(s.getsockname()[1]) for s in sockets]
    for s in sockets:
        s.close()
    return ["--orders-port", ports[0], "--payments-port", ports[1]]


COMMANDS = {
    "token": ["token", "--scope", "orders.read"],
    "serve": ["serve", *free_ports()],
    "demo": ["demo"],
}


def _one_line(capsys, start: str) -> str:
    err = capsys.readouterr().err
    assert err.startswith(start) and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_data_dir_that_is_a_file_exits_2(command, capsys):
    Path("a-file").write_text("", encoding="utf-8")
    assert main([*COMMANDS[command], "--data-dir", "a-file"]) == 2
    path = Path("a-file").resolve()
    assert _one_line(capsys, f"accord {command}: --data-dir {path}: not a folder")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_data_dir_that_cannot_be_created_exits_2(command, capsys):
    Path("a-file").write_text("", encoding="utf-8")
    assert main([*COMMANDS[command], "--data-dir", "a-file/data"]) == 2
    path = Path("a-file/data").resolve()
    _one_line(capsys, f"accord {command}: --data-dir {path}: cannot create or write it: ")


@pytest.mark.parametrize("command", ["serve", "token"])  # the demo always starts afresh
def test_accord_data_dir_that_is_a_file_exits_2(command, monkeypatch, capsys):
    Path("a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("ACCORD_DATA_DIR", "a-file")
    assert main(COMMANDS[command]) == 2
    path = Path("a-file").resolve()
    _one_line(capsys, f"accord {command}: ACCORD_DATA_DIR {path}: not a folder")


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_logs_folder_that_is_a_file_exits_2(command, capsys):
    Path("data").mkdir()
    Path("data/logs").write_text("", encoding="utf-8")
    assert main([*COMMANDS[command], "--data-dir", "data"]) == 2
    _one_line(capsys, f"accord {command}: logs folder {Path('data/logs').resolve()}: not a folder")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_signing_key_that_is_not_one_exits_2(command, capsys):
    Path("data/keys").mkdir(parents=True)
    Path("data", KEY).write_text("not a key\n", encoding="utf-8")
    assert main([*COMMANDS[command], "--data-dir", "data"]) == 2
    key = Path("data", KEY).resolve()
    _one_line(capsys, f"accord {command}: signing key {key}: not an unencrypted RSA private key")


def test_token_says_when_it_made_a_new_signing_key(capsys):
    assert main(["token", "--scope", "orders.read", "--data-dir", "data"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and jwt.get_unverified_header(out.strip())["alg"] == "RS256"
    key = Path("data", KEY).resolve()
    assert err == (
        f"accord token: no signing key yet, created {key}; a server started with another "
        "data dir will reject this token (use its --data-dir)\n"
    )
    assert main(["token", "--scope", "orders.read", "--data-dir", "data"]) == 0
    assert capsys.readouterr().err == ""  # the key exists now: nothing to warn about


@pytest.mark.parametrize(
    ("env", "argv", "folder"),
    [
        (None, [], "var"),
        ("from-env", [], "from-env"),
        ("from-env", ["--data-dir", "given"], "given"),
    ],
)
def test_token_data_dir_is_the_option_else_the_variable_else_var(
    monkeypatch, capsys, env, argv, folder
):
    if env:
        monkeypatch.setenv("ACCORD_DATA_DIR", env)
    assert main(["token", "--scope", "orders.read", *argv]) == 0
    assert Path(folder, KEY).is_file()
    assert str(Path(folder, KEY).resolve()) in capsys.readouterr().err


def test_serve_port_variable_that_is_not_a_number_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_ORDERS_PORT", "80o1")
    assert main(["serve"]) == 2
    assert (
        capsys.readouterr().err == "accord serve: ACCORD_ORDERS_PORT='80o1' is not a port number\n"
    )


@pytest.mark.parametrize(
    ("orders", "payments", "message"),
    [
        ("70000", None, "orders port 70000 is not a valid port"),
        ("0", None, "orders port 0 is not a valid port"),
        ("9000", "9000", "--orders-port and --payments-port must differ"),
    ],
)
def test_serve_invalid_ports_exit_2(capsys, orders, payments, message):
    payments = payments or free_ports()[3]  # so that a real server on 8002 does not answer first
    assert main(["serve", "--orders-port", orders, "--payments-port", payments]) == 2
    assert capsys.readouterr().err == f"accord serve: {message}\n"


def test_serve_port_in_use_exits_2(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = ["serve", "--orders-port", str(port), "--payments-port", free_ports()[3]]
        assert main(argv) == 2
    assert capsys.readouterr().err == f"accord serve: port {port} (orders) is already in use\n"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_data_dir_that_cannot_be_written_exits_2(command, monkeypatch, capsys):
    Path("read-only").mkdir()

    def refuse(*args, **kwargs):  # a read-only folder; chmod would not stop root, who runs CI
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("accord.datadir.tempfile.TemporaryFile", refuse)
    assert main([*COMMANDS[command], "--data-dir", "read-only"]) == 2
    path = Path("read-only").resolve()
    assert capsys.readouterr().err == (
        f"accord {command}: --data-dir {path}: cannot create or write it: Permission denied\n"
    )
