"""The specs family lints a candidate's services as one set, wherever their folders are."""

import shutil

from accord.bundled import specs_dir
from conformance.probes.specs import lint_services


def _copy(service, parent, name):
    shutil.copytree(specs_dir() / "common", parent / "common", dirs_exist_ok=True)
    shutil.copytree(specs_dir() / service, parent / name)
    return parent / name


def test_scattered_folders_are_linted_together(tmp_path):
    folders = {
        "orders": _copy("orders", tmp_path / "a", "orders-contracts"),
        "payments": _copy("payments", tmp_path / "b", "pay"),
    }
    assert lint_services(folders).problems == ()


def test_a_subscriber_without_its_publisher_is_reported(tmp_path):
    run = lint_services({"orders": _copy("orders", tmp_path / "a", "orders")})
    assert any("no other service publishes 'payment.successful'" in p for p in run.problems)
