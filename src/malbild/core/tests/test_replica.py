"""The read-replica router (malbild.core.replica): off without a replica; with one, reads of
marked pages (GET/HEAD, outside transactions, user not pinned after a write) go to the
replica and everything else to the primary; a write answers the pin cookie."""

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from malbild.core import replica
from malbild.organisation.models import Organisation


@pytest.fixture
def with_replica(monkeypatch):
    """As if MALBILD_READ_REPLICA_URL were set (the router only asks whether it is)."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


router = replica.ReplicaRouter()


def test_without_a_replica_every_read_goes_to_the_primary():
    with replica.replica_reads():
        assert router.db_for_read(Organisation) is None  # Django's default: "default"


def test_reads_go_to_the_replica_only_inside_replica_reads(with_replica):
    assert router.db_for_read(Organisation) is None
    with replica.replica_reads():
        assert router.db_for_read(Organisation) == "replica"
        with replica.replica_reads(False):
            assert router.db_for_read(Organisation) is None
        assert router.db_for_read(Organisation) == "replica"
    assert router.db_for_read(Organisation) is None
    assert router.db_for_write(Organisation) == "default"
    assert router.allow_migrate("replica", "organisation") is False
    assert router.allow_migrate("default", "organisation") is True


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    with replica.replica_reads(), transaction.atomic():
        assert router.db_for_read(Organisation) is None


class _Page(replica.ReplicaReadsMixin, View):
    def get(self, request):
        return HttpResponse(router.db_for_read(Organisation) or "default")

    def post(self, request):
        return HttpResponse(router.db_for_read(Organisation) or "default")


def test_marked_pages_read_from_the_replica_unless_the_user_just_wrote(with_replica):
    rf = RequestFactory()
    view = _Page.as_view()
    assert view(rf.get("/")).content == b"replica"
    assert view(rf.head("/")).status_code == 200
    assert view(rf.post("/")).content == b"default"
    pinned = rf.get("/")
    pinned.COOKIES[replica.PIN_COOKIE] = "1"
    assert view(pinned).content == b"default"


def test_a_write_pins_the_user_to_the_primary_for_a_while():
    rf = RequestFactory()
    middleware = replica.ReplicaPinMiddleware(lambda request: HttpResponse(status=302))
    response = middleware(rf.post("/"))
    cookie = response.cookies[replica.PIN_COOKIE]
    assert cookie["max-age"] == settings.MALBILD_REPLICA_PIN_SECONDS and cookie["httponly"]
    assert replica.PIN_COOKIE not in middleware(rf.get("/")).cookies
    failing = replica.ReplicaPinMiddleware(lambda request: HttpResponse(status=400))
    assert replica.PIN_COOKIE not in failing(rf.post("/")).cookies


def _settings_module():
    """malbild.conf.base executed afresh (a new module, the environment as it is now)."""
    import importlib.util

    import malbild.conf.base as base

    spec = importlib.util.spec_from_file_location("malbild_conf_base_probe", base.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_setting_installs_the_router_and_the_replica(monkeypatch):
    """With MALBILD_READ_REPLICA_URL: a "replica" database (mirroring the primary in tests),
    the router and the pin middleware; without it none of them."""
    monkeypatch.delenv("MALBILD_READ_REPLICA_URL", raising=False)
    off = _settings_module()
    assert "replica" not in off.DATABASES and not hasattr(off, "DATABASE_ROUTERS")
    assert "malbild.core.replica.ReplicaPinMiddleware" not in off.MIDDLEWARE
    monkeypatch.setenv("MALBILD_READ_REPLICA_URL", "postgres://reader:pw@replica.example:5432/m")
    on = _settings_module()
    assert on.DATABASES["replica"]["HOST"] == "replica.example"
    assert on.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
    assert on.DATABASE_ROUTERS == ["malbild.core.replica.ReplicaRouter"]
    assert on.MIDDLEWARE[-1] == "malbild.core.replica.ReplicaPinMiddleware"
