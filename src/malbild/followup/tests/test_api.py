"""Follow-up API: periods, contributions with approval, assessments with overrides, the
self-assessment and the report as JSON with file links; 403 for editors outside their
bodies, 422 naming the field, 404 for other organisations."""

from malbild.api.tests.helpers import ApiClient
from malbild.followup.models import ActivityReport, FollowUpPeriod

P = "/organisations/alingsas/followup/periods"


def test_period_list_create_and_close(plan, strategist, editor):
    api = ApiClient(strategist)
    resp = api.get(P)
    assert resp.status_code == 200 and resp.json()["count"] == 1
    data = {
        "document": plan["document"].pk,
        "label": "2020",
        "start": "2020-01-01",
        "end": "2020-12-31",
        "deadline": "2021-01-31",
    }
    bad = api.post(P, {**data, "deadline": "2019-01-01"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "deadline"]
    assert FollowUpPeriod.objects.count() == 1
    assert ApiClient(editor).post(P, data).status_code == 403
    created = api.post(P, data)
    assert created.status_code == 201 and created.json()["status"] == "open"
    closed = api.post(f"{P}/{created.json()['id']}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_contributions_review_and_report(plan, strategist, editor):
    pk = plan["period"].pk
    ed, st = ApiClient(editor), ApiClient(strategist)
    line = plan["activity"].budget_lines.first()
    payload = {
        "status": "ongoing",
        "progress": 50,
        "comment": "Pågår",
        "outcomes": {str(line.pk): "1000"},
        "submit": True,
    }
    resp = ed.put(f"{P}/{pk}/activities/{plan['activity'].pk}", payload)
    assert resp.status_code == 200 and resp.json()["state"] == "submitted"
    assert ed.put(f"{P}/{pk}/activities/{plan['other_activity'].pk}", payload).status_code == 403
    bad = ed.put(f"{P}/{pk}/activities/{plan['activity'].pk}", {**payload, "progress": 101})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "progress"]
    assert ActivityReport.objects.get().progress == 50
    resp = ed.put(
        f"{P}/{pk}/indicators/{plan['indicator'].pk}",
        {"value": "29", "measured_on": "2019-12-31", "submit": True},
    )
    assert resp.status_code == 200
    resp = st.post(f"{P}/{pk}/activities/{plan['activity'].pk}/review", {"action": "approve"})
    assert resp.status_code == 200 and resp.json()["state"] == "approved"
    contributions = st.get(f"{P}/{pk}/contributions").json()
    assert contributions["activities"][0]["state"] == "approved"
    assessments = st.get(f"{P}/{pk}/assessments").json()
    assert assessments["indicators"][0]["status"] == "on_track"
    resp = st.put(
        f"{P}/{pk}/assessments/{plan['indicator'].pk}", {"status": "at_risk", "reason": ""}
    )
    assert resp.status_code == 422 and resp.json()["detail"][0]["loc"] == ["body", "reason"]
    report = st.get(f"{P}/{pk}/report").json()
    assert report["files"]["pdf"].endswith(f"/o/alingsas/follow-up/{pk}/report.pdf")
    assert any(s["heading"] == "1 Digitala tjänster" for s in report["sections"])


def test_self_assessment_api(plan, strategist):
    from malbild.core.access import access_for
    from malbild.followup import services

    access = access_for(strategist, plan["period"].organisation)
    qs = services.question_set_create_from_template(access=access)
    services.period_update(access=access, period=plan["period"], data={"question_set": qs})
    q = qs.sections.first().questions.first()
    api = ApiClient(strategist)
    url = f"{P}/{plan['period'].pk}/self-assessment"
    assert api.put(url, [{"question": q.pk, "answer": "fully"}]).json() == {"answers": 1}
    assert api.get(url).json()["sections"][0]["questions"][0]["answer"] == "fully"


def test_other_organisation_is_404(plan, outsider):
    api = ApiClient(outsider)
    assert api.get(P).status_code == 404
    assert (
        api.get(f"/organisations/kristianstad/followup/periods/{plan['period'].pk}").status_code
        == 404
    )


def test_query_counts_constant(plan, strategist, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from malbild.followup.tests.factories import PeriodFactory

    from .conftest import add_activities

    api = ApiClient(strategist)
    pk = plan["period"].pk
    paths = [P, f"{P}/{pk}/contributions", f"{P}/{pk}/assessments", f"{P}/{pk}/report"]
    for path in paths:
        api.get(path)
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path).status_code == 200
        counts[path] = len(ctx.captured_queries)
    add_activities(plan, 5)
    add_activities(plan, 3, body=plan["other_body"])
    import datetime

    for year in (2016, 2017):
        PeriodFactory(
            document=plan["document"],
            label=str(year),
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            deadline=datetime.date(year + 1, 1, 31),
        )
    for path in paths:
        with django_assert_num_queries(counts[path]):
            assert api.get(path).status_code == 200
