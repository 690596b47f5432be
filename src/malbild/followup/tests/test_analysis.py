"""The strategist's analysis and conclusions of a period: saved (Markdown) by those who manage
follow-up while the period is open, frozen with the data when it closes (not changed after),
shown right after the summary of the annual report (a markdown block), in the API (typed, in
and out) and in the period snapshot; form errors name the field and change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.api.tests.helpers import ApiClient
from malbild.core.models import AuditEntry
from malbild.followup import selectors, services
from malbild.followup.models import ANALYSIS_MAX_LENGTH, FollowUpPeriod
from malbild.followup.report import build_report
from malbild.followup.snapshot import upgrade, validate

from .conftest import add_activities
from .test_views import login, url

P = "/organisations/alingsas/followup/periods"
TEXT = "Året präglades av **upphandlingen**.\n\n- E-tjänster ökade\n- Bredband dröjer"


def _reload(period):
    return FollowUpPeriod.objects.get(pk=period.pk)


def test_service_saves_while_open_and_freezes_at_closing(plan, strategist, editor, access_of):
    period = plan["period"]
    with pytest.raises(PermissionDenied):
        services.period_analysis_update(access=access_of(editor), period=period, analysis="x")
    services.period_analysis_update(access=access_of(strategist), period=period, analysis=TEXT)
    period = _reload(period)
    assert period.analysis == TEXT
    assert AuditEntry.objects.filter(event="followup.analysis_saved").count() == 1
    services.period_close(access=access_of(strategist), period=period)
    period = _reload(period)
    assert period.snapshot["period"]["analysis"] == TEXT
    validate(period.snapshot)
    with pytest.raises(ValidationError):
        services.period_analysis_update(
            access=access_of(strategist), period=period, analysis="Ändrat"
        )
    assert _reload(period).analysis == TEXT
    # The report of a closed period reads the frozen text.
    FollowUpPeriod.objects.filter(pk=period.pk).update(analysis="Utanför tjänsterna")
    data = selectors.period_data(period=_reload(period))
    assert data["period"]["analysis"] == TEXT


def test_report_has_the_analysis_right_after_the_summary(plan, strategist, access_of):
    period = plan["period"]
    report = build_report(selectors.period_data(period=period))
    assert "analysis" not in [s["id"] for s in report["sections"]]
    services.period_analysis_update(access=access_of(strategist), period=period, analysis=TEXT)
    report = build_report(selectors.period_data(period=_reload(period)))
    first, second = report["sections"][:2]
    assert first["id"] == "summary"
    assert second == {
        "id": "analysis",
        "heading": "Analys och slutsatser",
        "level": 1,
        "blocks": [{"type": "markdown", "text": TEXT}],
    }


def test_snapshot_without_analysis_reads_as_none(plan, strategist, access_of):
    period = services.period_close(access=access_of(strategist), period=plan["period"])
    snapshot = dict(upgrade(period.snapshot))  # as a period closed before it was recorded
    snapshot["period"] = {k: v for k, v in snapshot["period"].items() if k != "analysis"}
    FollowUpPeriod.objects.filter(pk=period.pk).update(snapshot=snapshot)
    data = selectors.period_data(period=_reload(period))
    assert "analysis" not in [s["id"] for s in build_report(data)["sections"]]


def test_page_permissions_errors_and_save(client, plan, strategist, reader, editor, outsider):
    page = url("period-analysis", plan)
    for user in (reader, editor):
        login(client, user)
        assert client.get(page).status_code == 403
        assert client.post(page, {"analysis": "x"}).status_code == 403
    login(client, outsider)
    assert client.get(page).status_code == 404
    assert _reload(plan["period"]).analysis == ""

    login(client, strategist)
    resp = client.get(page)
    assert resp.status_code == 200 and '<label for="id_analysis"' in resp.content.decode()
    version = plan["period"].lock_version
    bad = client.post(page, {"analysis": "x" * (ANALYSIS_MAX_LENGTH + 1), "lock_version": version})
    assert bad.status_code == 200 and "analysis" in bad.context["form"].errors
    assert _reload(plan["period"]).analysis == ""
    ok = client.post(page, {"analysis": TEXT, "lock_version": version})
    assert ok.status_code == 302 and ok["Location"] == url("period-report", plan)
    assert _reload(plan["period"]).analysis == TEXT
    stale = client.post(page, {"analysis": "Gammal", "lock_version": version})
    assert stale.status_code in (200, 409)
    assert _reload(plan["period"]).analysis == TEXT
    detail = client.get(url("period-detail", plan)).content.decode()
    assert page in detail


def test_closed_period_page_shows_the_frozen_text_without_form(client, plan, strategist, access_of):
    services.period_analysis_update(
        access=access_of(strategist), period=plan["period"], analysis=TEXT
    )
    services.period_close(access=access_of(strategist), period=_reload(plan["period"]))
    login(client, strategist)
    page = url("period-analysis", plan)
    html = client.get(page).content.decode()
    assert "frystes med uppgifterna" in html and "<textarea" not in html
    assert "upphandlingen" in html
    version = _reload(plan["period"]).lock_version
    resp = client.post(page, {"analysis": "Nytt", "lock_version": version})
    assert resp.status_code == 200 and resp.context["form"].non_field_errors()
    assert _reload(plan["period"]).analysis == TEXT


def test_page_query_count_is_constant(client, plan, strategist, django_assert_num_queries):
    login(client, strategist)
    page = url("period-analysis", plan)
    client.get(page)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    add_activities(plan, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200


def test_api_reads_and_writes_the_analysis(plan, strategist, editor, access_of):
    pk = plan["period"].pk
    api = ApiClient(strategist)
    assert api.get(f"{P}/{pk}").json()["analysis"] == ""
    assert ApiClient(editor).patch(f"{P}/{pk}", {"analysis": "x"}).status_code == 403
    resp = api.patch(f"{P}/{pk}", {"analysis": TEXT})
    assert resp.status_code == 200 and resp.json()["analysis"] == TEXT
    too_long = api.patch(f"{P}/{pk}", {"analysis": "x" * (ANALYSIS_MAX_LENGTH + 1)})
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "analysis"]
    assert api.patch(f"{P}/{pk}", {"label": "2019 (ny)"}).json()["analysis"] == TEXT
    created = api.post(
        P,
        {
            "document": plan["document"].pk,
            "label": "2020",
            "start": "2020-01-01",
            "end": "2020-12-31",
            "deadline": "2021-01-31",
            "analysis": "Från start",
        },
    )
    assert created.status_code == 201 and created.json()["analysis"] == "Från start"
    api.post(f"{P}/{pk}/close")
    refused = api.patch(f"{P}/{pk}", {"analysis": "Efteråt"})
    assert refused.status_code in (400, 409, 422)
    assert _reload(plan["period"]).analysis == TEXT


def test_analysis_in_the_pdf_and_word_files(plan, strategist, access_of):
    import io

    from docx import Document
    from pypdf import PdfReader

    from malbild.reports import render

    services.period_analysis_update(
        access=access_of(strategist), period=plan["period"], analysis=TEXT
    )
    report = build_report(selectors.period_data(period=_reload(plan["period"])))
    html = render.render_html(report, print_version=False)
    assert "<strong>upphandlingen</strong>" in html and "<li>E-tjänster ökade</li>" in html
    pages = PdfReader(io.BytesIO(render.render_pdf(report))).pages
    pdf = "\n".join(p.extract_text() for p in pages)
    assert "Analys och slutsatser" in pdf and "upphandlingen" in pdf and "Bredband dröjer" in pdf
    doc = Document(io.BytesIO(render.render_docx(report)))
    texts = [p.text for p in doc.paragraphs]
    assert "Analys och slutsatser" in texts
    assert any("upphandlingen" in t for t in texts) and "Bredband dröjer" in texts
