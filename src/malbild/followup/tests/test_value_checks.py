"""Reported indicator values fit the indicator's measure type (a count whole and not negative,
a share 0–100): refused with a Swedish message on `value` by the follow-up service, the value
form and the API, nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from malbild.api.tests.helpers import ApiClient
from malbild.followup import services
from malbild.followup.forms import IndicatorValueForm
from malbild.followup.models import IndicatorValue


def test_service_refuses_a_negative_or_fractional_count(plan, editor, access_of):
    ind = plan["indicator"]
    ind.measure_type, ind.unit = "count", "st"
    ind.save()
    for bad, message in (
        ("-1", "Ett antal kan inte vara negativt."),
        ("3.5", "Ett antal är ett heltal: ange det utan decimaler."),
    ):
        with pytest.raises(ValidationError) as exc:
            services.indicator_value_save(
                access=access_of(editor),
                period=plan["period"],
                indicator=ind,
                data={"value": bad, "measured_on": datetime.date(2019, 12, 31)},
            )
        assert exc.value.message_dict == {"value": [message]}
    assert not IndicatorValue.objects.exists()


def test_form_checks_a_share(plan):
    ind = plan["indicator"]
    ind.measure_type, ind.unit = "share", "%"
    form = IndicatorValueForm({"value": "120", "measured_on": "2019-12-31"}, indicator=ind)
    assert form.errors["value"] == ["En andel är ett procenttal: ange ett värde från 0 till 100."]
    ok = IndicatorValueForm({"value": "87.5", "measured_on": "2019-12-31"}, indicator=ind)
    assert ok.is_valid(), ok.errors


def test_api_answers_422_on_value(plan, editor, org):
    ind = plan["indicator"]
    ind.measure_type, ind.unit = "count", "st"
    ind.save()
    api = ApiClient(editor)
    period = plan["period"].pk
    path = f"/organisations/{org.slug}/followup/periods/{period}/indicators/{ind.pk}"
    got = api.put(path, {"value": "-4", "measured_on": "2019-12-31"})
    assert got.status_code == 422, got.content
    assert [e["loc"][-1] for e in got.json()["detail"]] == ["value"]
