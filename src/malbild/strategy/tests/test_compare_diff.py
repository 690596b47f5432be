"""Version comparison shows what changed within a text word by word (<del>/<ins> with hidden
"borttaget:"/"tillagt:" for screen readers, every text escaped) and a budget one line per
change in words ("2019 investering: 300 000 → 250 000 kr", added and removed lines); the
rows keep their plain before/after texts for the consultation summary."""

import pytest

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy import services
from malbild.strategy.snapshot import document_snapshot, render, snapshot_compare
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, SectionFactory

from .test_views_versions import login, url


def _plain(text: str) -> str:
    return text.replace("\xa0", " ")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Snabbt bredband till alla hushåll.", "Snabbt och säkert bredband till alla företag."),
        ("ett två tre", "ett tre"),
        ("", "ny text"),
        ("rad ett\nrad två", "rad ett\nrad tre\n\nstycke"),
        ("a  b", "a b"),
    ],
)
def test_word_diff_rebuilds_both_texts(before, after):
    segments = render.word_diff(before, after)
    assert "".join(t for k, t in segments if k != "added") == before
    assert "".join(t for k, t in segments if k != "removed") == after
    assert all(segments[i][0] != segments[i + 1][0] for i in range(len(segments) - 1))


def test_word_diff_marks_only_changed_words():
    segments = render.word_diff("Snabbt bredband till alla hushåll.", "Snabbt bredband alla.")
    assert segments == [
        ("equal", "Snabbt bredband "),
        ("removed", "till alla hushåll."),
        ("added", "alla."),
    ]
    segments = render.word_diff("Ett mål för alla i kommunen", "Ett mål för alla i regionen")
    assert segments == [
        ("equal", "Ett mål för alla i "),
        ("removed", "kommunen"),
        ("added", "regionen"),
    ]
    # Whitespace alone between two changed words joins them into one change.
    assert render.word_diff("a b c d", "a x y d") == [
        ("equal", "a "),
        ("removed", "b c"),
        ("added", "x y"),
        ("equal", " d"),
    ]


def test_diff_html_escapes_and_names_changes_for_screen_readers():
    old, new = render.diff_html("Rubrik <b>gammal</b>", "Rubrik <script>alert(1)</script>")
    assert "<script" not in new and "&lt;script&gt;alert(1)&lt;/script&gt;" in new
    assert "<b>" not in old and "&lt;b&gt;gammal&lt;/b&gt;" in old
    assert old.startswith("Rubrik ")
    assert '<del class="diff-del"><span class="visually-hidden">borttaget: </span>' in old
    assert '<ins class="diff-ins"><span class="visually-hidden">tillagt: </span>' in new
    assert "<ins" not in old and "<del" not in new


@pytest.fixture
def plan(org, body):
    doc = DocumentFactory(organisation=org, title="Handlingsplan")
    fa = FocusAreaFactory(document=doc, number="1", title="Bredband till alla")
    SectionFactory(document=doc, heading="Inledning", body="Kommunen ska bli digital.\n\nFort.")
    act = ActivityFactory(document=doc, responsible_body=body, title="Fiber")
    act.focus_areas.add(fa)
    BudgetLineFactory(activity=act, year=2019, kind="investment", amount=300000)
    BudgetLineFactory(activity=act, year=2020, kind="operating", amount=40000)
    return doc


def test_compare_page_shows_word_diff_and_budget_lines(
    client, reader, strategist, access_of, org, plan
):
    access = access_of(strategist)
    services.version_freeze(access=access, document=plan, label="Remiss")
    fa = plan.focus_areas.get()
    services.item_update(
        access=access, instance=fa, data={"title": "Bredband <script>alert(1)</script> alla"}
    )
    section = plan.sections.get()
    services.item_update(
        access=access, instance=section, data={"body": "Kommunen ska bli mer digital.\n\nFort."}
    )
    act = plan.activities.get()
    line = act.budget_lines.get(year=2019)
    line.amount = 250000
    line.save()
    act.budget_lines.get(year=2020).delete()
    BudgetLineFactory(activity=act, year=2021, kind="operating", amount=75000)

    login(client, reader)
    resp = client.get(url("version-compare", org, pk=plan.pk), {"a": "1", "b": "current"})
    assert resp.status_code == 200
    by_label = {c["label"]: c for c in resp.context["changes"]}
    budget_rows = [f for f in by_label["Fiber"]["fields"] if f["key"] == "budget"]
    assert [_plain(f["line"]) for f in budget_rows] == [
        "2019 investering: 300 000 → 250 000 kr",
        "2020 driftkostnad: 40 000 kr (borttagen rad)",
        "2021 driftkostnad: 75 000 kr (ny rad)",
    ]
    # The old keys stay, for the consultation summary's list of changed fields.
    assert [f["field"] for f in budget_rows] == [
        "budget 2019, Investering",
        "budget 2020, Driftkostnad",
        "budget 2021, Driftkostnad",
    ]
    assert [(f["before"], f["after"]) for f in budget_rows][0] == (
        "Investering 300000 kr",
        "Investering 250000 kr",
    )
    (title_row,) = [f for f in by_label["1 Bredband <script>alert(1)</script> alla"]["fields"]]
    assert title_row["after"] == "Bredband <script>alert(1)</script> alla"
    assert "tillagt:" in title_row["after_html"] and "till</del>" in title_row["before_html"]

    html = resp.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="visually-hidden">borttaget: </span>till</del>' in html
    assert 'class="visually-hidden">tillagt: </span>mer </ins>' in html
    assert _plain("2019 investering: 300 000 → 250 000 kr") in _plain(html)
    assert 'colspan="2"' in html and '<th scope="row">Budget</th>' in html


def test_comparison_of_added_item_has_no_word_diff(plan):
    before = document_snapshot(plan)
    SectionFactory(document=plan, heading="Ny del", body="Helt ny text.")
    shown = render.comparison(snapshot_compare(before, document_snapshot(plan)))
    (added,) = [c for c in shown["changes"] if c["change"] == "added"]
    assert added["fields"] and not any("before_html" in f for f in added["fields"])
