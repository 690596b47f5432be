"""The shared form template: every `aria-describedby` names an element of the page (#10:
Django 6.1 points at `id_<field>_error`, the template said `_errors`), and a select's blank
choice is Swedish."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from malbild.strategy.models import Indicator


class SampleForm(forms.Form):
    title = forms.CharField(help_text="Kort rubrik")
    year = forms.IntegerField()
    areas = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, help_text="Välj"
    )


def _ids_and_references(html: str) -> tuple[set[str], set[str]]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = {
        ref for value in re.findall(r'aria-describedby="([^"]*)"', html) for ref in value.split()
    }
    return ids, refs


def test_every_described_by_reference_exists_on_an_invalid_form():
    html = render_to_string("web/_form.html", {"form": SampleForm({"year": "x"})})
    ids, refs = _ids_and_references(html)
    assert {"id_title_error", "id_year_error", "id_areas_error", "id_title_helptext"} <= refs
    assert refs <= ids, refs - ids


@pytest.mark.django_db
def test_a_select_blank_choice_is_swedish():
    class IndicatorKindForm(forms.ModelForm):
        class Meta:
            model = Indicator
            fields = ["eservice"]

    html = str(IndicatorKindForm()["eservice"])
    assert "Select an option" not in html and "(välj)" in html
    with translation.override("en"):
        assert "(choose)" in str(IndicatorKindForm()["eservice"])
