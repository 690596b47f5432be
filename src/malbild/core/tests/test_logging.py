"""Secret consultation links never reach a log line: the filter on every production handler
redacts the token in request paths (refused links are logged by Django with their path), and
gunicorn's access and error logs (`conf/gunicorn_logging.py`) go through the same filter: a
record carrying a token is emitted through every configured logger and the formatted output
checked."""

import copy
import datetime
import io
import logging
import logging.config
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config
from gunicorn.glogging import Logger as GunicornLogger

from malbild.conf import base, gunicorn_logging
from malbild.core.logging import RedactSecretLinks, redact


def test_redact_keeps_the_rest_of_the_path():
    assert redact("Gone: /o/alingsas/remiss/AbC-123_x/") == "Gone: /o/alingsas/remiss/[redacted]/"
    assert redact('"GET /o/a/remiss/tok?x=1 HTTP/1.1" 410') == (
        '"GET /o/a/remiss/[redacted]?x=1 HTTP/1.1" 410'
    )
    assert redact("/o/alingsas/remiss/svar/") == "/o/alingsas/remiss/svar/"


def test_filter_rewrites_formatted_records():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Gone", "/o/alingsas/remiss/secret-token/"),
        None,
    )
    assert RedactSecretLinks().filter(record) is True
    assert "secret-token" not in record.getMessage()
    assert record.getMessage() == "Gone: /o/alingsas/remiss/[redacted]/"


def test_every_configured_handler_redacts():
    handlers = base.LOGGING["handlers"]
    assert all("redact_secret_links" in h.get("filters", []) for h in handlers.values())
    for name in ("django.request", "django.server"):
        assert base.LOGGING["loggers"][name]["propagate"] is False


TOKEN = "rm_S3cretT0kenValue"
PATH = f"/o/alingsas/remiss/{TOKEN}/"


@contextmanager
def configured(config: dict):
    """Apply a logging dict config for the block, then put the test settings' back."""
    saved = {
        name: (lg.handlers[:], lg.filters[:], lg.propagate, lg.level)
        for name, lg in [("", logging.getLogger())]
        + [(n, logging.getLogger(n)) for n in config.get("loggers", {})]
    }
    logging.config.dictConfig(copy.deepcopy(config))
    try:
        yield
    finally:
        for name, (handlers, filters, propagate, level) in saved.items():
            lg = logging.getLogger(name)
            lg.handlers[:], lg.filters[:], lg.propagate = handlers, filters, propagate
            lg.setLevel(level)
        logging.config.dictConfig(settings.LOGGING)


def written(logger: logging.Logger, emit) -> str:
    """What the handlers reached by `logger` (through propagation) would write for `emit()`:
    each handler's stream is swapped for a buffer."""
    buffers, swapped, current = [], [], logger
    while current is not None:
        for handler in current.handlers:
            buf = io.StringIO()
            if isinstance(handler, logging.StreamHandler):
                swapped.append((handler, handler.setStream(buf)))
                buffers.append(buf)
            else:  # any other handler: record what it would format
                original = handler.emit
                handler.emit = lambda record, h=handler, b=buf: b.write(h.format(record) + "\n")
                swapped.append((handler, original))
                buffers.append(buf)
        current = current.parent if current.propagate else None
    try:
        emit()
    finally:
        for handler, previous in swapped:
            if isinstance(handler, logging.StreamHandler) and not callable(previous):
                handler.setStream(previous)
            else:
                handler.emit = previous
    return "".join(b.getvalue() for b in buffers)


@pytest.mark.parametrize(
    "name", ["", *base.LOGGING["loggers"].keys(), "malbild.consultation", "django.security"]
)
def test_no_django_logger_writes_a_token(name):
    with configured(base.LOGGING):
        logger = logging.getLogger(name)
        out = written(logger, lambda: logger.error("Gone: %s", PATH))
        out += written(logger, lambda: logger.error(f'"GET {PATH} HTTP/1.1" 410'))
    assert out, f"{name or 'root'} writes nothing"
    assert TOKEN not in out and "/remiss/[redacted]/" in out


@pytest.fixture
def gunicorn_logger():
    cfg = Config()
    for key in ("accesslog", "errorlog", "logconfig_dict"):
        cfg.set(key, getattr(gunicorn_logging, key))
    with configured(gunicorn_logging.logconfig_dict):
        yield GunicornLogger(cfg)


def test_gunicorn_access_log_redacts_tokens(gunicorn_logger):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": PATH,
        "PATH_INFO": PATH,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://malbild.example.se{PATH}",
    }
    resp = SimpleNamespace(status="302 Found", headers=[], sent=0)
    req = SimpleNamespace(headers=[])
    out = written(
        gunicorn_logger.access_log,
        lambda: gunicorn_logger.access(resp, req, environ, datetime.timedelta(seconds=1)),
    )
    assert "GET /o/alingsas/remiss/[redacted]/ HTTP/1.1" in out
    assert TOKEN not in out


def test_gunicorn_error_log_redacts_tokens(gunicorn_logger):
    out = written(
        gunicorn_logger.error_log, lambda: gunicorn_logger.error("Invalid request %s", PATH)
    )
    out += written(gunicorn_logger.error_log, lambda: gunicorn_logger.warning(f"Timeout on {PATH}"))
    assert out and TOKEN not in out and "[redacted]" in out


def test_gunicorn_config_filters_both_loggers():
    loggers = gunicorn_logging.logconfig_dict["loggers"]
    for name in ("gunicorn.access", "gunicorn.error"):
        assert "redact_secret_links" in loggers[name]["filters"]
        assert loggers[name]["propagate"] is False
