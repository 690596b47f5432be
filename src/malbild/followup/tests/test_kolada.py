"""The Kolada sync onto follow-up values, against the local Kolada of the recorded responses
(malbild/kolada/tests/server.py): values added where none was entered, a person's value never
overwritten (a conflict to choose on), closed periods left alone, the job's progress, the
pages, the API and the cron command."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from malbild.core.models import AuditEntry
from malbild.followup.constants import ValueOrigin
from malbild.followup.kolada import kolada_indicators, kolada_sync
from malbild.followup.models import IndicatorValue, KoladaConflict, KoladaSyncJob
from malbild.followup.tests.factories import IndicatorValueFactory, PeriodFactory
from malbild.kolada.models import KoladaMunicipality, KoladaValue
from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory

KPI = "N07900"


def year_period(document, year, **kwargs):
    return PeriodFactory(
        document=document,
        label=str(year),
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        deadline=datetime.date(year + 1, 1, 31),
        **kwargs,
    )


@pytest.fixture
def broadband(org, body, strategist):
    org.kolada_peers = "1441, 1490"
    org.save()
    document = DocumentFactory(
        organisation=org, title="Digital agenda", period_start=2018, period_end=2020
    )
    indicator = IndicatorFactory(
        document=document,
        name="Andel hushåll med bredband om minst 100 Mbit/s",
        unit="%",
        measure_type="share",
        baseline_value=71,
        baseline_year=2017,
        source="kolada",
        kolada_kpi=KPI,
        responsible_body=body,
    )
    closed = year_period(document, 2018, status="closed")
    manual_period = year_period(document, 2019)
    empty_period = year_period(document, 2020)
    manual = IndicatorValueFactory(
        period=manual_period,
        indicator=indicator,
        value=Decimal("86"),
        state="approved",
        source="Egen mätning",
    )
    return {
        "document": document,
        "indicator": indicator,
        "closed": closed,
        "manual_period": manual_period,
        "empty_period": empty_period,
        "manual": manual,
    }


def sync_url(org):
    return reverse("followup:kolada-sync", kwargs={"org": org.slug})


def test_sync_adds_values_keeps_manual_ones_and_leaves_closed_periods(
    kolada_server, client, org, strategist, broadband
):
    client.force_login(strategist)
    response = client.post(sync_url(org), {"indicator": str(broadband["indicator"].uid)})
    job = KoladaSyncJob.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse(
        "followup:kolada-job", kwargs={"org": org.slug, "uid": job.uid}
    )
    assert job.state == "done" and job.percent == 100
    # 2020 had no value: Kolada's, approved, with source and fetch time.
    added = IndicatorValue.objects.get(period=broadband["empty_period"])
    assert added.value == Decimal("90.1000")
    assert added.origin == ValueOrigin.KOLADA and added.state == "approved"
    assert KPI in added.source and "1489" in added.source
    assert added.fetched_at is not None and added.measured_on == datetime.date(2020, 12, 31)
    # 2019's value was entered by a person: unchanged, a conflict waits.
    manual = IndicatorValue.objects.get(pk=broadband["manual"].pk)
    assert manual.value == Decimal("86.0000") and manual.origin == ValueOrigin.MANUAL
    conflict = KoladaConflict.objects.get()
    assert conflict.value_id == manual.pk and conflict.kolada_value == Decimal("87.2000")
    # 2018 is closed: nothing written.
    assert not IndicatorValue.objects.filter(period=broadband["closed"]).exists()
    assert (job.created, job.conflicts, job.skipped, job.updated) == (1, 1, 1, 0)
    # The peers and the country were fetched too, and their names.
    stored = set(
        KoladaValue.objects.filter(kpi=KPI, year=2020).values_list("municipality", flat=True)
    )
    assert stored == {"1489", "1441", "1490", "0000"}
    assert KoladaMunicipality.objects.get(code="1441").title == "Lerum"
    # Only the asked years (baseline 2017 to this year) and the 5 municipalities' one request.
    data = [r for r in kolada_server.requests if r.startswith("/v3/data/")]
    assert len(data) == 1 and "/municipality/0000,1441,1489,1490/year/2017," in data[0]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Klar" in page.content.decode()


def test_the_conflict_page_says_both_values_and_kolada_can_be_chosen(
    kolada_server, client, org, strategist, broadband
):
    client.force_login(strategist)
    client.post(sync_url(org), {"document": str(broadband["document"].uid)})
    url = reverse("followup:kolada-conflicts", kwargs={"org": org.slug})
    text = client.get(url).content.decode()
    assert "Kolada har 87,2 % men ett manuellt värde 86 % finns" in text
    conflict = KoladaConflict.objects.get()
    response = client.post(url, {"conflict": conflict.pk, "choice": "kolada"})
    assert response.status_code == 303
    value = IndicatorValue.objects.get(pk=broadband["manual"].pk)
    assert value.value == Decimal("87.2000") and value.origin == ValueOrigin.KOLADA
    assert not KoladaConflict.objects.exists()
    entry = AuditEntry.objects.filter(object_id=str(value.pk)).order_by("-pk").first()
    assert entry is not None and "86" in entry.message
    # A later sync finds Kolada's value there: nothing to do.
    kolada_sync(organisation=org, indicators=list(kolada_indicators(org)))
    assert not KoladaConflict.objects.exists()


def test_keeping_the_manual_value_is_not_asked_again(
    kolada_server, client, org, strategist, broadband
):
    client.force_login(strategist)
    client.post(sync_url(org), {"indicator": str(broadband["indicator"].uid)})
    url = reverse("followup:kolada-conflicts", kwargs={"org": org.slug})
    conflict = KoladaConflict.objects.get()
    client.post(url, {"conflict": conflict.pk, "choice": "keep"})
    assert IndicatorValue.objects.get(pk=broadband["manual"].pk).value == Decimal("86.0000")
    tally = kolada_sync(organisation=org, indicators=list(kolada_indicators(org)))
    assert tally.conflicts == 0
    assert "86 %" not in client.get(url).content.decode()


def test_a_second_sync_changes_nothing(kolada_server, org, broadband):
    indicators = list(kolada_indicators(org))
    kolada_sync(organisation=org, indicators=indicators)
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "origin"))
    tally = kolada_sync(organisation=org, indicators=indicators)
    assert (tally.created, tally.updated, tally.conflicts) == (0, 0, 1)
    assert tally.unchanged == 1
    assert (
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "origin")) == before
    )
    assert KoladaConflict.objects.count() == 1


def test_a_changed_kolada_value_updates_a_synced_value(kolada_server, org, broadband):
    indicators = list(kolada_indicators(org))
    kolada_sync(organisation=org, indicators=indicators)
    synced = IndicatorValue.objects.get(period=broadband["empty_period"])
    IndicatorValue.objects.filter(pk=synced.pk).update(value=Decimal("88"))
    tally = kolada_sync(organisation=org, indicators=indicators)
    assert tally.updated == 1
    assert IndicatorValue.objects.get(pk=synced.pk).value == Decimal("90.1000")


def test_kolada_unreachable_fails_the_job_and_writes_nothing(
    kolada_server, client, org, strategist, broadband, settings
):
    path = f"/v3/data/kpi/{KPI}/municipality/0000,1441,1489,1490/year/" + ",".join(
        str(y) for y in range(2017, timezone.localdate().year + 1)
    )
    kolada_server.script(path, [(503, {}, {}, 0)] * 10)
    settings.KOLADA_RETRIES = 2
    client.force_login(strategist)
    client.post(sync_url(org), {"indicator": str(broadband["indicator"].uid)})
    job = KoladaSyncJob.objects.get()
    assert job.state == "failed"
    assert "Kolada" in job.error
    assert IndicatorValue.objects.count() == 1 and not KoladaConflict.objects.exists()


def test_only_strategists_may_sync(kolada_server, client, org, editor, broadband):
    client.force_login(editor)
    response = client.post(sync_url(org), {"indicator": str(broadband["indicator"].uid)})
    assert response.status_code == 403
    assert not KoladaSyncJob.objects.exists()


def test_sync_needs_the_kolada_id(kolada_server, client, org, strategist, broadband):
    org.kolada_id = ""
    org.save()
    client.force_login(strategist)
    response = client.post(sync_url(org), {"indicator": str(broadband["indicator"].uid)})
    assert response.status_code == 303
    assert not KoladaSyncJob.objects.exists()
    page = client.get(response["Location"])
    assert "Kolada" in page.content.decode()


def test_another_organisations_indicator_is_404(
    kolada_server, client, outsider, other_org, broadband
):
    client.force_login(outsider)
    response = client.post(sync_url(other_org), {"indicator": str(broadband["indicator"].uid)})
    assert response.status_code == 404


def test_cron_command_syncs_every_organisation_now(kolada_server, org, broadband, capsys):
    call_command("kolada_sync", "--now")
    out = capsys.readouterr().out
    assert "alingsas: done" in out and "added 1" in out and "conflicts 1" in out
    job = KoladaSyncJob.objects.get()
    assert job.created_by is None and job.document is None


def test_cron_command_queues_a_task(kolada_server, org, broadband, capsys):
    # The test settings run tasks immediately: the queued job is done when enqueue returns.
    call_command("kolada_sync", "--organisation", "alingsas")
    assert "queued" in capsys.readouterr().out
    assert KoladaSyncJob.objects.get().state == "done"


def test_a_person_saving_a_synced_value_makes_it_theirs(
    kolada_server, org, broadband, access_of, strategist
):
    from malbild.followup.services import indicator_value_save

    kolada_sync(organisation=org, indicators=list(kolada_indicators(org)))
    period = broadband["empty_period"]
    value = IndicatorValue.objects.get(period=period)
    IndicatorValue.objects.filter(pk=value.pk).update(state="returned")
    indicator_value_save(
        access=access_of(strategist),
        period=period,
        indicator=broadband["indicator"],
        data={"value": Decimal("91"), "measured_on": period.end, "text": "", "source": "Egen"},
    )
    value.refresh_from_db()
    assert value.origin == ValueOrigin.MANUAL and value.fetched_at is None
    tally = kolada_sync(organisation=org, indicators=list(kolada_indicators(org)))
    assert tally.conflicts == 2  # 2019 and now 2020
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("91.0000")


def test_conflicts_page_makes_the_same_queries_for_one_or_many(client, org, strategist, broadband):
    def add_conflicts(n):
        for _ in range(n):
            period = year_period(broadband["document"], 2000 + KoladaConflict.objects.count())
            value = IndicatorValueFactory(
                period=period, indicator=broadband["indicator"], value=50, state="approved"
            )
            KoladaConflict.objects.create(
                organisation=org,
                value=value,
                kolada_value=Decimal("51"),
                source="Kolada",
                fetched_at=timezone.now(),
            )

    client.force_login(strategist)
    url = reverse("followup:kolada-conflicts", kwargs={"org": org.slug})
    add_conflicts(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count("<fieldset>") == 1
    add_conflicts(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("<fieldset>") == 7
    assert len(many.captured_queries) == len(one.captured_queries)
