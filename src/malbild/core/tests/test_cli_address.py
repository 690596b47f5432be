"""`malbild serve` (and so `make run`) listens on 127.0.0.1:8000 unless MALBILD_ADDR says
otherwise (`make run ADDR=…` sets it)."""

from malbild import cli


def test_default_address(monkeypatch):
    monkeypatch.delenv("MALBILD_ADDR", raising=False)
    assert cli.default_address() == "127.0.0.1:8000"


def test_address_from_the_environment(monkeypatch):
    monkeypatch.setenv("MALBILD_ADDR", "0.0.0.0:8080")
    assert cli.default_address() == "0.0.0.0:8080"


def test_serve_passes_the_address_to_runserver(monkeypatch):
    monkeypatch.setenv("MALBILD_ADDR", "127.0.0.1:8765")
    seen = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    assert cli.main(["malbild", "serve"]) == 0
    assert seen == [["malbild", "runserver", "127.0.0.1:8765"]]
