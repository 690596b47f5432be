"""Every update service of the consultation round writes only the fields it changes (an
unchanged field is not written, the audit entry names exactly the changed ones) and refuses an
edit made from a stale version (docs/adr/0007-optimistic-locking.md). The services read the
row again under a lock, so the version the edit was made from is given as the web form and
the API give it: `expect_version`."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.consultation import services
from malbild.consultation.models import (
    Comment,
    ConsultationRound,
    Consultee,
    Disposition,
    Response,
    SecretLink,
)
from malbild.consultation.permissions import Responder
from malbild.core.locking import expect_version
from malbild.core.models import AuditEntry
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


def stale_run(call):
    """`run(instance)` for assert_stale_refused: the call made from `instance`'s version."""

    def run(instance):
        with expect_version(instance, instance.lock_version):
            call(instance)

    return run


@pytest.fixture
def sa(strategist_access):
    return strategist_access


@pytest.fixture
def responder(respondent, access_of):
    return Responder(access=access_of(respondent))


@pytest.fixture
def consultee(round_, body):
    return round_.consultees.get(body=body)


def test_round_extend(round_, sa):
    def extend(r, day):
        return services.consultation_round_extend(
            access=sa, round=r, new_deadline=datetime.date(2040, 1, day), reason="Fler svar"
        )

    assert_writes_only(ConsultationRound, lambda: extend(fresh(round_), 1), {"deadline"})
    assert_stale_refused(fresh(round_), stale_run(lambda r: extend(r, 2)))


def test_round_close(round_, sa):
    assert_stale_refused(
        fresh(round_), stale_run(lambda r: services.consultation_round_close(access=sa, round=r))
    )
    assert_writes_only(
        ConsultationRound,
        lambda: services.consultation_round_close(access=sa, round=fresh(round_), note="Klar"),
        {"status", "closed_at", "closed_by", "close_note"},
    )


def test_round_revise(round_, sa):
    assert_stale_refused(
        fresh(round_),
        stale_run(lambda r: services.consultation_round_revise(access=sa, round=r, label="R")),
    )
    assert_writes_only(
        ConsultationRound,
        lambda: services.consultation_round_revise(access=sa, round=fresh(round_), label="R"),
        {"revised_version"},
    )


def test_round_adopt(round_, sa, ks):
    services.consultation_round_close(access=sa, round=fresh(round_))
    services.consultation_round_revise(access=sa, round=fresh(round_), label="Reviderad")

    def adopt(r):
        return services.consultation_round_adopt(
            access=sa, round=r, decision={"body": ks, "date": datetime.date(2018, 6, 1)}
        )

    assert_stale_refused(fresh(round_), stale_run(adopt))
    # The adoption also moves the document (audited after the round), so the round's own
    # UPDATE and audit entry are checked here.
    with CaptureQueriesContext(connection) as ctx:
        adopt(fresh(round_))
    table = ConsultationRound._meta.db_table
    mine = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(mine) == 1
    columns = set(re.findall(r'"(\w+)" =', mine[0].split(" WHERE ")[0]))
    assert columns == {"adoption_decision_id", "modified_at", "modified_by_id", "lock_version"}
    entry = AuditEntry.objects.filter(
        model="consultation.consultationround", object_id=str(round_.pk)
    ).first()
    assert set(entry.changes) == {"adoption_decision"}


def test_secret_link_revoke(consultee, sa):
    link, _raw = services.secret_link_create(access=sa, consultee=consultee)
    assert_stale_refused(fresh(link), lambda x: services.secret_link_revoke(access=sa, link=x))
    assert_writes_only(
        SecretLink,
        lambda: services.secret_link_revoke(access=sa, link=fresh(link)),
        {"revoked_at"},
    )
    entry = AuditEntry.objects.filter(model="consultation.secretlink").first()
    assert entry.event == "consultation.link_revoked" and "token_hash" not in entry.changes


def _draft(responder, consultee, **data):
    return services.response_save_draft(responder=responder, consultee=consultee, data=data)


def test_response_save_draft(responder, consultee):
    draft = _draft(responder, consultee, summary="Första", position="supports")
    assert_writes_only(
        Response,
        lambda: _draft(responder, consultee, summary="Andra", position="supports"),
        {"summary"},
    )
    assert_stale_refused(
        fresh(draft), stale_run(lambda r: _draft(responder, consultee, summary="Sent"))
    )


def test_response_submit(responder, consultee):
    draft = _draft(responder, consultee, summary="Svar", position="supports")
    submit = stale_run(lambda r: services.response_submit(responder=responder, response=r))
    assert_stale_refused(fresh(draft), submit)
    assert_writes_only(
        Response,
        lambda: services.response_submit(responder=responder, response=fresh(draft)),
        {"status", "submitted_at", "is_late", "via"},
    )


def test_consultee_decline(responder, consultee):
    def decline(c):
        return services.consultee_decline(responder=responder, consultee=c, reason="Ej berörda")

    assert_stale_refused(fresh(consultee), stale_run(decline))
    assert_writes_only(
        Consultee, lambda: decline(fresh(consultee)), {"declined_at", "decline_reason"}
    )


def test_comment_update(responder, consultee):
    draft = _draft(responder, consultee, summary="Svar")
    comment = services.comment_add(
        responder=responder, response=draft, data={"kind": "change", "text": "Första"}
    )

    def update(c, text):
        return services.comment_update(
            responder=responder, comment=c, data={"kind": "change", "text": text, "item_uid": ""}
        )

    assert_writes_only(Comment, lambda: update(fresh(comment), "Andra"), {"text"})
    assert_stale_refused(fresh(comment), lambda c: update(c, "Sent"))


def test_disposition_set(responder, consultee, sa):
    draft = _draft(responder, consultee, summary="Svar", position="supports")
    comment = services.comment_add(
        responder=responder, response=draft, data={"kind": "change", "text": "Ändra"}
    )
    services.response_submit(responder=responder, response=fresh(draft))

    def dispose(motivation):
        return services.disposition_set(
            access=sa, comment=fresh(comment), kind="accepted", motivation=motivation
        )

    disposition = dispose("Första")
    assert_writes_only(Disposition, lambda: dispose("Andra"), {"motivation"})
    assert_stale_refused(fresh(disposition), stale_run(lambda d: dispose("Sent")))
