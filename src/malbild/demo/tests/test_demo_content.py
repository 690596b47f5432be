"""The demo data `malbild demo` loads: Alingsås (bodies, the vision and its action plan with
eleven focus areas, indicators, the culture committee's activities in their seed statuses, the
e-archive, budget lines, catalogue links, the decisions of 001) and Kristianstad (the digital
agenda with its chapters, nine focus areas and the 95 % broadband target for 2020), audited
per demo account, with accounts that log in with the demo password."""

import datetime
from decimal import Decimal

import pytest

from malbild.accounts.models import User
from malbild.actionplan.models import Activity, BudgetLine
from malbild.catalogue.models import CatalogueItem
from malbild.core.access import access_for
from malbild.core.models import AuditEntry
from malbild.demo import ACCOUNTS, PASSWORD
from malbild.organisation.models import Body, Organisation
from malbild.strategy.models import (
    Decision,
    Indicator,
    OverallGoal,
    SteeringDocument,
)

PLAN = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
VISION = "Digital målbild för Alingsås kommun – öppen och smart"
AGENDA = "Kristianstad e-kommun 2020"


@pytest.fixture(scope="module")
def demo(demo_snapshots):
    """The foundation demo (`--no-extensions`) for this module, its output yielded; each test
    runs in its own savepoint within it (the `db` fixture). See conftest.py."""
    with demo_snapshots.loaded("--no-extensions") as output:
        yield output


@pytest.fixture
def alingsas(demo, db):
    return Organisation.objects.get(slug="alingsas")


@pytest.fixture
def kristianstad(demo, db):
    return Organisation.objects.get(slug="kristianstad")


def test_alingsas_organisation_and_bodies(alingsas):
    assert (alingsas.name, alingsas.kolada_id, alingsas.population) == (
        "Alingsås kommun",
        "1489",
        42000,
    )
    bodies = {
        b.name: b for b in Body.objects.filter(organisation=alingsas).select_related("parent")
    }
    assert len(bodies) == 22
    expected = {
        "Kommunfullmäktige": ("KF", "council", None),
        "Kommunstyrelsen": ("KS", "executive_board", None),
        "Kommunstyrelsens arbetsutskott": ("KSAU", "working_committee", "Kommunstyrelsen"),
        "Kommunledningskontoret": (None, "administration", "Kommunstyrelsen"),
        "Digitala enheten": (None, "administration", "Kommunledningskontoret"),
        "Kultur- och fritidsnämnden": ("KFN", "committee", None),
        "Kultur- och fritidsförvaltningen": (None, "administration", "Kultur- och fritidsnämnden"),
        "Miljöskyddsnämnden": ("MN", "committee", None),
        "Miljöskyddskontoret": (None, "administration", "Miljöskyddsnämnden"),
        "Samhällsbyggnadskontoret": (None, "administration", "Kommunstyrelsen"),
        "Tekniska förvaltningen": (None, "administration", "Kommunstyrelsen"),
        "FABS AB": (None, "company", None),
        "Alingsåshem AB": (None, "company", None),
        "Alingsås Energi AB": (None, "company", None),
        "Alingsås och Vårgårda Räddningstjänstförbund": (None, "association", None),
        "Föreningen Sambruk": (None, "external", None),
        "Kommunnätverket Kivos": (None, "external", None),
        "Internetstiftelsen i Sverige": (None, "external", None),
    }
    for name, (short_name, kind, parent) in expected.items():
        body = bodies[name]
        assert body.kind == kind, name
        assert (body.parent.name if body.parent else None) == parent, name
        if short_name:
            assert body.short_name == short_name, name
    committees = {n for n, b in bodies.items() if b.kind == "committee"}
    assert {
        "Barn- och ungdomsnämnden",
        "Vård- och äldreomsorgsnämnden",
        "Socialnämnden",
        "Byggnadsnämnden",
        "Kultur- och fritidsnämnden",
        "Miljöskyddsnämnden",
    } <= committees


def test_alingsas_documents_focus_areas_and_indicators(alingsas):
    vision = SteeringDocument.objects.get(organisation=alingsas, title=VISION)
    plan = SteeringDocument.objects.get(organisation=alingsas, title=PLAN)
    assert (vision.kind, vision.owning_body.short_name) == ("vision", "KF")
    assert plan.kind == "action_plan"
    assert plan.parent == vision
    assert (plan.period_start, plan.period_end) == (2018, 2020)
    assert plan.owning_body.short_name == "KS"
    assert plan.process_owner == "Kommundirektören"
    assert plan.registry_number == "2017.676 KS"
    assert plan.status == "draft"
    assert vision.sections.count() >= 2
    assert plan.sections.filter(body__contains="minst årligen").exists()

    areas = list(plan.focus_areas.order_by("order"))
    assert [a.number for a in areas] == [str(n) for n in range(1, 12)]
    assert all(a.goals.exists() for a in areas)
    # Focus areas of the plan serve the vision's overall goals.
    assert set(
        OverallGoal.objects.filter(focus_areas__document=plan).values_list("document", flat=True)
    ) == {vision.pk}

    count = Indicator.objects.get(document=plan, name="Antal e-tjänster")
    assert (count.measure_type, count.kind) == ("count", "quantitative")
    beside = Indicator.objects.filter(document=plan, focus_areas__indicators=count).exclude(
        pk=count.pk
    )
    assert {"usage", "satisfaction"} <= set(beside.values_list("measure_type", flat=True))
    assert Indicator.objects.filter(document=plan, kind="qualitative").exists()
    lending = Indicator.objects.get(document=plan, name="Antal e-lån per år")
    assert (lending.source, lending.eservice.name) == ("eservice", "E-lån av e-böcker")
    assert lending.responsible_body.short_name == "KFN"


def test_alingsas_activities_in_their_seed_statuses(alingsas):
    plan = SteeringDocument.objects.get(organisation=alingsas, title=PLAN)
    culture = Activity.objects.filter(document=plan, responsible_body__short_name="KFN")
    by_status = {s: culture.filter(status=s).count() for s in ("planned", "ongoing", "done")}
    assert by_status == {"planned": 4, "ongoing": 9, "done": 2}
    statuses = dict(culture.values_list("title", "status"))
    assert statuses["Meröppet biblioteket med hjälp av en digital lösning"] == "ongoing"
    assert statuses["Mobilanpassad hemsida Kulturhuset"] == "done"
    assert statuses["Delta i Regeringens digitala kompetenslyft"] == "planned"
    assert (
        statuses["Digitalt biljettköp från Kulturhusets hemsida via mobil och surfplatta"]
        == "ongoing"
    )
    assert Activity.objects.filter(document=plan).count() == 25

    koha = Activity.objects.get(document=plan, title="Biblioteksdatasystemet Koha")
    system = koha.catalogue_items.get()
    assert (system.kind, system.name) == ("it_system", "Koha")
    assert system.system_owner and system.system_manager
    assert system.owning_body.name == "Kultur- och fritidsförvaltningen"
    e_services = CatalogueItem.objects.filter(organisation=alingsas, kind="e_service")
    assert {"E-lån av e-böcker", "Digitalt biljettköp Kulturhuset"} <= set(
        e_services.values_list("name", flat=True)
    )

    archive = Activity.objects.get(document=plan, title="E-arkiv")
    assert archive.responsible_body.name == "Kommunledningskontoret"
    assert archive.budget_lines.filter(kind="investment").exists()

    lines = BudgetLine.objects.filter(activity__document=plan)
    assert set(lines.values_list("kind", flat=True)) == {"operating", "investment"}
    heritage = lines.filter(activity__title__startswith="Digitalisering av det lokala kulturarvet")
    assert set(heritage.values_list("financing_source", flat=True)) == {"Innovationsfonden"}
    assert all(line.amount > 0 for line in lines)


def test_alingsas_decisions_from_001(alingsas):
    decisions = {
        (d.body.short_name, d.date, d.paragraph): d
        for d in Decision.objects.filter(organisation=alingsas).select_related("body")
    }
    assert set(decisions) == {
        ("KF", datetime.date(2015, 11, 25), "180"),
        ("KF", datetime.date(2017, 12, 13), "251"),
        ("KSAU", datetime.date(2018, 2, 28), "8"),
        ("KSAU", datetime.date(2018, 4, 25), "53"),
    }
    consultation = decisions[("KSAU", datetime.date(2018, 2, 28), "8")]
    assert consultation.kind == "consultation"
    assert consultation.document.title == PLAN
    assert consultation.registry_number == "2017.676 KS"
    sent_to = consultation.distribution.all()
    kinds = {}
    for body in sent_to:
        kinds.setdefault(body.kind, set()).add(body.name)
    assert kinds["committee"] == set(
        Body.objects.filter(organisation=alingsas, kind="committee").values_list("name", flat=True)
    )
    assert kinds["company"] == {"FABS AB", "Alingsåshem AB", "Alingsås Energi AB"}
    assert kinds["association"] == {"Alingsås och Vårgårda Räddningstjänstförbund"}
    assert kinds["external"] == {
        "Föreningen Sambruk",
        "Kommunnätverket Kivos",
        "Internetstiftelsen i Sverige",
    }
    extension = decisions[("KSAU", datetime.date(2018, 4, 25), "53")]
    assert extension.kind == "extension"
    assert "27 juli 2018" in extension.text


def test_kristianstad_agenda(kristianstad):
    assert (kristianstad.name, kristianstad.kolada_id, kristianstad.population) == (
        "Kristianstads kommun",
        "1290",
        86000,
    )
    names = set(Body.objects.filter(organisation=kristianstad).values_list("name", flat=True))
    assert {
        "Kommunfullmäktige",
        "Kommunstyrelsen",
        "Strategiska IT-rådet",
        "Strategiska ledningsgruppen",
        "Kommundirektören",
        "E-utvecklingsgruppen",
    } <= names
    agenda = SteeringDocument.objects.get(organisation=kristianstad, title=AGENDA)
    assert (agenda.kind, agenda.period_start, agenda.period_end) == ("digital_agenda", 2015, 2020)
    assert agenda.status == "adopted"
    assert agenda.versions.count() == 1
    headings = list(agenda.sections.order_by("order").values_list("heading", flat=True))
    for word in ("Sammanfattning", "Uppdraget", "Omvärld", "Syfte", "Organisation", "Resurser"):
        assert any(word in h for h in headings), word
    assert any(h.startswith("8 Uppföljning och utvärdering") for h in headings)
    assert agenda.overall_goals.count() == 2
    areas = list(agenda.focus_areas.order_by("order"))
    assert [a.number for a in areas] == [f"5.{n}" for n in range(1, 10)]
    assert areas[8].title == "Digital infrastruktur"
    assert all(a.goal_text and a.description for a in areas)
    assert all(a.indicators.exists() for a in areas)

    broadband = Indicator.objects.get(
        document=agenda,
        name="Andel hushåll med möjlighet att ansluta sig till bredband om minst 100 Mbit/s",
    )
    assert (broadband.unit, broadband.direction, broadband.kind) == (
        "%",
        "increase",
        "quantitative",
    )
    assert broadband.baseline_value is not None and broadband.baseline_year < 2020
    target = broadband.targets.get(year=2020)
    assert target.value == Decimal("95")
    benefit = Indicator.objects.get(
        document=agenda, name="Nyttoberäkningar för större investeringar"
    )
    assert benefit.kind == "qualitative"
    assert "Nyttoberäkningar ska finnas för alla större investeringar" in benefit.definition

    decision = Decision.objects.get(organisation=kristianstad)
    assert (decision.date, decision.paragraph, decision.document) == (
        datetime.date(2014, 4, 16),
        "93",
        agenda,
    )


def test_every_row_is_audited_by_a_demo_account(alingsas):
    """Loaded through the services: one create entry per row, attributed to a demo account."""
    activities = Activity.objects.filter(organisation=alingsas)
    entries = AuditEntry.objects.filter(
        organisation=alingsas, model="actionplan.activity", action="create"
    )
    assert entries.count() == activities.count()
    editor_entries = entries.filter(actor__username="alingsas-redaktor")
    assert editor_entries.count() == activities.filter(responsible_body__short_name="KFN").count()
    assert (
        AuditEntry.objects.filter(
            organisation=alingsas, model="organisation.body", action="create"
        ).count()
        == Body.objects.filter(organisation=alingsas).count()
    )
    assert (
        not AuditEntry.objects.filter(organisation=alingsas, model="strategy.focusarea")
        .exclude(actor__username="alingsas-strateg")
        .exists()
    )


def test_accounts_log_in_with_the_demo_password_and_have_their_roles(demo, db, client):
    for username, _description in ACCOUNTS:
        assert client.login(username=username, password=PASSWORD), username
        client.logout()
        assert not client.login(username=username, password="wrong-password")
    alingsas = Organisation.objects.get(slug="alingsas")
    kristianstad = Organisation.objects.get(slug="kristianstad")
    admin = User.objects.get(username="demo-admin")
    assert access_for(admin, alingsas).is_admin and access_for(admin, kristianstad).is_admin
    editor = access_for(User.objects.get(username="alingsas-redaktor"), alingsas)
    assert set(
        Body.objects.filter(pk__in=editor.editor_body_ids).values_list("name", flat=True)
    ) == {
        "Kultur- och fritidsnämnden",
        "Kultur- och fritidsförvaltningen",
    }
    assert not editor.can_edit_documents
    reader = access_for(User.objects.get(username="alingsas-lasare"), alingsas)
    assert reader.can_read and not reader.can_edit_anything
    strateg = User.objects.get(username="kristianstad-strateg")
    assert access_for(strateg, kristianstad).can_edit_documents
    assert not access_for(strateg, alingsas).roles


def test_output_lists_the_accounts(demo, db):
    for username, description in ACCOUNTS:
        assert username in demo
        assert description in demo
    assert PASSWORD in demo
