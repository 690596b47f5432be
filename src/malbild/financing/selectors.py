"""Reads of cost allocation and shared projects, scoped and prefetched, and the allocation
tables computed from them (the arithmetic is `allocation.py`, without the ORM).

- `allocation_list` / `allocation_get`: the organisation's allocation rules with their shares,
  device counts and the activity's budget lines, in a fixed number of queries.
- `allocation_result`: one rule's table per body and year (parts sum to the total).
- `organisation_overview`: every rule's table, the sum per body and year, and the shared
  projects the organisation owns or takes part in with its share — the allocation page, the
  API, the XLSX/PDF file and the municipality-wide view all read this one structure.
- Shared projects: `owned_projects` (the owner's, `for_access`), `participating_projects`
  (others' that the organisation accepted: `visible_to_participant`), `invitations` (addressed
  to it), `project_for_viewer` (either, or 404) and `project_split` (by population).
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from malbild.benefits import selectors as benefit_selectors
from malbild.core.access import Access
from malbild.kolada.models import KoladaValue
from malbild.organisation.models import Body, Organisation

from .allocation import ZERO, AllocationError, Table, largest_remainder, whole_kronor
from .constants import POPULATION_KPI, AllocationRule, ParticipantStatus, PopulationSource
from .models import CostAllocation, DeviceCount, FixedShare, Participant, SharedProject

#: The benefit calculations of activities, by activity id (for the rule by benefit share).
Calculations = dict[int, object]


def _prefetches(prefix: str = "") -> list:
    return [
        Prefetch(
            f"{prefix}fixed_shares",
            queryset=FixedShare.objects.select_related("body").order_by("body__name", "id"),
        ),
        Prefetch(
            f"{prefix}device_counts",
            queryset=DeviceCount.objects.select_related("body").order_by(
                "year", "body__name", "id"
            ),
        ),
        f"{prefix}activity__budget_lines",
    ]


def allocation_list(*, access: Access):
    """The organisation's allocation rules, prefetched for `allocation_result` (4 queries)."""
    return (
        CostAllocation.objects.for_access(access)
        .select_related("activity")
        .prefetch_related(*_prefetches())
        .order_by("title", "id")
    )


def allocation_get(*, access: Access, ref) -> CostAllocation:
    """One allocation rule by uid or id, prefetched, or 404."""
    found = allocation_list(access=access).by_ref(ref).first()
    if found is None:
        raise Http404
    return found


def share_get(*, access: Access, model, pk) -> object:
    """A fixed share or device count of the organisation by id, or 404."""
    found = model.objects.for_access(access).select_related("allocation", "body").filter(pk=pk)
    obj = found.first()
    if obj is None:
        raise Http404
    return obj


def body_choices(*, access: Access):
    """The organisation's bodies, for the share and device forms."""
    return Body.objects.for_access(access).order_by("name")


# Allocation results ---------------------------------------------------------------------------


@dataclass
class AllocationResult:
    """One rule's table: rows keyed by ("body", pk) or ("benefit", label), labelled in
    `labels`; `problem` says why there is no table (e.g. shares not summing to 100 %)."""

    allocation: CostAllocation
    table: Table = field(default_factory=Table)
    labels: dict[Hashable, str] = field(default_factory=dict)
    problem: str = ""
    #: Beneficiaries of the calculation that are not bodies (residents, businesses, other
    #: organisations): left out of an allocation by benefit share.
    left_out: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return _rows(self.table, self.labels)

    @property
    def data(self) -> dict:
        """years, rows, year_totals and total: what the tables on the pages and in files show."""
        return table_data(self.table, self.labels)


def table_data(table: Table, labels: dict) -> dict:
    """A Table as years, labelled rows, the totals per year and the grand total."""
    return {
        "years": table.years,
        "rows": _rows(table, labels),
        "year_totals": [table.year_total(y) for y in table.years],
        "total": table.total,
    }


def _rows(table: Table, labels: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": labels.get(key, ""),
            "amounts": [table.amount(key, y) for y in table.years],
            "total": table.row_total(key),
        }
        for key in table.keys
    ]


def _yearly_budget(activity) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for line in activity.budget_lines.all():
        totals[line.year] = totals.get(line.year, ZERO) + line.amount
    return totals


def _yearly_totals(obj) -> dict[int, Decimal]:
    if obj.activity_id is not None and obj.annual_amount is None:
        return _yearly_budget(obj.activity)
    return dict.fromkeys(obj.years, obj.annual_amount or ZERO)


def allocation_result(
    allocation: CostAllocation, *, calculations: Calculations | None = None
) -> AllocationResult:
    """The rule's table per body and year, from the prefetched rows. By benefit share, the
    activity's calculation comes from `calculations` (by activity id) or, without it, is
    read (four queries)."""
    result = AllocationResult(allocation=allocation)
    try:
        if allocation.rule == AllocationRule.DEVICE:
            _per_device(allocation, result)
        elif allocation.rule == AllocationRule.FIXED:
            _fixed(allocation, result)
        else:
            if calculations is None:
                calculation = benefit_selectors.calculation_for_activity(allocation.activity)
            else:
                calculation = calculations.get(allocation.activity_id)
            _benefit(allocation, result, calculation)
    except AllocationError as exc:
        result.table = Table()
        result.problem = result.problem or str(exc)
    return result


def _per_device(allocation, result: AllocationResult) -> None:
    counts = list(allocation.device_counts.all())
    if not counts:
        result.problem = _("Enter the number of computers per body and year.")
        return
    by_year: dict[int, dict] = {}
    for c in counts:
        key = ("body", c.body_id)
        result.labels[key] = c.body.name
        by_year.setdefault(c.year, {})[key] = c.devices
    for year in sorted(by_year):
        devices = by_year[year]
        if sum(devices.values()) == 0:
            continue
        total = whole_kronor(allocation.device_price * sum(devices.values()))
        result.table.add(year, largest_remainder(total, devices))


def _fixed(allocation, result: AllocationResult) -> None:
    shares = list(allocation.fixed_shares.all())
    percent = sum((s.percent for s in shares), ZERO)
    if not shares or percent != 100:
        result.problem = _("The fixed shares sum to %(sum)s %%; they must sum to 100 %%.") % {
            "sum": percent.normalize() if percent else 0
        }
        return
    weights = {}
    for s in shares:
        key = ("body", s.body_id)
        result.labels[key] = s.body.name
        weights[key] = s.percent
    _split_years(allocation, result, weights)


def _split_years(obj, result: AllocationResult, weights: dict) -> None:
    totals = _yearly_totals(obj)
    if not totals:
        result.problem = _("The activity has no budget lines to allocate.")
        return
    for year in sorted(totals):
        result.table.add(year, largest_remainder(totals[year], weights))


def _benefit(allocation, result: AllocationResult, calculation) -> None:
    """By the bodies' shares of the chosen alternative's discounted monetised benefits
    (benefits.selectors.benefit_party_shares): those who get the benefit pay. Benefits to
    residents, businesses or other organisations are left out (named in `left_out`), so the
    bodies' shares are scaled to the whole cost."""
    if calculation is None:
        result.problem = _("The activity has no benefit calculation.")
        return
    weights = {}
    for party in benefit_selectors.benefit_party_shares(calculation):
        if party.body_id is None:
            result.left_out.append(party.label)
            continue
        key = ("body", party.body_id)
        result.labels[key] = party.label
        weights[key] = weights.get(key, ZERO) + party.share
    if not weights:
        result.problem = _(
            "No body of the organisation receives a monetised benefit in the chosen "
            "alternative of the activity's benefit calculation."
        )
        return
    _split_years(allocation, result, weights)


# The organisation's overview --------------------------------------------------------------------


@dataclass
class Party:
    """One party of a shared project's population split."""

    key: Hashable
    label: str
    population: int | None
    source: str
    source_year: int | None = None
    is_owner: bool = False
    org_pk: int | None = None
    slug: str | None = None
    status: str = ""

    @property
    def source_label(self) -> str:
        label = PopulationSource(self.source).label
        if self.source == PopulationSource.KOLADA and self.source_year:
            return _("%(source)s (%(year)s)") % {"source": label, "year": self.source_year}
        return str(label)


@dataclass
class ProjectSplit:
    project: SharedProject
    parties: list[Party] = field(default_factory=list)
    pending: list[Participant] = field(default_factory=list)
    table: Table = field(default_factory=Table)
    problem: str = ""

    @property
    def labels(self) -> dict:
        return {p.key: p.label for p in self.parties}

    @property
    def rows(self) -> list[dict]:
        rows = _rows(self.table, self.labels)
        parties = {p.key: p for p in self.parties}
        for row in rows:
            row["party"] = parties[row["key"]]
        return rows

    def share_of(self, organisation_id: int) -> dict | None:
        """The row of one organisation (its own share)."""
        for row in self.rows:
            if row["party"].org_pk == organisation_id:
                return row
        return None

    @property
    def year_totals(self) -> list[Decimal]:
        return [self.table.year_total(y) for y in self.table.years]

    @property
    def population_total(self) -> int:
        return sum(p.population or 0 for p in self.parties)


def populations(organisations: Iterable) -> dict[int, tuple[int | None, str, int | None]]:
    """organisation pk → (population, source, year): Kolada N01951's latest stored value for
    the organisation's municipality when synced, else the organisation's record (one query)."""
    orgs = list({o.pk: o for o in organisations}.values())
    codes = [o.kolada_id for o in orgs if o.kolada_id]
    latest: dict[str, tuple[int, int]] = {}
    if codes:
        values = KoladaValue.objects.filter(
            kpi=POPULATION_KPI, municipality__in=codes, value__isnull=False
        ).order_by("municipality", "year")
        for v in values:
            latest[v.municipality] = (int(v.value), v.year)
    found = {}
    for o in orgs:
        if o.kolada_id in latest:
            value, year = latest[o.kolada_id]
            found[o.pk] = (value, PopulationSource.KOLADA, year)
        elif o.population:
            found[o.pk] = (o.population, PopulationSource.RECORD, None)
        else:
            found[o.pk] = (None, PopulationSource.MISSING, None)
    return found


def project_split(project: SharedProject, pops: dict | None = None) -> ProjectSplit:
    """A shared project's cost per party and year by population: the owner, the organisations
    that accepted and the external parties (invited ones count once they accept)."""
    participants = list(project.participants.all())
    if pops is None:
        pops = populations([project.organisation, *[p.member for p in participants if p.member_id]])
    split = ProjectSplit(project=project)

    def org_party(org, *, owner: bool) -> Party:
        value, source, year = pops[org.pk]
        return Party(
            key=("org", org.pk),
            label=org.name,
            population=value,
            source=source,
            source_year=year,
            is_owner=owner,
            org_pk=org.pk,
            slug=org.slug,
            status="" if owner else ParticipantStatus.ACCEPTED,
        )

    split.parties.append(org_party(project.organisation, owner=True))
    for p in participants:
        if p.is_external:
            split.parties.append(
                Party(
                    key=("external", p.pk),
                    label=p.name,
                    population=p.population,
                    source=PopulationSource.STATED,
                    status=ParticipantStatus.EXTERNAL,
                )
            )
        elif p.status == ParticipantStatus.ACCEPTED:
            split.parties.append(org_party(p.member, owner=False))
        else:
            split.pending.append(p)
    missing = [p.label for p in split.parties if not p.population]
    if missing:
        split.problem = _("The population of %(names)s is missing.") % {"names": ", ".join(missing)}
        return split
    totals = _yearly_totals(project)
    if not totals:
        split.problem = _("The project has no cost per year yet.")
        return split
    weights = {p.key: p.population for p in split.parties}
    for year in sorted(totals):
        split.table.add(year, largest_remainder(totals[year], weights))
    return split


def _project_queryset(qs):
    return qs.select_related("organisation", "activity").prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("member").order_by("id"),
        ),
        "activity__budget_lines",
    )


def owned_projects(*, access: Access):
    """The organisation's own shared projects, prefetched (4 queries)."""
    return _project_queryset(SharedProject.objects.for_access(access)).order_by("title", "id")


def participating_projects(*, access: Access):
    """Other organisations' projects the organisation accepted to take part in."""
    return _project_queryset(
        SharedProject.objects.visible_to_participant(access.organisation)
    ).order_by("title", "id")


def viewer_projects(*, access: Access):
    """The organisation's own projects and those it accepted, in one prefetched read."""
    both = SharedProject.objects.for_access(access).distinct() | (
        SharedProject.objects.visible_to_participant(access.organisation)
    )
    return _project_queryset(both).order_by("title", "id")


def invitations(*, access: Access):
    """Invitations addressed to the organisation that await an answer, with their project
    and owner (only the title and owner's name are shown before accepting)."""
    return (
        Participant.objects.addressed_to(access.organisation)
        .filter(status=ParticipantStatus.INVITED)
        .select_related("project", "project__organisation")
        .order_by("id")
    )


def invitation_get(*, access: Access, pk) -> Participant:
    """One invitation (any answer) addressed to the organisation, or 404."""
    found = (
        Participant.objects.addressed_to(access.organisation)
        .select_related("project", "project__organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def project_for_viewer(*, access: Access, ref) -> tuple[SharedProject, bool]:
    """(project, is_owner): the organisation's own project, or one it accepted to take part
    in; anything else is 404."""
    own = owned_projects(access=access).by_ref(ref).first()
    if own is not None:
        return own, True
    other = participating_projects(access=access).by_ref(ref).first()
    if other is None:
        raise Http404
    return other, False


def project_get(*, access: Access, ref) -> SharedProject:
    """The organisation's own project (for edits), or 404."""
    found = owned_projects(access=access).by_ref(ref).first()
    if found is None:
        raise Http404
    return found


def participant_get(*, access: Access, pk) -> Participant:
    """A participant of one of the organisation's own projects, or 404."""
    found = (
        Participant.objects.for_access(access)
        .select_related("project", "member")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def other_organisations(*, access: Access):
    """The organisations on this instance that can be invited (all but the own)."""
    return Organisation.objects.exclude(pk=access.organisation.pk).order_by("name")


@dataclass(frozen=True)
class CalculationSummary:
    """What a shared project shows of its activity's benefit calculation (read-only, to owner
    and participants alike): the horizon, the rate and the chosen alternative's results."""

    title: str
    first_year: int
    last_year: int
    discount_rate: Decimal
    alternative: str
    pv_costs: Decimal | None
    pv_benefits: Decimal | None
    npv: Decimal | None
    incremental_npv: Decimal | None
    benefit_cost_ratio: Decimal | None
    payback_year: int | None


def calculation_summary(project: SharedProject) -> CalculationSummary | None:
    """The benefit calculation of the project's activity, summarised (four queries), or None
    when the project has no activity or the activity no calculation."""
    if project.activity_id is None:
        return None
    calculation = benefit_selectors.calculation_for_activity(project.activity)
    if calculation is None:
        return None
    results = benefit_selectors.calculation_results(calculation)
    chosen = results.chosen
    return CalculationSummary(
        title=str(calculation),
        first_year=calculation.first_year,
        last_year=calculation.last_year,
        discount_rate=calculation.discount_rate,
        alternative=chosen.alternative.name if chosen else "",
        pv_costs=chosen.pv_costs if chosen else None,
        pv_benefits=chosen.pv_benefits if chosen else None,
        npv=chosen.npv if chosen else None,
        incremental_npv=chosen.incremental_npv if chosen else None,
        benefit_cost_ratio=chosen.benefit_cost_ratio if chosen else None,
        payback_year=chosen.incremental_payback_year if chosen else None,
    )


def _splits(projects: list) -> list[ProjectSplit]:
    orgs = []
    for project in projects:
        orgs.append(project.organisation)
        orgs.extend(p.member for p in project.participants.all() if p.member_id)
    pops = populations(orgs)
    return [project_split(project, pops) for project in projects]


def project_splits(projects: Iterable) -> list[ProjectSplit]:
    """The population split of each project, with one query for every population."""
    return _splits(list(projects))


def _calculations(access: Access, allocations: list) -> Calculations:
    """The benefit calculations the rules by benefit share need (four queries, or none)."""
    if not any(a.rule == AllocationRule.BENEFIT for a in allocations):
        return {}
    return {c.activity_id: c for c in benefit_selectors.calculation_list(access=access)}


def allocation_results(*, access: Access, allocations: list) -> list[AllocationResult]:
    """Each rule's result, the benefit calculations read once for all (fixed queries)."""
    calculations = _calculations(access, allocations)
    return [allocation_result(a, calculations=calculations) for a in allocations]


def organisation_overview(*, access: Access) -> dict:
    """Everything the allocation page shows, in a fixed number of queries:

    - `allocations`: each rule's AllocationResult;
    - `bodies`: the sum of every rule per body and year (`years`, `rows`, `year_totals`, `total`);
    - `projects`: ProjectSplit of each shared project the organisation owns or takes part in,
      with `own` (the organisation's row) — the per-organisation table.
    """
    results = allocation_results(access=access, allocations=list(allocation_list(access=access)))
    combined = Table()
    labels: dict = {}
    for r in results:
        combined.merge(r.table)
        labels.update(r.labels)
    shares = shared_project_shares(access=access)
    return {
        "allocations": results,
        "bodies": table_data(combined, labels),
        "projects": shares["projects"],
        "own_shares": shares["own_shares"],
    }


def shared_project_shares(*, access: Access) -> dict:
    """The shared projects the organisation owns or takes part in (`projects`: split, own row,
    is_owner) and its own share of each per year (`own_shares`), in four or five queries."""
    own_org = access.organisation.pk
    projects = []
    for split in _splits(list(viewer_projects(access=access))):
        projects.append(
            {
                "split": split,
                "own": split.share_of(own_org),
                "is_owner": split.project.organisation_id == own_org,
            }
        )
    own_table = Table()
    for p in projects:
        if p["own"] is not None:
            for year, amount in zip(p["split"].table.years, p["own"]["amounts"], strict=True):
                own_table.add(year, {("project", p["split"].project.pk): amount})
    labels = {("project", p["split"].project.pk): p["split"].project.title for p in projects}
    return {"projects": projects, "own_shares": table_data(own_table, labels)}


def activity_allocation(activity) -> dict:
    """The activity page's panel: its rule's table and the shared projects it is part of
    (the owner's view), in a fixed number of queries."""
    allocation = (
        CostAllocation.objects.for_org(activity.organisation_id)
        .filter(activity=activity)
        .select_related("activity")
        .prefetch_related(*_prefetches())
        .first()
    )
    result = None
    if allocation is not None:
        result = allocation_result(allocation)
    projects = _project_queryset(
        SharedProject.objects.for_org(activity.organisation_id).filter(activity=activity)
    ).order_by("title", "id")
    return {"result": result, "projects": project_splits(projects)}
