"""The benefit calculations of the demo: Alingsås' e-archive and Kristianstad's broadband
expansion, each with the zero alternative and one option, several parties and certainties;
every figure of both is checked here (present values, NPV, payback, B/C, per party and per
year, sensitivity); the thresholds flag the larger activities without a calculation; a
second run changes nothing."""

import io
from decimal import Decimal as D

import pytest

from malbild.actionplan.models import Activity
from malbild.benefits import selectors
from malbild.core.models import AuditEntry
from malbild.demo import benefits as demo_benefits
from malbild.demo import loader
from malbild.organisation.models import Organisation


@pytest.fixture
def demo_orgs(db):
    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())
    assert demo_benefits.load(stdout=io.StringIO())


def _results(slug, title):
    org = Organisation.objects.get(slug=slug)
    activity = Activity.objects.for_org(org).get(title=title)
    calculation = selectors.calculation_for_activity(activity)
    return calculation, selectors.calculation_results(calculation)


def test_alingsas_e_archive(demo_orgs):
    """5 years 2018–2022 at 3.5 %. Zero alternative: 350 000 + 200 000 a year, PV
    550 000 × (1 + 1/1.035 + 1/1.035² + 1/1.035³ + 1/1.035⁴) = 2 570 193.56. Option: the
    investment 1 200 000 in 2018, licences 300 000 a year from 2019, the connection 150 000
    in 2019 and the remaining paper archive; benefits from 2019. Compared with the zero
    alternative the net is −1 000 000 in 2018 (1 550 000 − 550 000: the zero alternative's
    costs are avoided), then +70 000, +520 000, +570 000, +570 000 undiscounted."""
    calculation, r = _results("alingsas", "E-arkiv")
    assert (calculation.first_year, calculation.years, calculation.discount_rate) == (
        2018,
        5,
        D("3.50"),
    )
    zero, option = r.alternatives
    assert (zero.alternative.name, option.alternative.name) == (
        "Fortsatt pappersarkiv",
        "Upphandlat e-arkiv",
    )
    assert zero.pv_costs == D("2570193.5647367234") and zero.pv_benefits == 0
    assert zero.benefit_cost_ratio == 0 and zero.incremental_npv is None
    assert option.pv_costs == D("3355762.2909269780")
    assert option.pv_benefits == D("1349456.5526412887")
    assert option.npv == D("-2006305.7382856893")
    assert option.benefit_cost_ratio == D("0.4021311510")
    assert option.incremental_npv == D("563887.8264510341") == option.npv - zero.npv
    assert option.incremental_payback_year == 2021
    parties = [(p.label, p.costs, p.benefits) for p in option.distribution.parties]
    assert parties == [
        ("Kommunledningskontoret", D(3350000), D(850000)),
        ("Invånare", D(0), D(480000)),
        ("Miljöskyddskontoret", D(0), D(150000)),
        ("Samhällsbyggnadskontoret", D(150000), D(0)),
    ]
    total = option.distribution.total
    assert (total.costs, total.benefits) == (D(3500000), D(1480000))
    assert (total.pv_costs, total.pv_benefits) == (option.pv_costs, option.pv_benefits)
    years = [(y.year, y.costs, y.benefits, y.discounted_net) for y in r.incremental.years]
    assert years == [
        (2018, D(1550000), D(550000), D("-1000000.0000000000")),
        (2019, D(700000), D(770000), D("67632.8502415458")),
        (2020, D(450000), D(970000), D("485425.5641905295")),
        (2021, D(400000), D(970000), D("514107.3422307726")),
        (2022, D(400000), D(970000), D("496722.0697881862")),
    ]
    assert [y.cumulative for y in r.incremental.years][2:4] == [
        D("-446941.5855679247"),
        D("67165.7566628479"),
    ]
    assert r.sensitivity.rates == [D("2.50"), D("3.50"), D("4.50")]
    assert r.sensitivity.npv == [
        [D("112200.9964749320"), D("608929.7007071722"), D("1105658.4049394126")],
        [D("78087.8403319106"), D("563887.8264510341"), D("1049687.8125701578")],
        [D("45350.4421831709"), D("520634.2507358822"), D("995918.0592885940")],
    ]
    shares = selectors.benefit_shares(calculation)
    assert shares == {
        "Kommunledningskontoret": D("0.573076817040"),
        "Invånare": D("0.326627414696"),
        "Miljöskyddskontoret": D("0.100295768264"),
    }
    assert sum(shares.values()) == 1
    described = [line for line in option.alternative.lines.all() if not line.monetised]
    assert [(d.name, d.unit, d.estimate) for d in described] == [
        ("Handlingar bevaras enligt arkivlagen", "% av nya digitala handlingar", D(90)),
    ]
    certainties = {line.certainty for line in option.alternative.lines.all()}
    assert certainties == {"green", "yellow", "red"}


def test_kristianstad_broadband(demo_orgs):
    """10 years 2016–2025 at 3.5 %. The option's investment (8 000 000 by the municipality,
    2 000 000 of state aid borne by Jordbruksverket) and connection fees (residents) fall in
    2016–2018; the red benefits of residents and businesses from 2018 and 2019 pay it back
    in 2024 compared with the zero alternative."""
    calculation, r = _results("kristianstad", "Bredbandsutbyggnad på landsbygden")
    activity = calculation.activity
    assert (activity.number, activity.document.title) == ("5.9.1", "Kristianstad e-kommun 2020")
    assert [fa.number for fa in activity.focus_areas.all()] == ["5.9"]
    zero, option = r.alternatives
    assert zero.pv_costs == D("3443074.6035472732")
    assert option.pv_costs == D("15233904.2657418823")
    assert option.pv_benefits == D("14248594.9777715557")
    assert option.npv == D("-985309.2879703266")
    assert option.benefit_cost_ratio == D("0.9353212892")
    assert option.incremental_npv == D("2457765.3155769466") == option.npv - zero.npv
    assert option.incremental_payback_year == 2024
    parties = [(p.label, p.costs, p.benefits) for p in option.distribution.parties]
    assert parties == [
        ("Invånare", D(3000000), D(9600000)),
        ("Näringsliv", D(0), D(5600000)),
        ("Kommunstyrelsen", D(10000000), D(2100000)),
        ("Jordbruksverket", D(2000000), D(0)),
        ("Kommunledningskontoret", D(900000), D(0)),
    ]
    total = option.distribution.total
    assert (total.costs, total.benefits) == (D(15900000), D(17300000))
    assert total.npv == option.npv
    nets = [y.net for y in r.incremental.years]
    assert nets == [D(-4300000), D(-5800000), D(-2350000)] + [D(2550000)] * 7
    cumulative = [y.cumulative for y in r.incremental.years]
    assert cumulative[7:] == [
        D("-1349748.1318580058"),
        D("586751.3364934319"),
        D("2457765.3155769466"),
    ]
    assert r.sensitivity.npv[1] == [
        D("-1355098.6775268990"),
        D("2457765.3155769466"),
        D("6270629.3086807924"),
    ]
    assert r.sensitivity.npv[0][1] == D("3215475.0948162092")
    assert r.sensitivity.npv[2][1] == D("1757908.3793815827")
    shares = selectors.benefit_shares(calculation)
    assert shares == {
        "Invånare": D("0.559339607394"),
        "Näringsliv": D("0.320480285532"),
        "Kommunstyrelsen": D("0.120180107074"),
    }
    assert sum(shares.values()) == 1


def test_thresholds_flag_the_larger_activities_without_a_calculation(demo_orgs):
    alingsas = Organisation.objects.get(slug="alingsas")
    kristianstad = Organisation.objects.get(slug="kristianstad")
    assert selectors.budget_threshold(alingsas) == D(1000000)
    assert selectors.budget_threshold(kristianstad) == D(5000000)

    class A:  # an access of the organisation, as selectors take it
        def __init__(self, org):
            self.organisation = org

    flagged = selectors.activities_missing_calculation(access=A(alingsas))
    assert flagged.exists()
    assert "E-arkiv" not in {a.title for a in flagged}
    assert all(a.budget_total > D(1000000) for a in flagged)
    assert not selectors.activities_missing_calculation(access=A(kristianstad)).exists()


def test_a_second_run_changes_nothing(demo_orgs):
    before = AuditEntry.objects.count()
    assert not demo_benefits.load(stdout=io.StringIO())
    assert AuditEntry.objects.count() == before
