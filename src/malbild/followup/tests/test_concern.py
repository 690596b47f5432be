"""The municipality-wide view (Hela kommunkoncernen): budget counted only in an activity's
primary focus area across a three-level tree (focus areas inherited from the nearest
ancestor that has them), only approved outcomes, every table summing to the grand total;
the filters; the same figures on the web page, in the API and in the XLSX download; tenancy,
reader access, no ids on the page, and a fixed number of queries."""

import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.followup.concern import ConcernFilters, concern_overview
from malbild.followup.models import BudgetOutcome
from malbild.followup.tests.factories import ActivityReportFactory, PeriodFactory
from malbild.strategy.constants import DocumentKind
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory

API = "/organisations/alingsas/followup/municipality-wide"


def login(client, user):
    user.refresh_from_db()
    client.force_login(user)


def page_url(**params) -> str:
    url = reverse("followup:concern", kwargs={"org": "alingsas"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def xlsx_url(**params) -> str:
    url = reverse("followup:concern-xlsx", kwargs={"org": "alingsas"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def activity(document, body, *, areas=(), primary=None, status="planned", lines=(), **kw):
    kw.setdefault("end_year", 2020)
    act = ActivityFactory(
        document=document, responsible_body=body, status=status, start_year=2019, **kw
    )
    act.focus_areas.set(areas)
    if primary is not None or areas:
        act.primary_focus_area = primary or areas[0]
        act.save(update_fields=["primary_focus_area"])
    made = [
        BudgetLineFactory(activity=act, year=year, kind=kind, amount=amount)
        for year, kind, amount in lines
    ]
    return act, made


def outcome(line, spent, *, state="approved", year=2019):
    doc = line.activity.document
    period = doc.followup_periods.filter(start__year=year).first() or PeriodFactory(
        document=doc,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        deadline=datetime.date(year + 1, 1, 31),
    )
    report = ActivityReportFactory(period=period, activity=line.activity, state=state)
    return BudgetOutcome.objects.create(
        organisation=line.organisation, report=report, budget_line=line, spent=spent
    )


@pytest.fixture
def tree(org, body, other_body):
    """Vision → action plan (no focus areas of its own) → committee plan (its own area), and
    a second top-level document outside the vision's tree."""
    vision = DocumentFactory(organisation=org, kind=DocumentKind.VISION, title="Digital målbild")
    fa1 = FocusAreaFactory(document=vision, order=0, number="1", title="Digitala tjänster")
    fa2 = FocusAreaFactory(document=vision, order=1, number="2", title="Effektiv förvaltning")
    plan = DocumentFactory(organisation=org, parent=vision, title="Handlingsplan KS")
    committee = DocumentFactory(
        organisation=org, parent=plan, kind=DocumentKind.SUB_PLAN, title="Kulturnämndens plan"
    )
    fc1 = FocusAreaFactory(document=committee, order=0, number="K1", title="Öppet bibliotek")
    third = BodyFactory(organisation=org, name="Kommunstyrelsen")
    a0, _l0 = activity(vision, third, areas=[fa1], lines=[(2019, "operating", 10000)])
    # Serves both areas of the vision; its budget counts only in the primary one, fa2.
    a1, (l1a, l1b) = activity(
        plan,
        body,
        areas=[fa1, fa2],
        primary=fa2,
        status="ongoing",
        lines=[(2019, "operating", 100000), (2020, "investment", 50000)],
    )
    a2, (l2,) = activity(plan, other_body, lines=[(2020, "operating", 20000)])
    a3, (l3,) = activity(
        committee,
        body,
        areas=[fc1],
        status="done",
        end_year=2019,
        lines=[(2019, "operating", 30000)],
    )
    a4, _l4 = activity(
        committee, other_body, areas=[fa1], end_year=2019, lines=[(2020, "investment", 5000)]
    )
    outcome(l1a, Decimal("40000"))
    outcome(l1b, Decimal("9999"), state="submitted", year=2020)  # not approved: not counted
    outcome(l3, Decimal("30000"))
    other_root = DocumentFactory(organisation=org, title="Skolans digitala agenda")
    a5, _l5 = activity(other_root, third, lines=[(2019, "operating", 7000)])
    return {
        "vision": vision,
        "plan": plan,
        "committee": committee,
        "other_root": other_root,
        "fa1": fa1,
        "fa2": fa2,
        "fc1": fc1,
        "acts": [a0, a1, a2, a3, a4, a5],
        "third": third,
    }


def by_label(rows):
    return {r["label"] or "unlinked": r for r in rows}


def assert_sums(data):
    """Every table sums to the grand total: activities, budget, outcome, per year."""
    total = data["total"]
    for key in ("focus_areas", "bodies", "documents", "statuses"):
        rows = data[key]
        assert sum(r["activities"] for r in rows) == total["activities"], key
        assert sum(r["budget"] for r in rows) == total["budget"], key
        assert sum(r["outcome"] for r in rows) == total["outcome"], key
        for i, year in enumerate(total["years"]):
            assert sum(r["years"][i]["budget"] for r in rows) == year["budget"], key
            assert sum(r["years"][i]["outcome"] for r in rows) == year["outcome"], key
    assert sum(r["budget"] for r in data["per_year"]) == total["budget"]
    assert sum(r["outcome"] for r in data["per_year"]) == total["outcome"]
    assert sum(y["budget"] for y in total["years"]) == total["budget"]
    assert total["own"] + total["descendants"] == total["activities"]


def test_budget_counts_once_in_the_primary_area_across_three_levels(tree, access_of, reader):
    data = concern_overview(
        access=access_of(reader), filters=ConcernFilters(document=tree["vision"])
    )
    assert_sums(data)
    total = data["total"]
    assert total["activities"] == 5
    assert total["budget"] == Decimal("215000")
    assert total["outcome"] == Decimal("70000")  # the submitted 9 999 is not approved
    assert (total["own"], total["descendants"]) == (1, 4)
    rows = by_label(data["focus_areas"])
    assert list(rows) == [
        "1 Digitala tjänster",
        "2 Effektiv förvaltning",
        "K1 Öppet bibliotek",
        "unlinked",
    ]
    fa1, fa2 = rows["1 Digitala tjänster"], rows["2 Effektiv förvaltning"]
    assert (fa1["activities"], fa1["budget"]) == (2, Decimal("15000"))
    assert [a.title for a in fa1["also_serves"]] == [tree["acts"][1].title]
    assert (fa2["activities"], fa2["budget"], fa2["outcome"]) == (1, 150000, 40000)
    assert fa2["also_serves"] == []
    assert fa1["detail"] == "Digital målbild"  # inherited by the action plan from the vision
    assert rows["unlinked"]["budget"] == Decimal("20000")
    years = {r["item"]: r for r in data["per_year"]}
    assert (years[2019]["budget"], years[2019]["outcome"]) == (140000, 70000)
    assert (years[2020]["budget"], years[2020]["outcome"]) == (75000, 0)
    assert years[2020]["by_kind"]["investment"]["budget"] == Decimal("55000")
    bodies = by_label(data["bodies"])
    assert bodies["Kultur- och fritidsnämnden"]["budget"] == Decimal("180000")
    assert bodies["Miljöskyddsnämnden"]["budget"] == Decimal("25000")
    docs = [(r["label"], r["depth"], r["activities"]) for r in data["documents"]]
    assert docs == [
        ("Digital målbild", 0, 1),
        ("Handlingsplan KS", 1, 2),
        ("Kulturnämndens plan", 2, 2),
    ]
    statuses = {r["item"].value: r for r in data["statuses"]}
    assert statuses["ongoing"]["descendants"] == 1 and statuses["planned"]["activities"] == 3


def test_whole_group_and_filters(tree, access_of, reader, body):
    access = access_of(reader)
    whole = concern_overview(access=access)
    assert_sums(whole)
    assert whole["total"]["activities"] == 6 and whole["total"]["budget"] == Decimal("222000")
    assert whole["total"]["own"] == 2  # the vision's and the other top-level document's

    plan = concern_overview(access=access, filters=ConcernFilters(document=tree["plan"]))
    assert_sums(plan)
    assert plan["total"]["activities"] == 4 and plan["total"]["own"] == 2
    assert "1 Digitala tjänster" in by_label(plan["focus_areas"])  # inherited from the vision

    kfn = concern_overview(access=access, filters=ConcernFilters(body=body))
    assert_sums(kfn)
    assert kfn["total"]["budget"] == Decimal("180000")
    assert [r["label"] for r in kfn["bodies"]] == ["Kultur- och fritidsnämnden"]

    y2020 = concern_overview(access=access, filters=ConcernFilters(year=2020))
    assert_sums(y2020)
    assert y2020["years"] == [2020]
    # a4 ended in 2019 but has budget in 2020: it is kept, with only the 2020 money.
    assert y2020["total"]["budget"] == Decimal("75000") and y2020["total"]["activities"] == 6 - 1

    served = concern_overview(access=access, filters=ConcernFilters(focus_area=tree["fa1"]))
    assert_sums(served)
    assert served["total"]["activities"] == 3  # a0, a4 (primary) and a1 (also serves)
    assert by_label(served["focus_areas"])["2 Effektiv förvaltning"]["budget"] == 150000

    done = concern_overview(access=access, filters=ConcernFilters(status="done"))
    assert done["total"]["activities"] == 1 and done["total"]["outcome"] == Decimal("30000")


class TableParser(HTMLParser):
    """The text of every cell of each table, by the table's id; and the page's visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.texts: list[str] = []
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def number(text: str) -> Decimal:
    return Decimal(text.replace("\xa0", "").replace(" ", "").replace(",", "."))


def test_page_api_and_xlsx_show_the_same_numbers(client, tree, reader):
    login(client, reader)
    params = {"document": tree["vision"].pk}
    html = client.get(page_url(**params)).content.decode()
    parser = TableParser()
    parser.feed(html)
    page = parser.tables["concern-focus-areas"]
    header, *rows, total_row = page
    assert header[4:6] == ["Budget 2019", "Utfall 2019"]
    assert header[6:8] == ["Budget 2020", "Utfall 2020"]
    assert rows[-1][0] == "Ej kopplat till något insatsområde"
    api = ApiClient(reader, language="sv").get(API, document=str(tree["vision"].uid)).json()
    book = openpyxl.load_workbook(io.BytesIO(client.get(xlsx_url(**params)).content))
    sheet = book["Insatsområden"]
    assert [c.value for c in sheet[1]][4:8] == [
        "Budget 2019",
        "Utfall 2019",
        "Budget 2020",
        "Utfall 2020",
    ]
    xlsx_rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(xlsx_rows) == len(rows) + 1 == len(api["focus_areas"]) + 1
    for page_row, xlsx_row, api_row in zip(rows, xlsx_rows, api["focus_areas"], strict=False):
        assert page_row[0] == xlsx_row[0] == api_row["label"]
        assert number(page_row[2]) == xlsx_row[2] == api_row["activities"]
        amounts = [y[k] for y in api_row["years"] for k in ("budget", "outcome")]
        amounts += [api_row["budget"], api_row["outcome"]]
        assert [number(t) for t in page_row[4:]] == [Decimal(str(v)) for v in xlsx_row[4:]]
        assert [Decimal(a) for a in amounts] == [Decimal(str(v)) for v in xlsx_row[4:]]
    assert number(total_row[-2]) == xlsx_rows[-1][-2] == Decimal(api["total"]["budget"]) == 215000
    assert number(total_row[-1]) == xlsx_rows[-1][-1] == Decimal(api["total"]["outcome"]) == 70000
    # The bodies and the per-year tables agree too.
    bodies = parser.tables["concern-bodies"]
    assert (
        number(bodies[-1][-2])
        == book["Per ansvarig"].cell(row=len(bodies), column=len(bodies[0]) - 1).value
    )
    years = parser.tables["concern-years"]
    assert [number(r[3]) for r in years[1:]] == [140000, 75000, 215000]
    assert [Decimal(r["budget"]) for r in api["per_year"]] == [140000, 75000]


def test_xlsx_is_typed_frozen_filtered_and_safe(client, tree, reader, body):
    tree["acts"][1].title = '=HYPERLINK("http://evil")\x07'
    tree["acts"][1].save(update_fields=["title"])
    body.name = "+Kultur\x01nämnden"
    body.save(update_fields=["name"])
    login(client, reader)
    resp = client.get(xlsx_url(document=tree["vision"].pk))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert resp["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(resp.content))
    names = book.sheetnames
    assert names == [
        "Urval",
        "Insatsområden",
        "Per ansvarig",
        "Per år",
        "Åtgärder per status",
        "Dokument och nivåer",
    ]
    assert all(len(n) <= 31 for n in names)
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert int(re.search(r"\d+$", ws.auto_filter.ref).group()) == ws.max_row - 1
    fa = book["Insatsområden"]
    budget = fa.cell(row=2, column=5)
    assert budget.data_type == "n" and budget.number_format == "#,##0"
    assert fa.cell(row=2, column=3).data_type == "n"
    also = fa.cell(row=2, column=4)  # the multi-area activity, listed under area 1
    assert also.data_type == "s" and also.quotePrefix
    assert also.value == '=HYPERLINK("http://evil")'
    bodies = book["Per ansvarig"]
    cells = [bodies.cell(row=r, column=1) for r in range(2, bodies.max_row)]
    evil = next(c for c in cells if "Kultur" in c.value)
    assert evil.value == "+Kulturnämnden" and evil.quotePrefix and evil.data_type == "s"
    years = book["Per år"]
    assert years.cell(row=2, column=1).value == 2019
    # The selection sheet's counts are numbers too; the organisation is the file's creator.
    for row in book["Urval"].iter_rows(min_row=3, min_col=2, max_col=2):
        value = row[0].value
        assert not (isinstance(value, str) and value.strip().isdigit()), value
    assert book.properties.creator == tree["vision"].organisation.name


def test_api_filters_validation_and_tenancy(tree, reader, outsider, other_org, body):
    api = ApiClient(reader)
    whole = api.get(API).json()
    assert whole["total"]["activities"] == 6 and whole["scope"]["document"] is None
    plan = api.get(API, document=tree["plan"].pk, year=2019).json()
    assert plan["years"] == [2019] and plan["scope"]["year"] == 2019
    assert Decimal(plan["total"]["budget"]) == Decimal("130000")
    kfn = api.get(API, body=body.pk, status="ongoing").json()
    assert kfn["total"]["activities"] == 1
    unlinked = api.get(API).json()["focus_areas"][-1]
    assert unlinked["id"] is None and unlinked["label"] == "Not linked to a focus area"
    bad = api.get(API, status="finished")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "status"
    foreign = DocumentFactory(organisation=other_org)
    assert api.get(API, document=foreign.pk).status_code == 404
    assert api.get(API, body=BodyFactory(organisation=other_org).pk).status_code == 404
    assert ApiClient(outsider).get(API).status_code == 404
    assert ApiClient().get(API).status_code == 401


def test_pages_for_readers_and_other_organisations(client, tree, reader, outsider):
    login(client, reader)
    resp = client.get(page_url())
    assert resp.status_code == 200
    assert client.get(xlsx_url()).status_code == 200
    # Reachable from the navigation and from the document page.
    follow_up = client.get(reverse("followup:period-list", kwargs={"org": "alingsas"}))
    assert f'href="{page_url()}"' in follow_up.content.decode()
    doc = client.get(
        reverse("strategy:document-detail", kwargs={"org": "alingsas", "pk": tree["plan"].pk})
    )
    assert f'href="{page_url(document=tree["plan"].pk)}"' in doc.content.decode()
    # An unknown choice is shown as an error and ignored; the page still answers.
    bad = client.get(page_url(document=999999, year="abc"))
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    login(client, outsider)
    assert client.get(page_url()).status_code == 404
    assert client.get(xlsx_url()).status_code == 404
    client.logout()
    assert client.get(page_url()).status_code == 302


def test_page_shows_no_ids_and_only_translated_labels(client, tree, reader):
    login(client, reader)
    html = client.get(page_url(document=tree["vision"].pk)).content.decode()
    parser = TableParser()
    parser.feed(html)
    text = " ".join(parser.texts)
    for obj in [*tree["acts"], tree["vision"], tree["fa1"], tree["third"]]:
        assert str(obj.uid) not in html
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", html)
    for code in ("operating", "investment", "ongoing", "planned", "None"):
        assert code not in text
    assert "Pågår" in text and "Hela kommunkoncernen" in html
    assert "Även kopplade åtgärder (räknas på annat insatsområde, inget belopp)" in text
    assert 'role="region"' in html and 'tabindex="0"' in html


def _grow(tree, n):
    for i in range(n):
        doc = DocumentFactory(organisation=tree["vision"].organisation, parent=tree["committee"])
        area = FocusAreaFactory(document=doc)
        body = BodyFactory(organisation=doc.organisation)
        act, (line,) = activity(
            doc, body, areas=[area, tree["fa1"]], lines=[(2021 + i, "operating", 1000)]
        )
        outcome(line, Decimal(500), year=2021 + i)


@pytest.mark.parametrize("kind", ["page", "xlsx", "api"])
def test_query_count_is_fixed(client, tree, strategist, kind):
    login(client, strategist)
    api = ApiClient(strategist)

    def fetch():
        if kind == "api":
            return api.get(API, document=tree["vision"].pk)
        url = page_url if kind == "page" else xlsx_url
        return client.get(url(document=tree["vision"].pk))

    fetch()  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as small:
        assert fetch().status_code == 200
    _grow(tree, 4)
    with CaptureQueriesContext(connection) as large:
        assert fetch().status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 20


def test_editor_of_another_body_reads_it_too(client, tree, org):
    editor = UserFactory(username="ed2", role="editor", organisation=org, bodies=[tree["third"]])
    login(client, editor)
    assert client.get(page_url()).status_code == 200
