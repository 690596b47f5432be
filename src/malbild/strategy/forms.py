"""Forms of the strategy pages. They parse and offer choices scoped to one organisation; the
views hand the cleaned data to `strategy.services`, which validate, check permissions and
audit. `split_data` separates plain fields from many-to-many ones for the services."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.catalogue.constants import CatalogueKind
from malbild.catalogue.models import CatalogueItem
from malbild.organisation.models import Body

from .constants import IndicatorSource
from .fields import (
    DECISION_FIELDS,
    DOCUMENT_FIELDS,
    DOCUMENT_WORKFLOW_FIELDS,
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    OVERALL_GOAL_FIELDS,
    SECTION_FIELDS,
    form_fields,
)
from .measures import measure_value_errors
from .models import (
    Decision,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    OverallGoal,
    Section,
    SteeringDocument,
)


def split_data(form: forms.ModelForm) -> tuple[dict, dict]:
    """(plain field values, many-to-many values) of a valid model form."""
    m2m_names = {f.name for f in form._meta.model._meta.many_to_many}
    data, m2m = {}, {}
    for name, value in form.cleaned_data.items():
        (m2m if name in m2m_names else data)[name] = value
    return data, m2m


def document_lineage(document: SteeringDocument) -> list[int]:
    """The document and its ancestors' ids (items may link to a parent document's items)."""
    ids, node, seen = [], document, set()
    while node is not None and node.pk not in seen:
        ids.append(node.pk)
        seen.add(node.pk)
        node = node.parent
    return ids


class OrgModelForm(forms.ModelForm):
    """A model form that knows the organisation (and, for items, their document)."""

    def __init__(self, *args, access, document=None, **kwargs):
        self.access = access
        self.document = document
        super().__init__(*args, **kwargs)
        self.scope_choices()

    def clean_order(self):
        # The position is optional: left empty, the item goes first (0) and sorts by creation.
        value = self.cleaned_data.get("order")
        return 0 if value is None else value

    def scope_choices(self) -> None:
        if "order" in self.fields:
            self.fields["order"].required = False
            self.fields["order"].help_text = _("Position in the document; lower comes first.")
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is Body:
                field.queryset = Body.objects.for_access(self.access).order_by("name")
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, forms.ModelMultipleChoiceField
            ):
                field.empty_label = _("Choose…") if field.required else _("(none)")


class DocumentForm(OrgModelForm):
    class Meta:
        model = SteeringDocument
        fields = form_fields(DOCUMENT_FIELDS, exclude=DOCUMENT_WORKFLOW_FIELDS)
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def scope_choices(self) -> None:
        super().scope_choices()
        parents = SteeringDocument.objects.for_access(self.access)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("title")


class SectionForm(OrgModelForm):
    class Meta:
        model = Section
        fields = form_fields(SECTION_FIELDS)
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class OverallGoalForm(OrgModelForm):
    class Meta:
        model = OverallGoal
        fields = form_fields(OVERALL_GOAL_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class FocusAreaForm(OrgModelForm):
    class Meta:
        model = FocusArea
        fields = form_fields(FOCUS_AREA_FIELDS)
        widgets = {
            "goal_text": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "overall_goals": forms.CheckboxSelectMultiple,
        }

    def scope_choices(self) -> None:
        super().scope_choices()
        self.fields["overall_goals"].queryset = (
            OverallGoal.objects.for_access(self.access)
            .filter(document__in=document_lineage(self.document))
            .order_by("document_id", "order", "id")
        )


class GoalForm(OrgModelForm):
    class Meta:
        model = Goal
        fields = form_fields(GOAL_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


#: A Kolada KPI id, e.g. N07900 or U00405.
KPI_ID = re.compile(r"[A-Z]\d{5}")


class IndicatorForm(OrgModelForm):
    class Meta:
        model = Indicator
        fields = form_fields(INDICATOR_FIELDS)
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        cleaned = super().clean()
        # A KPI chosen from the Kolada search below the form (strategy/form.html).
        pick = (self.data.get("kolada_pick") or "").strip()
        if pick:
            if not KPI_ID.fullmatch(pick):
                self.add_error("kolada_kpi", _("Choose one of the KPIs found in Kolada."))
            else:
                cleaned["kolada_kpi"] = pick
                cleaned["source"] = IndicatorSource.KOLADA
                self.instance.kolada_kpi = pick
                self.instance.source = IndicatorSource.KOLADA
        return cleaned

    def scope_choices(self) -> None:
        super().scope_choices()
        access = self.access
        lineage = document_lineage(self.document)
        if not self.access.can_edit_documents:
            # An editor may only give indicators to the bodies they edit for.
            body_field = self.fields["responsible_body"]
            body_field.queryset = body_field.queryset.filter(pk__in=self.access.editor_body_ids)
            body_field.required = True
            body_field.empty_label = _("Choose…")
        self.fields["eservice"].queryset = (
            CatalogueItem.objects.for_access(access)
            .filter(kind=CatalogueKind.E_SERVICE)
            .order_by("name")
        )
        self.fields["focus_areas"].queryset = (
            FocusArea.objects.for_access(access)
            .filter(document__in=lineage)
            .order_by("document_id", "order", "id")
        )
        self.fields["goals"].queryset = (
            Goal.objects.for_access(access)
            .filter(focus_area__document__in=lineage)
            .order_by("focus_area__document_id", "focus_area__order", "order", "id")
        )


class TargetForm(forms.Form):
    """The target of one year: a number, a text, or both."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    value = forms.DecimalField(
        label=_("Target value"), required=False, max_digits=16, decimal_places=4
    )
    text = forms.CharField(label=_("Target (text)"), required=False, max_length=500)

    def __init__(self, *args, access=None, instance=None, indicator=None, **kwargs):
        # `instance`: the target being changed (its values are the initial ones); `indicator`
        # (or the instance's): whose measure the value must fit (the service checks it too).
        super().__init__(*args, **kwargs)
        self.access = access
        self.indicator = indicator or getattr(instance, "indicator", None)
        if instance is not None:
            for name in ("year", "value", "text"):
                self.initial.setdefault(name, getattr(instance, name))

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if self.indicator is not None:
            errors = measure_value_errors(
                measure_type=self.indicator.measure_type, unit=self.indicator.unit, value=value
            )
            if errors:
                raise forms.ValidationError(errors)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") is None and not cleaned.get("text") and not self.errors:
            self.add_error("value", _("Give a target value or a target text."))
        return cleaned


class DecisionForm(OrgModelForm):
    class Meta:
        model = Decision
        fields = list(DECISION_FIELDS)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 6}),
            "distribution": forms.CheckboxSelectMultiple,
        }

    def scope_choices(self) -> None:
        super().scope_choices()
        self.fields["document"].queryset = SteeringDocument.objects.for_access(
            self.access
        ).order_by("title")
        self.fields["version"].queryset = (
            DocumentVersion.objects.for_access(self.access)
            .defer("snapshot")
            .select_related("document")
            .order_by("document__title", "-number")
        )


class TransitionForm(forms.Form):
    """Move a document to one of its allowed next statuses."""

    status = forms.ChoiceField(label=_("New status"))
    message = forms.CharField(label=_("Comment"), required=False, max_length=500)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class FreezeForm(forms.Form):
    """Freeze the working copy into a new version."""

    label = forms.CharField(
        label=_("Label"),
        required=False,
        max_length=200,
        help_text=_("e.g. “Consultation version” or “Adopted by KF”"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompareForm(forms.Form):
    """Pick two versions (or the working copy) of a document to compare."""

    a = forms.ChoiceField(label=_("Compare"))
    b = forms.ChoiceField(label=_("with"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class IndicatorFilterForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Document"), queryset=SteeringDocument.objects.none(), required=False
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = SteeringDocument.objects.for_access(access).order_by(
            "title"
        )
        self.fields["document"].empty_label = _("All documents")
