"""The follow-up API's typed answers: each JSON answer is exactly what the data builders give
(the typing changes only the documented schema) and validates against its OpenAPI response
schema, for an open period and for a closed one with amendments; and no operation of the
whole document answers a bare open object except the few documented as open-ended."""

import json

import jsonschema_rs
import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from malbild.api.tests.helpers import ApiClient
from malbild.core.access import access_for
from malbild.followup import selectors, services
from malbild.followup.report import build_report, period_facts
from malbild.reports.cells import as_text

P = "/organisations/alingsas/followup/periods"

#: Operations whose whole answer is still an open object, and why (none since #8 typed the
#: consultation summary and the submitted comments).
OPEN_ENDED: set = set()


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@pytest.fixture
def openapi():
    return Client().get("/api/v1/openapi.json").json()


def _validator(openapi, method: str, path: str, status: str = "200"):
    content = openapi["paths"]["/api/v1" + path][method]["responses"][status]["content"]
    schema = content["application/json"]["schema"]
    return jsonschema_rs.validator_for({**schema, "components": openapi["components"]})


def _check(openapi, api, method: str, path: str, url: str, body=None):
    """The answer of `url`, after checking it is 200 and valid against its documented schema."""
    resp = api.get(url) if method == "get" else api.put(url, body)
    assert resp.status_code == 200, resp.content
    errors = [str(e) for e in _validator(openapi, method, path).iter_errors(resp.json())]
    assert errors == [], (path, errors[:3])
    return resp.json()


@pytest.fixture
def reported(plan, strategist, editor):
    """The plan's period with reported, approved and returned contributions, overrides and an
    answered self-assessment."""
    pk = plan["period"].pk
    ed, st = ApiClient(editor), ApiClient(strategist)
    line = plan["activity"].budget_lines.first()
    ed.put(
        f"{P}/{pk}/activities/{plan['activity'].pk}",
        {"status": "ongoing", "progress": 50, "outcomes": {str(line.pk): "1000"}, "submit": True},
    )
    st.post(f"{P}/{pk}/activities/{plan['activity'].pk}/review", {"action": "approve"})
    ed.put(
        f"{P}/{pk}/indicators/{plan['indicator'].pk}",
        {"value": "29.5", "measured_on": "2019-12-31", "submit": True},
    )
    st.post(
        f"{P}/{pk}/indicators/{plan['indicator'].pk}/review",
        {"action": "return", "comment": "Källa?"},
    )
    access = access_for(strategist, plan["period"].organisation)
    qs = services.question_set_create_from_template(access=access)
    services.period_update(access=access, period=plan["period"], data={"question_set": qs})
    q = qs.sections.first().questions.first()
    assert (
        st.put(f"{P}/{pk}/self-assessment", [{"question": q.pk, "answer": "partly"}]).status_code
        == 200
    )
    goal = f"{P}/{pk}/assessments/goals/{plan['goal'].pk}"
    assert st.put(goal, {"status": "at_risk", "reason": "Försenat"}).status_code == 200
    return plan


def _check_period(openapi, plan, strategist):
    st = ApiClient(strategist)
    period = plan["period"]
    period.refresh_from_db()
    pk = period.pk
    base = P.replace("alingsas", "{org}") + "/{pk}"
    data = _json(selectors.period_data(period=period))

    got = _check(openapi, st, "get", base + "/contributions", f"{P}/{pk}/contributions")
    assert got == {k: data[k] for k in ("activities", "indicators", "bodies")}

    got = _check(openapi, st, "get", base + "/assessments", f"{P}/{pk}/assessments")
    assert got["focus_areas"] == data["focus_areas"]
    assert got["key_figures"] == data["key_figures"]
    keys = ("id", "uid", "name", "value", "expected", "target", "computed_status", "status")
    assert got["indicators"] == [
        {**{k: i[k] for k in keys}, "override": i["override"]} for i in data["indicators"]
    ]

    got = _check(openapi, st, "get", base + "/self-assessment", f"{P}/{pk}/self-assessment")
    assert got == data["self_assessment"] and got["sections"][0]["summary"]["partly"] == 1

    got = _check(openapi, st, "get", base + "/report", f"{P}/{pk}/report")
    assert set(got.pop("files")) == {"pdf", "docx", "xlsx"}
    # The report as the files show it: cells as their text, the cover's facts by name.
    report_data = selectors.period_data(period=period)
    report = build_report(report_data)
    assert got == _json({**as_text(report), "cover": period_facts(report_data)})

    reminders = _check(openapi, st, "get", base + "/reminders", f"{P}/{pk}/reminders")
    for path, target, item in (
        ("/assessments/{indicator_id}", "indicator", plan["indicator"]),
        ("/assessments/goals/{goal_id}", "goal", plan["goal"]),
        ("/assessments/focus-areas/{focus_area_id}", "focus_area", plan["focus_area"]),
    ):
        url = f"{P}/{pk}" + path.split("{")[0] + str(item.pk)
        got = _check(openapi, st, "put", base + path, url, {"status": "off_track", "reason": "X"})
        assert got[target] == item.pk and got["status"] == "off_track"
    return data, reminders


def test_open_period_answers_match_their_schemas(reported, strategist, openapi):
    data, reminders = _check_period(openapi, reported, strategist)
    assert data["activities"][0]["submitted_at"] and "submitted_at" not in data["activities"][1]
    assert {r["body_id"] for r in reminders} == {reported["body"].pk, reported["other_body"].pk}
    assert reminders[0]["items"] and reminders[0]["mailto"].startswith("mailto:")


def test_closed_period_with_amendments_matches_its_schemas(reported, strategist, openapi):
    access = access_for(strategist, reported["period"].organisation)
    services.period_close(access=access, period=reported["period"])
    pk = reported["period"].pk
    url = f"{P}/{pk}/assessments/{reported['indicator'].pk}"
    amended = ApiClient(strategist).put(url, {"status": "at_risk", "reason": "Ny mätning"})
    assert amended.json()["amendment"] is not None
    _check_period(openapi, reported, strategist)
    data = _json(selectors.period_data(period=reported["period"]))
    indicator = data["indicators"][0]
    assert indicator["amendments"] and indicator["override"]["amended"] is True
    reminders = ApiClient(strategist).get(f"{P}/{pk}/reminders")
    assert reminders.json() == []


def _resolve(openapi, schema):
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _bare_object(openapi, schema) -> bool:
    """Whether the answer itself (or one of its alternatives, or its list's items) is an
    object without properties that takes anything."""
    schema = _resolve(openapi, schema)
    for alternative in schema.get("anyOf", []) + schema.get("oneOf", []):
        if _bare_object(openapi, alternative):
            return True
    if schema.get("type") == "array":
        return _bare_object(openapi, schema.get("items", {}))
    return (
        schema.get("type") == "object"
        and not schema.get("properties")
        and schema.get("additionalProperties", True) in (True, {})
    )


def test_no_operation_answers_a_bare_object(openapi):
    bare = set()
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if status.startswith("2") and schema and _bare_object(openapi, schema):
                    bare.add((method, path))
    assert bare == OPEN_ENDED
