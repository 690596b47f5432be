"""Indicator targets fit the indicator's measure type (strategy/measures.py): a count is not
negative and has no decimals, a share is 0–100, usage in per cent at most 100, a cost may be
anything; refused with a Swedish message on `value` in the service, the target form and the
API (422), and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.strategy import services
from malbild.strategy.forms import TargetForm
from malbild.strategy.measures import measure_value_errors
from malbild.strategy.models import IndicatorTarget
from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory


@pytest.mark.parametrize(
    ("measure", "unit", "value", "ok"),
    [
        ("count", "st", 12, True),
        ("count", "st", "12.5", False),
        ("count", "st", -1, False),
        ("share", "%", 100, True),
        ("share", "%", "100.5", False),
        ("share", "%", -3, False),
        ("usage", "%", 101, False),
        ("usage", "st", 5000, True),
        ("usage", "st", -5, False),
        ("satisfaction", "index", "3.5", True),
        ("cost", "kr", -20000, True),
        ("other", "", -1, True),
    ],
)
def test_rules(measure, unit, value, ok):
    assert (measure_value_errors(measure_type=measure, unit=unit, value=value) == []) is ok


@pytest.fixture
def count(org):
    return IndicatorFactory(
        document=DocumentFactory(organisation=org),
        measure_type="count",
        unit="st",
        baseline_value=10,
    )


def test_service_refuses_a_target_that_does_not_fit(strategist, access_of, count):
    with pytest.raises(ValidationError) as exc:
        services.indicator_target_set(
            access=access_of(strategist), indicator=count, year=2020, value="12.5"
        )
    assert exc.value.message_dict == {
        "value": ["Ett antal är ett heltal: ange det utan decimaler."]
    }
    assert not IndicatorTarget.objects.exists()
    services.indicator_target_set(
        access=access_of(strategist), indicator=count, year=2020, value=12
    )


def test_form_and_web_page_show_the_message(client, strategist, org, count):
    form = TargetForm({"year": 2020, "value": "-2"}, indicator=count)
    assert form.errors["value"] == ["Ett antal kan inte vara negativt."]
    strategist.refresh_from_db()
    client.force_login(strategist)
    response = client.post(
        reverse("strategy:indicator-target-set", kwargs={"org": org.slug, "pk": count.pk}),
        {"year": 2020, "value": "-2"},
    )
    assert response.status_code == 200
    assert "Ett antal kan inte vara negativt." in response.content.decode()
    assert not IndicatorTarget.objects.exists()


def test_api_answers_422_on_value(strategist, org):
    share = IndicatorFactory(
        document=DocumentFactory(organisation=org), measure_type="share", unit="%"
    )
    api = ApiClient(strategist)
    path = f"/organisations/{org.slug}/indicators/{share.uid}/targets/2020"
    got = api.put(path, {"value": "140"})
    assert got.status_code == 422
    assert [e["loc"][-1] for e in got.json()["detail"]] == ["value"]
    assert api.put(path, {"value": "95"}).status_code == 200
