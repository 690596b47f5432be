"""Forms of the follow-up pages. They parse input only; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.actionplan.constants import ActivityStatus
from malbild.strategy.measures import measure_value_errors
from malbild.web.formatting import amount, value_with_unit
from malbild.web.mixins import InstanceForm

from .constants import AmendmentTarget, Answer, Status
from .models import FollowUpPeriod, QuestionSet
from .status import expected_value

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.ModelForm):
    class Meta:
        model = FollowUpPeriod
        fields = [
            "kind",
            "label",
            "start",
            "end",
            "deadline",
            "question_set",
            "include_descendants",
        ]
        widgets = {"start": DATE, "end": DATE, "deadline": DATE}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = QuestionSet.objects.for_access(access).order_by(
            "name", "id"
        )
        self.fields["label"].help_text = _("e.g. 2019 or Tertial 1 2020")

    def _post_clean(self):
        """Model validation happens in the service (so its errors land on the fields)."""


class AnalysisForm(forms.ModelForm):
    """The strategist's analysis and conclusions of a period (Markdown)."""

    class Meta:
        model = FollowUpPeriod
        fields = ["analysis"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, access=None, **kwargs):
        super().__init__(*args, **kwargs)

    def _post_clean(self):
        """Model validation happens in the service (so its errors land on the fields)."""


class ActivityReportForm(InstanceForm):
    status = forms.ChoiceField(label=_("Activity status"), choices=ActivityStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    forecast = forms.DecimalField(
        label=_("Forecast for the year (SEK)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )

    def __init__(self, *args, budget_lines=(), benefit_lines=(), year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        self.benefit_fields = []
        for line in budget_lines:
            name = f"outcome_{line.pk}"
            self.fields[name] = forms.DecimalField(
                label=_("Outcome %(year)s, %(kind)s (SEK)")
                % {"year": line.year, "kind": line.get_kind_display().lower()},
                help_text=_("Budget %(year)s: %(amount)s SEK")
                % {"year": line.year, "amount": amount(line.amount)},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
            )
            self.line_fields.append((line, name))
        for line in benefit_lines:
            self._add_benefit_fields(line, year)

    def _add_benefit_fields(self, line, year) -> None:
        """The benefit part: per benefit line of the activity's benefit calculation the
        realised value (monetised lines, SEK) or a description, and how it was measured."""
        prefix = f"benefit_{line.pk}"
        label = f"{line.name} ({line.party_label})"
        if line.monetised:
            planned = line.planned.get(year)
            self.fields[f"{prefix}_value"] = forms.DecimalField(
                label=_("Realised benefit %(year)s: %(line)s (SEK)")
                % {"year": year, "line": label},
                help_text=(
                    _("Planned in the benefit calculation for %(year)s: %(amount)s SEK")
                    % {"year": year, "amount": amount(planned)}
                    if planned is not None
                    else _("The benefit calculation plans no amount for %(year)s.") % {"year": year}
                ),
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
            )
        else:
            self.fields[f"{prefix}_description"] = forms.CharField(
                label=_("Realised benefit %(year)s: %(line)s (description)")
                % {"year": year, "line": label},
                help_text=_("Not monetised; estimated in the calculation: %(estimate)s")
                % {"estimate": value_with_unit(line.estimate, line.unit)},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields[f"{prefix}_method"] = forms.CharField(
            label=_("How the benefit “%(line)s” was measured") % {"line": line.name},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.benefit_fields.append((line, prefix))

    @staticmethod
    def initial_from(instance) -> dict:
        initial = {f: getattr(instance, f) for f in ("status", "progress", "comment", "forecast")}
        for o in instance.outcomes.all():
            initial[f"outcome_{o.budget_line_id}"] = o.spent
        for r in instance.realised_benefits.all():
            initial.update(benefit_initial(r))
        return initial

    def outcomes(self) -> dict:
        return {line.pk: self.cleaned_data.get(name) for line, name in self.line_fields}

    def benefits(self) -> dict:
        """Benefit line id → the realised value or description and the method entered."""
        return {
            line.pk: {
                "value": self.cleaned_data.get(f"{prefix}_value"),
                "description": self.cleaned_data.get(f"{prefix}_description") or "",
                "method": self.cleaned_data.get(f"{prefix}_method") or "",
            }
            for line, prefix in self.benefit_fields
        }


def benefit_initial(realised) -> dict:
    """A saved realised benefit as the report form's initial values."""
    prefix = f"benefit_{realised.line_id}"
    return {
        f"{prefix}_value": realised.value,
        f"{prefix}_description": realised.description,
        f"{prefix}_method": realised.method,
    }


def year_target_text(indicator, year: int) -> str:
    """The target of `year` beside the value being entered ("Target 2019: 30 st"); without a
    target that year, the value expected on the path to the next target. Targets are read
    from `indicator.targets.all()` (prefetched)."""
    targets = sorted(indicator.targets.all(), key=lambda t: t.year)
    own = next((t for t in targets if t.year == year), None)
    if own is not None:
        shown = value_with_unit(own.value, indicator.unit) if own.value is not None else own.text
        return _("Target %(year)s: %(target)s") % {"year": year, "target": shown}
    expected = expected_value(
        baseline_value=indicator.baseline_value,
        baseline_year=indicator.baseline_year,
        targets=[(t.year, t.value) for t in targets if t.value is not None],
        year=year,
    )
    later = [t for t in targets if t.year > year]
    if expected is None and not later:
        return _("No target for %(year)s.") % {"year": year}
    parts = [_("No target for %(year)s.") % {"year": year}]
    if expected is not None and indicator.kind != "qualitative":
        parts.append(
            _("Expected on the path to the target: %(value)s.")
            % {"value": value_with_unit(expected, indicator.unit)}
        )
    if later:
        nxt = later[0]
        shown = value_with_unit(nxt.value, indicator.unit) if nxt.value is not None else nxt.text
        parts.append(_("Next target: %(target)s (%(year)s).") % {"target": shown, "year": nxt.year})
    return " ".join(parts)


class IndicatorValueForm(InstanceForm):
    value = forms.DecimalField(
        label=_("Measured value"), required=False, max_digits=16, decimal_places=4
    )
    text = forms.CharField(
        label=_("Assessment (text)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=300)

    def __init__(self, *args, indicator=None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator is not None:
            target = year_target_text(indicator, year) if year is not None else ""
            if indicator.kind == "qualitative":
                del self.fields["value"]
                if target:
                    self.fields["text"].help_text = target
            else:
                if indicator.unit:
                    self.fields["value"].label = _("Measured value (%(unit)s)") % {
                        "unit": indicator.unit
                    }
                self.fields["value"].help_text = target

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if self.indicator is not None:
            errors = measure_value_errors(
                measure_type=self.indicator.measure_type, unit=self.indicator.unit, value=value
            )
            if errors:
                raise forms.ValidationError(errors)
        return value

    @staticmethod
    def initial_from(instance) -> dict:
        return {
            f: getattr(instance, f) for f in ("value", "text", "measured_on", "comment", "source")
        }


class OverrideForm(InstanceForm):
    status = forms.ChoiceField(
        label=_("Assessed status"),
        required=False,
        choices=[("", _("Use the computed status"))] + list(Status.choices),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, closed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if closed:
            # After closing, an assessment is an amendment that sets a status.
            self.fields["status"].choices = list(Status.choices)
            self.fields["status"].help_text = _(
                "The period is closed: the assessment is recorded as an amendment."
            )

    @staticmethod
    def initial_from(instance) -> dict:
        return {"status": instance.status, "reason": instance.reason}


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Review comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the contribution."),
    )

    def __init__(self, *args, apply_offer=None, **kwargs):
        # Shown on the same page as the report form, which has its own "comment" field.
        kwargs.setdefault("auto_id", "id_review_%s")
        super().__init__(*args, **kwargs)
        if apply_offer:
            self.fields["apply_status"] = forms.BooleanField(
                required=False,
                label=_("On approval, also set the activity's status in the plan to “%(new)s”")
                % {"new": apply_offer[1]},
                help_text=_("The activity's status in the plan is now “%(old)s”.")
                % {"old": apply_offer[0]},
            )


class AmendmentForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"))
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[
            ("status", _("Activity status")),
            ("progress", _("Progress (%)")),
            ("comment", _("Comment")),
            ("value", _("Measured value")),
            ("text", _("Assessment (text)")),
            ("override", _("Assessed status")),
        ],
    )
    new_value = forms.CharField(label=_("New value"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    # A status is typed as its label (or its code, as the API takes it).
    CHOICES = {"status": ActivityStatus, "override": Status}

    def __init__(self, *args, snapshot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_value"].help_text = _(
            "Activity status: %(a)s. Assessed status: %(s)s."
        ) % {
            "a": ", ".join(str(label) for label in ActivityStatus.labels),
            "s": ", ".join(str(label) for label in Status.labels),
        }
        choices = []
        for a in (snapshot or {}).get("activities", []):
            label = f"{a['number']} {a['title']}".strip()
            choices.append((f"{AmendmentTarget.ACTIVITY}:{a['uid']}", label))
        for i in (snapshot or {}).get("indicators", []):
            choices.append((f"{AmendmentTarget.INDICATOR}:{i['uid']}", i["name"]))
        # Focus areas and goals: only their assessed status ("override") can be amended.
        for fa in (snapshot or {}).get("focus_areas", []):
            label = f"{fa['number']} {fa['title']}".strip()
            choices.append((f"{AmendmentTarget.FOCUS_AREA}:{fa['uid']}", label))
            for g in fa["goals"]:
                choices.append((f"{AmendmentTarget.GOAL}:{g['uid']}", f"{label} – {g['title']}"))
        self.fields["item"].choices = choices

    def clean(self):
        data = super().clean()
        choices = self.CHOICES.get(data.get("field"))
        value = (data.get("new_value") or "").strip()
        if choices is not None and value:
            by_text = {str(label).casefold(): code for code, label in choices.choices}
            by_text.update({code: code for code in choices.values})
            data["new_value"] = by_text.get(value.casefold(), value)
        return data


class QuestionForm(InstanceForm):
    text = forms.CharField(label=_("Question"), max_length=500)

    @staticmethod
    def initial_from(instance) -> dict:
        return {"text": instance.text}


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=300)


class SelfAssessmentForm(forms.Form):
    def __init__(self, *args, questions=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.groups = []
        for q in questions:
            current = answers.get(q.pk)
            a_name, c_name = f"answer_{q.pk}", f"comment_{q.pk}"
            self.fields[a_name] = forms.ChoiceField(
                label=q.text,
                required=False,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                initial=current.answer if current else None,
            )
            self.fields[c_name] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=current.comment if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if not self.groups or self.groups[-1]["title"] != q.section.title:
                self.groups.append({"title": q.section.title, "fields": []})
            self.groups[-1]["fields"].append((self[a_name], self[c_name]))
        self.questions = list(questions)

    def answers(self) -> dict:
        return {
            q.pk: (
                self.cleaned_data.get(f"answer_{q.pk}") or "",
                self.cleaned_data.get(f"comment_{q.pk}") or "",
            )
            for q in self.questions
        }
