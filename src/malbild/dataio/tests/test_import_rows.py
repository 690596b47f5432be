"""The preview's verdict on each row (new, changed field by field, unchanged, error with a
Swedish message naming row and column), what confirming writes (all rows or none), missing
bodies and focus areas created only when asked, Swedish numbers, and a stale preview refused."""

from decimal import Decimal

import pytest

from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.models import AuditEntry
from malbild.dataio import reader, services
from malbild.dataio.importer import plan_import
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, IndicatorTarget

from .conftest import xlsx

ACT = [
    "Nummer",
    "Titel",
    "Beskrivning",
    "Ansvarigt organ",
    "Fokusområden",
    "Mål",
    "Startår",
    "Slutår",
    "Status",
    "Prioritet",
]
BUD = ["Aktivitet", "År", "Typ", "Belopp", "Finansiering"]


def preview(access, document, sheets, **options):
    parsed = reader.read_file(xlsx(sheets), "plan.xlsx")
    return plan_import(access=access, document=document, parsed=parsed, **options)


def rows_by_label(plan):
    return {r.label: r for r in plan.rows}


def confirm(access, document, content, **options):
    imp = services.sheet_import_create(
        access=access, document=document, filename="plan.xlsx", content=content
    )
    if options:
        imp = services.sheet_import_replan(access=access, sheet_import=imp, **options)
    return services.sheet_import_confirm(
        access=access,
        sheet_import=imp,
        fingerprint=imp.preview["fingerprint"],
        create_bodies=imp.create_bodies,
        create_focus_areas=imp.create_focus_areas,
    )


def test_new_changed_and_unchanged_rows(plan, strategist, access_of, body):
    access = access_of(strategist)
    result = preview(
        access,
        plan,
        {
            "Aktiviteter": [
                ACT,
                [
                    "1.1",
                    "E-arkiv",
                    "Införa e-arkiv i hela kommunen",
                    body.name,
                    "1",
                    "1.2",
                    2024,
                    2025,
                    "Pågår",
                    "Hög",
                ],
                ["3.1", "Ny tjänst", "", body.name, "2", "", 2025, 2026, "Planerad", "Medel"],
            ]
        },
    )
    rows = rows_by_label(result)
    changed = rows["1.1 E-arkiv"]
    assert changed.state == "changed"
    assert {c[0]: (c[1], c[2]) for c in changed.changes} == {
        "Beskrivning": ("Införa e-arkiv", "Införa e-arkiv i hela kommunen"),
        "Status": ("Planerad", "Pågår"),
        "Prioritet": ("Medel", "Hög"),
    }
    assert rows["3.1 Ny tjänst"].state == "new"
    assert not result.has_errors


def test_an_unknown_body_is_an_error_in_swedish_naming_row_and_column(plan, strategist, access_of):
    access = access_of(strategist)
    result = preview(
        access,
        plan,
        {
            "Aktiviteter": [
                ACT,
                ["9.9", "Något", "", "Finns inte-nämnden", "", "", 2024, 2024, "", ""],
            ]
        },
    )
    assert result.rows[0].errors == [
        "Rad 2, kolumn Ansvarigt organ: det finns inget organ som heter ”Finns inte-nämnden”."
    ]
    assert result.missing_bodies == ["Finns inte-nämnden"]
    assert result.has_errors


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        ({"Titel": ""}, "Titel", "har ingen titel"),
        ({"Startår": "tjugotjugofyra"}, "Startår", "är inte ett år"),
        ({"Startår": 2026, "Slutår": 2024}, "Slutår", "slutåret kan inte"),
        ({"Status": "Kanske"}, "Status", "är inte ett av"),
        ({"Fokusområden": "7"}, "Fokusområden", "inget fokusområde med nummer ”7”"),
        ({"Mål": "1.9"}, "Mål", "inget mål med nummer ”1.9”"),
        ({"Status": "Planerad", "Nummer": "1.2"}, "Status", "kan inte gå från"),
    ],
)
def test_row_errors(plan, strategist, access_of, body, cells, column, fragment):
    values = dict(
        zip(ACT, ["9.9", "Något", "", body.name, "", "", 2024, 2024, "", ""], strict=True)
    )
    values.update(cells)
    plan_ = preview(access_of(strategist), plan, {"Aktiviteter": [ACT, [values[h] for h in ACT]]})
    errors = plan_.rows[0].errors
    assert errors and errors[0].startswith(f"Rad 2, kolumn {column}: "), errors
    assert fragment in errors[0], errors


def test_budget_rows_with_swedish_amounts(plan, strategist, access_of):
    access = access_of(strategist)
    content = xlsx(
        {
            "Budget": [
                BUD,
                ["1.1", 2024, "Driftkostnad", "1 250 000,50", ""],  # the same line: unchanged
                ["1.1", 2025, "Investering", "310\u00a0000", "Innovationsfonden"],  # changed amount
                ["1.2", 2025, "Driftkostnad", "1.250,75", "Bredbandsstöd"],  # new
                ["1.2", 2031, "Driftkostnad", "5", ""],  # outside the activity's years
                ["8.8", 2024, "Driftkostnad", "5", ""],  # no such activity
                ["1.2", 2024, "Driftkostnad", "-5", "Annat"],  # negative
            ]
        }
    )
    result = plan_import(access=access, document=plan, parsed=reader.read_file(content, "b.xlsx"))
    states = [(r.row, r.state if not r.errors else r.errors[0]) for r in result.rows]
    assert states[:3] == [(2, "unchanged"), (3, "changed"), (4, "new")]
    assert states[3][1].startswith("Rad 5, kolumn År: året 2031 ligger utanför")
    assert states[4][1].startswith("Rad 6, kolumn Aktivitet: det finns ingen aktivitet")
    assert states[5][1] == "Rad 7, kolumn Belopp: beloppet kan inte vara negativt."
    before = BudgetLine.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the preview has errors: confirming is refused
        confirm(access, plan, content)
    assert BudgetLine.objects.count() == before


def test_confirming_writes_every_row_and_reimport_changes_nothing(
    plan, strategist, access_of, body
):
    access = access_of(strategist)
    content = xlsx(
        {
            "Aktiviteter": [
                ACT,
                ["3.1", "Ny tjänst", "Text", body.name, "2", "", 2025, 2026, "Pågår", "Låg"],
            ],
            "Budget": [
                BUD,
                ["3.1", 2025, "Investering", "1 000,50", "Egen budget"],
                ["1.1", 2025, "Investering", 310000, "Innovationsfonden"],
            ],
            "Indikatorer": [
                ["Namn", "Enhet", "Mäter", "Utgångsvärde", "Utgångsår", "Målvärde 2026"],
                ["Andel hushåll med bredband", "%", "Andel / täckning", "61,5", 2023, "98"],
            ],
        }
    )
    imp = confirm(access, plan, content)
    assert imp.state == "done", imp.error
    assert imp.result == {"new": 2, "changed": 2, "unchanged": 0, "error": 0}
    new = Activity.objects.get(document=plan, number="3.1")
    assert new.status == "ongoing" and new.priority == "low"
    assert [fa.number for fa in new.focus_areas.all()] == ["2"]
    assert new.budget_lines.get().amount == Decimal("1000.50")
    assert BudgetLine.objects.get(financing_source="Innovationsfonden").amount == 310000
    assert IndicatorTarget.objects.get(year=2026).value == 98
    assert (
        AuditEntry.objects.filter(event="dataio.sheet_imported", object_id=str(plan.pk)).count()
        == 1
    )
    # The same file again: every row unchanged, nothing written.
    again = services.sheet_import_create(
        access=access, document=plan, filename="p.xlsx", content=content
    )
    assert again.preview["counts"] == {"new": 0, "changed": 0, "unchanged": 4, "error": 0}


def test_missing_names_are_created_only_when_asked(plan, admin_user, access_of, body):
    access = access_of(admin_user)
    content = xlsx(
        {"Aktiviteter": [ACT, ["4.1", "Ny", "", "Nya nämnden", "4", "", 2025, 2025, "", ""]]}
    )
    imp = services.sheet_import_create(
        access=access, document=plan, filename="p.xlsx", content=content
    )
    assert imp.preview["counts"]["error"] == 1
    assert imp.preview["missing_bodies"] == ["Nya nämnden"]
    assert imp.preview["missing_focus_areas"] == ["4"]
    with pytest.raises(Exception):  # noqa: B017 - errors: refused
        services.sheet_import_confirm(
            access=access,
            sheet_import=imp,
            fingerprint=imp.preview["fingerprint"],
            create_bodies=False,
            create_focus_areas=False,
        )
    assert not Body.objects.filter(name="Nya nämnden").exists()
    imp = services.sheet_import_replan(
        access=access, sheet_import=imp, create_bodies=True, create_focus_areas=True
    )
    assert imp.preview["counts"] == {"new": 1, "changed": 0, "unchanged": 0, "error": 0}
    imp = services.sheet_import_confirm(
        access=access,
        sheet_import=imp,
        fingerprint=imp.preview["fingerprint"],
        create_bodies=True,
        create_focus_areas=True,
    )
    assert imp.state == "done", imp.error
    activity = Activity.objects.get(number="4.1")
    assert activity.responsible_body.name == "Nya nämnden"
    assert FocusArea.objects.get(document=plan, number="4") in activity.focus_areas.all()


def test_a_preview_the_document_no_longer_matches_is_refused(plan, strategist, access_of, body):
    access = access_of(strategist)
    content = xlsx(
        {"Aktiviteter": [ACT, ["1.1", "E-arkiv 2", "", body.name, "", "", 2024, 2025, "", ""]]}
    )
    imp = services.sheet_import_create(
        access=access, document=plan, filename="p.xlsx", content=content
    )
    Activity.objects.filter(number="1.1").update(lock_version=99, title="Ändrad under tiden")
    imp = services.sheet_import_confirm(
        access=access,
        sheet_import=imp,
        fingerprint=imp.preview["fingerprint"],
        create_bodies=False,
        create_focus_areas=False,
    )
    assert imp.state == "failed"
    assert imp.error.startswith("Dokumentet har ändrats efter förhandsgranskningen")
    assert Activity.objects.get(number="1.1").title == "Ändrad under tiden"


def test_a_row_the_services_refuse_rolls_back_the_whole_import(
    plan, strategist, access_of, body, monkeypatch
):
    """The last row fails while writing: the rows before it are not kept."""
    access = access_of(strategist)
    content = xlsx(
        {
            "Aktiviteter": [
                ACT,
                ["5.1", "Först", "", body.name, "", "", 2025, 2025, "", ""],
                ["5.2", "Sedan", "", body.name, "", "", 2025, 2025, "", ""],
            ]
        }
    )
    from django.core.exceptions import ValidationError

    from malbild.actionplan import services as actionplan_services

    real = actionplan_services.activity_create

    def refuse_second(**kwargs):
        if kwargs["data"]["number"] == "5.2":
            raise ValidationError({"title": "Nej."})
        return real(**kwargs)

    monkeypatch.setattr(actionplan_services, "activity_create", refuse_second)
    imp = confirm(access, plan, content)
    assert imp.state == "failed"
    assert "rad 3" in imp.error.lower()
    assert not Activity.objects.filter(number__in=["5.1", "5.2"]).exists()


def test_readers_and_editors_may_not_import(plan, reader, editor, access_of):
    from django.core.exceptions import PermissionDenied

    for user in (reader, editor):
        with pytest.raises(PermissionDenied):
            services.sheet_import_create(
                access=access_of(user),
                document=plan,
                filename="p.xlsx",
                content=xlsx({"Aktiviteter": [ACT]}),
            )


def test_a_large_file_is_imported_by_the_background_task(
    plan, strategist, access_of, body, monkeypatch
):
    """Above the threshold the import is a django.tasks task (run at once by the tests'
    immediate backend); its progress is reported row by row."""
    access = access_of(strategist)
    rows = [[f"6.{i}", f"Rad {i}", "", body.name, "", "", 2025, 2025, "", ""] for i in range(5)]
    content = xlsx({"Aktiviteter": [ACT, *rows]})
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 2)
    calls = []
    from malbild.dataio import importer

    real_apply = importer.apply_plan

    def spy(**kwargs):
        progress = kwargs["progress"]

        def record(done, total):
            calls.append((done, total))
            progress(done, total)

        return real_apply(**{**kwargs, "progress": record})

    monkeypatch.setattr(services, "apply_plan", spy)
    imp = confirm(access, plan, content)
    assert imp.state == "done", imp.error
    assert imp.task_id and imp.percent == 100
    assert calls == [(i, 5) for i in range(1, 6)]
    assert Activity.objects.filter(number__startswith="6.").count() == 5
