"""Benefit calculations frozen with the plan's version: the snapshot keeps each calculation
under its activity (horizon, rate, alternatives, lines, amounts and the results computed at
freezing) and later edits do not change it; the version's content shows it in Swedish (no
codes) and the plan export has a chapter with the frozen figures."""

from decimal import Decimal

import pytest

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.benefits import services
from malbild.benefits.tests.factories import build_calculation
from malbild.reports.cells import as_text
from malbild.strategy import exports
from malbild.strategy.services import version_freeze
from malbild.strategy.snapshot import render, upgrade
from malbild.strategy.snapshot.schema import validate
from malbild.strategy.tests.factories import DocumentFactory


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org),
        responsible_body=body,
        title="E-arkiv",
        number="1.1",
        start_year=2025,
    )


def _items(snapshot, type_):
    return [i for i in upgrade(snapshot)["items"] if i["type"] == type_]


def test_freezing_keeps_the_calculation_and_its_results(activity, strategist, access_of):
    access = access_of(strategist)
    calculation = build_calculation(access, activity, lines=2)
    version = version_freeze(access=access, document=activity.document)
    validate(version.snapshot)
    (item,) = _items(version.snapshot, "benefit_calculation")
    assert item["parent"] == str(activity.uid)
    fields = item["fields"]
    assert (fields["first_year"], fields["years"], fields["discount_rate"]) == (2025, 3, "10.00")
    assert fields["results"]["incremental_npv"] == "140.9090909091"
    assert fields["results"]["payback_year"] == 2026
    zero, option = _items(version.snapshot, "benefit_alternative")
    assert zero["fields"]["is_zero"] and option["fields"]["is_chosen"]
    assert zero["parent"] == option["parent"] == item["uid"]
    assert zero["fields"]["npv"] == "-136.7768595041"
    lines = _items(version.snapshot, "benefit_line")
    benefit = next(line for line in lines if line["label"] == "Tidsbesparing 1")
    assert benefit["parent"] == option["uid"]
    assert benefit["fields"]["amounts"] == {"2026": "60.00", "2027": "60.00"}
    assert "party_name" not in benefit["fields"]  # empty texts are left out

    # A later edit changes the working copy, not the frozen version.
    services.calculation_update(
        access=access, calculation=calculation, data={"discount_rate": Decimal("3")}
    )
    version.refresh_from_db()
    assert _items(version.snapshot, "benefit_calculation")[0]["fields"]["discount_rate"] == "10.00"


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n["children"])


def test_the_version_content_shows_it_in_swedish(activity, strategist, access_of):
    access = access_of(strategist)
    build_calculation(access, activity, lines=2)
    version = version_freeze(access=access, document=activity.document)
    nodes = list(_walk(render.tree(version.snapshot)))
    calc = next(n for n in nodes if n["type"] == "benefit_calculation")
    assert calc["type_name"] == "Nyttoberäkning"
    text = {f["label"]: f["value"] for f in calc["fields"]}
    assert text["resultat"] == (
        "Valt alternativ: Alternativ 1; Nettonuvärde jämfört med nollalternativet: 141\u00a0kr; "
        "Återbetalningsår: 2026; Nytto-/kostnadskvot: 1,04"
    )
    assert [c["label"] for c in calc["children"]] == ["Nollalternativ", "Alternativ 1"]
    line = next(n for n in nodes if n["label"] == "Tidsbesparing 1")
    values = {f["label"]: f["value"] for f in line["fields"]}
    assert values["kostnad eller nytta"] == "Nytta"
    assert values["bärs av eller kommer till del för"] == "Invånare"
    assert values["säkerhet"] == "Gul (ganska säker)"
    assert values["belopp per år"] == "2026 60\u00a0kr, 2027 60\u00a0kr"


def test_the_plan_export_has_the_frozen_figures(activity, strategist, access_of):
    access = access_of(strategist)
    build_calculation(access, activity, lines=2)
    version = version_freeze(access=access, document=activity.document)
    report = exports.plan_report(document=activity.document, version=version)
    table = next(t for t in report["tables"] if t["key"] == "benefit-calculations")
    assert [as_text(c) if not isinstance(c, str) else c for c in table["rows"][0]] == [
        "1.1 E-arkiv",
        "2025–2027",
        "10 %",
        "Alternativ 1",
        "141\u00a0kr",
        "2026",
        "1,04",
    ]
    section = next(s for s in report["sections"] if s["id"] == "benefit-calculations")
    assert section["heading"] == "Nyttoberäkningar"
