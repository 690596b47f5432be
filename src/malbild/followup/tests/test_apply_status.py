"""Approving an activity report whose reported status differs from the activity's status in
the plan: the strategist is offered to apply it to the activity (explicit choice, only along
the activity workflow's allowed transitions, audited through actionplan's
`activity_transition`); without that choice the plan is left as it is; a refused
transition rolls back the approval too. Service, page and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from malbild.api.tests.helpers import ApiClient
from malbild.core.models import AuditEntry
from malbild.followup import services
from malbild.followup.models import ActivityReport

from .test_views import login, url

P = "/organisations/alingsas/followup/periods"


def submitted(access, plan, status="done"):
    return services.activity_report_save(
        access=access,
        period=plan["period"],
        activity=plan["activity"],
        data={"status": status, "progress": 100},
        submit=True,
    )


def transitions(activity):
    return AuditEntry.objects.filter(
        model="actionplan.activity", object_id=str(activity.pk), action="transition"
    )


def test_offer_only_for_allowed_differing_status(plan, editor, access_of):
    act = plan["activity"]  # planned
    report = submitted(access_of(editor), plan, "done")
    assert services.status_apply_offer(report, act) == "done"
    report.status = "planned"
    assert services.status_apply_offer(report, act) is None  # same status
    act.status = "done"
    report.status = "postponed"
    assert services.status_apply_offer(report, act) is None  # done → postponed not allowed
    assert services.status_apply_offer(None, act) is None


def test_approve_with_and_without_applying(plan, editor, strategist, access_of):
    ed, st = access_of(editor), access_of(strategist)
    report = submitted(ed, plan, "ongoing")
    services.contribution_review(access=st, contribution=report, action="approve")
    plan["activity"].refresh_from_db()
    assert plan["activity"].status == "planned"  # no silent drift
    services.contribution_review(access=st, contribution=report, action="return", comment="Fel")
    report = submitted(ed, plan, "ongoing")
    services.contribution_review(
        access=st, contribution=report, action="approve", apply_status=True
    )
    plan["activity"].refresh_from_db()
    assert plan["activity"].status == "ongoing"
    entry = transitions(plan["activity"]).get()
    assert entry.changes["status"] == ["planned", "ongoing"]
    assert "2019" in entry.message


def test_refused_transition_changes_nothing(plan, editor, strategist, access_of):
    ed, st = access_of(editor), access_of(strategist)
    act = plan["activity"]
    act.status = "done"
    act.save()
    report = submitted(ed, plan, "postponed")
    with pytest.raises(ValidationError) as exc:
        services.contribution_review(
            access=st, contribution=report, action="approve", apply_status=True
        )
    assert "apply_status" in exc.value.message_dict
    assert ActivityReport.objects.get().state == "submitted"
    act.refresh_from_db()
    assert act.status == "done" and not transitions(act).exists()
    with pytest.raises(ValidationError) as exc:
        services.contribution_review(
            access=st, contribution=report, action="return", comment="x", apply_status=True
        )
    assert "apply_status" in exc.value.message_dict
    assert ActivityReport.objects.get().state == "submitted"


def test_apply_later_after_approval(plan, editor, strategist, access_of):
    ed, st = access_of(editor), access_of(strategist)
    report = submitted(ed, plan, "done")
    with pytest.raises(ValidationError):
        services.report_status_apply(access=st, report=report)  # not approved yet
    services.contribution_review(access=st, contribution=report, action="approve")
    with pytest.raises(PermissionDenied):
        services.report_status_apply(access=ed, report=report)
    services.report_status_apply(access=st, report=report)
    plan["activity"].refresh_from_db()
    assert plan["activity"].status == "done"
    with pytest.raises(ValidationError):
        services.report_status_apply(access=st, report=report)  # already applied


def test_review_page_offers_the_choice(client, plan, editor, strategist, reader, access_of):
    report = submitted(access_of(editor), plan, "done")
    page = url("activity-report", plan, item=plan["activity"].pk)
    login(client, strategist)
    resp = client.get(page)
    html = resp.content.decode()
    assert "apply_status" in resp.context["review_form"].fields
    assert 'id="status-differs"' in html and 'name="apply_status"' in html
    resp = client.post(page, {"review": "approve", "comment": "", "apply_status": "on"})
    assert resp.status_code == 302
    plan["activity"].refresh_from_db()
    assert plan["activity"].status == "done"
    report.refresh_from_db()
    assert report.state == "approved"
    login(client, reader)
    assert 'name="apply_status"' not in client.get(page).content.decode()


def test_page_apply_later_and_refusal(client, plan, editor, strategist, access_of):
    report = submitted(access_of(editor), plan, "done")
    services.contribution_review(
        access=access_of(strategist), contribution=report, action="approve"
    )
    page = url("activity-report", plan, item=plan["activity"].pk)
    login(client, editor)
    assert client.post(page, {"apply_status_now": "1"}).status_code == 403
    plan["activity"].refresh_from_db()
    assert plan["activity"].status == "planned"
    login(client, strategist)
    html = client.get(page).content.decode()
    assert 'name="apply_status_now"' in html
    assert client.post(page, {"apply_status_now": "1"}).status_code == 302
    plan["activity"].refresh_from_db()
    assert plan["activity"].status == "done"
    assert 'name="apply_status_now"' not in client.get(page).content.decode()


def test_api(plan, editor, strategist, access_of):
    pk, act = plan["period"].pk, plan["activity"]
    submitted(access_of(editor), plan, "ongoing")
    st = ApiClient(strategist)
    resp = st.post(
        f"{P}/{pk}/activities/{act.pk}/review", {"action": "approve", "apply_status": True}
    )
    assert resp.status_code == 200 and resp.json()["state"] == "approved"
    act.refresh_from_db()
    assert act.status == "ongoing"
    resp = st.post(f"{P}/{pk}/activities/{act.pk}/apply-status")
    assert resp.status_code == 422 and resp.json()["detail"][0]["loc"][-1] == "apply_status"
    other = plan["other_activity"]
    services.activity_report_save(
        access=access_of(strategist),
        period=plan["period"],
        activity=other,
        data={"status": "done", "progress": 100},
        submit=True,
    )
    assert (
        st.post(f"{P}/{pk}/activities/{other.pk}/review", {"action": "approve"}).status_code == 200
    )
    assert ApiClient(editor).post(f"{P}/{pk}/activities/{other.pk}/apply-status").status_code == 403
    resp = st.post(f"{P}/{pk}/activities/{other.pk}/apply-status")
    assert resp.status_code == 200 and resp.json() == {"activity": other.pk, "status": "done"}
