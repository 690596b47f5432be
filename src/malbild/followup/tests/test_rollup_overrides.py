"""Assessed statuses of goals and focus areas: a strategist overrides a roll-up with a written
reason (service, dashboard form, API); the computed roll-up stays and is shown beside it in
every report format; in a closed period the assessment is an audited amendment shown as such;
editors cannot assess, other organisations get 404 and rejected input changes nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from malbild.api.tests.helpers import ApiClient
from malbild.core.models import AuditEntry
from malbild.followup import report as builder
from malbild.followup import selectors, services
from malbild.followup.models import Amendment, StatusOverride
from malbild.reports import render
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory

from .test_views import login, url

REASON = "Bredbandsutbyggnaden är försenad av upphandlingen."
P = "/organisations/alingsas/followup/periods"


def assess(access, plan, target="focus_area", status="off_track", reason=REASON):
    item = plan["focus_area"] if target == "focus_area" else plan["goal"]
    return services.status_assess(
        access=access,
        period=plan["period"],
        target=target,
        item=item,
        status=status,
        reason=reason,
    )


def test_strategist_overrides_goal_and_focus_area(plan, strategist, access_of):
    st = access_of(strategist)
    before = selectors.period_data(period=plan["period"])
    computed = before["focus_areas"][0]["status"]
    assert computed == "at_risk"  # planned activities whose start year has passed
    assess(st, plan, "focus_area", "off_track")
    assess(st, plan, "goal", "on_track", "Arbetet har startat, rapporten kom sent.")
    fa = selectors.period_data(period=plan["period"])["focus_areas"][0]
    assert fa["status"] == "off_track" and fa["computed_status"] == computed
    assert fa["override"] == {"status": "off_track", "reason": REASON}
    goal = fa["goals"][0]
    assert goal["status"] == "on_track" and goal["computed_status"] == "at_risk"
    assert AuditEntry.objects.filter(model="followup.statusoverride", action="create").count() == 2
    # Changing and then removing the assessment.
    assess(st, plan, "focus_area", "on_track")
    assert StatusOverride.objects.get(focus_area=plan["focus_area"]).status == "on_track"
    assess(st, plan, "focus_area", "", "")
    fa = selectors.period_data(period=plan["period"])["focus_areas"][0]
    assert fa["override"] is None and fa["status"] == computed


def test_rejected_overrides_change_nothing(plan, strategist, editor, access_of, other_org):
    st = access_of(strategist)
    with pytest.raises(PermissionDenied):
        assess(access_of(editor), plan)
    with pytest.raises(ValidationError) as exc:
        assess(st, plan, reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        assess(st, plan, status="excellent")
    assert "status" in exc.value.message_dict
    other_doc = DocumentFactory(organisation=plan["document"].organisation)
    stray = GoalFactory(focus_area=FocusAreaFactory(document=other_doc))
    with pytest.raises(ValidationError):
        services.status_assess(
            access=st,
            period=plan["period"],
            target="goal",
            item=stray,
            status="on_track",
            reason="x",
        )
    foreign = FocusAreaFactory(document=DocumentFactory(organisation=other_org))
    with pytest.raises(Http404):  # another organisation's item is not found
        services.status_assess(
            access=st,
            period=plan["period"],
            target="focus_area",
            item=foreign,
            status="on_track",
            reason="x",
        )
    assert not StatusOverride.objects.exists()


def test_closed_period_assessment_is_an_amendment(plan, strategist, access_of):
    st = access_of(strategist)
    period = services.period_close(access=st, period=plan["period"])
    snapshot = dict(period.snapshot)
    with pytest.raises(ValidationError) as exc:
        services.status_assess(
            access=st, period=period, target="goal", item=plan["goal"], status="", reason="x"
        )
    assert "status" in exc.value.message_dict
    assert not Amendment.objects.exists()
    services.status_assess(
        access=st,
        period=period,
        target="goal",
        item=plan["goal"],
        status="off_track",
        reason=REASON,
    )
    amendment = Amendment.objects.get()
    assert (amendment.target, amendment.field, amendment.new_value) == (
        "goal",
        "override",
        "off_track",
    )
    assert AuditEntry.objects.filter(model="followup.amendment", action="create").exists()
    period.refresh_from_db()
    assert period.snapshot == snapshot  # the frozen data itself is untouched
    assert not StatusOverride.objects.exists()
    goal = selectors.period_data(period=period)["focus_areas"][0]["goals"][0]
    assert goal["status"] == "off_track" and goal["override"]["amended"] is True
    assert goal["amendments"][0]["reason"] == REASON
    with translation.override("en"):
        report = builder.build_report(selectors.period_data(period=period))
    text = " ".join(b.get("text", "") for s in report["sections"] for b in s["blocks"])
    assert "assessed after closing (amendment): " + REASON in text


def _report_text(period):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = builder.build_report(selectors.period_data(period=period))
    html = render.render_html(report)
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render.render_pdf(report))).pages)
    doc = Document(io.BytesIO(render.render_docx(report)))
    docx = " ".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    wb = load_workbook(io.BytesIO(render.render_xlsx(report)))
    xlsx = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    return {"html": html, "pdf": " ".join(pdf.split()), "docx": docx, "xlsx": xlsx}


def test_all_report_formats_show_override_beside_computed(plan, strategist, access_of):
    assess(access_of(strategist), plan, "focus_area", "off_track", "Försenad upphandling.")
    with translation.override("en"):
        texts = _report_text(plan["period"])
    expected = "Off track – assessed: Försenad upphandling. (computed: At risk)"
    for fmt, text in texts.items():
        assert expected in text.replace("\u00a0", " "), fmt


def test_dashboard_form_next_to_status(client, plan, strategist, reader, editor, outsider):
    login(client, reader)
    page = client.get(url("period-dashboard", plan)).content.decode()
    assert "/assessment/" not in page
    login(client, strategist)
    resp = client.get(url("period-dashboard", plan))
    html = resp.content.decode()
    fa_url = url("focus-area-override", plan, item=plan["focus_area"].pk)
    goal_url = url("goal-override", plan, item=plan["goal"].pk)
    assert f'action="{fa_url}"' in html and f'action="{goal_url}"' in html
    assert f'for="fa-{plan["focus_area"].uid}-status"' in html
    bad = client.post(fa_url, {"status": "off_track", "reason": ""})
    assert bad.status_code == 200 and "reason" in bad.context["form"].errors
    assert not StatusOverride.objects.exists()
    resp = client.post(goal_url, {"status": "on_track", "reason": "Saknar resurser"})
    assert resp.status_code == 302 and resp["Location"] == url("period-dashboard", plan)
    html = client.get(url("period-dashboard", plan)).content.decode()
    assert "Saknar resurser" in html
    login(client, editor)
    assert client.get(fa_url).status_code == 403
    assert client.post(fa_url, {"status": "on_track", "reason": "x"}).status_code == 403
    login(client, outsider)
    assert client.get(goal_url).status_code == 404
    assert StatusOverride.objects.count() == 1


def test_dashboard_override_in_closed_period_records_amendment(client, plan, strategist, access_of):
    services.period_close(access=access_of(strategist), period=plan["period"])
    login(client, strategist)
    fa_url = url("focus-area-override", plan, item=plan["focus_area"].pk)
    page = client.get(fa_url)
    assert page.status_code == 200 and "" not in dict(page.context["form"].fields["status"].choices)
    assert (
        client.post(fa_url, {"status": "at_risk", "reason": "Rättad bedömning"}).status_code == 302
    )
    assert Amendment.objects.get().target == "focus_area"
    detail = client.get(url("period-detail", plan)).content.decode()
    assert "Rättad bedömning" in detail
    assert f"<td>{plan['focus_area'].number} {plan['focus_area'].title}</td>" in detail


def test_api_overrides(plan, strategist, editor, outsider):
    pk = plan["period"].pk
    st = ApiClient(strategist)
    goal_path = f"{P}/{pk}/assessments/goals/{plan['goal'].pk}"
    fa_path = f"{P}/{pk}/assessments/focus-areas/{plan['focus_area'].pk}"
    assert (
        ApiClient(editor).put(goal_path, {"status": "on_track", "reason": "x"}).status_code == 403
    )
    bad = st.put(fa_path, {"status": "off_track", "reason": ""})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "reason"
    assert not StatusOverride.objects.exists()
    assert (
        ApiClient(outsider).put(fa_path, {"status": "on_track", "reason": "x"}).status_code == 404
    )
    resp = st.put(goal_path, {"status": "on_track", "reason": "Försenad rapport"})
    assert resp.status_code == 200 and resp.json()["amendment"] is None
    fa = st.get(f"{P}/{pk}/assessments").json()["focus_areas"][0]
    goal = fa["goals"][0]
    assert goal["status"] == "on_track" and goal["computed_status"] == "at_risk"
    assert st.post(f"{P}/{pk}/close").status_code == 200
    resp = st.put(fa_path, {"status": "off_track", "reason": "Efter stängning"})
    assert resp.status_code == 200 and resp.json()["amendment"] == Amendment.objects.get().pk
    fa = st.get(f"{P}/{pk}/assessments").json()["focus_areas"][0]
    assert fa["status"] == "off_track" and fa["override"]["amended"] is True
    assert st.get(f"/api/v1{P}/{pk}/report").status_code == 200
