"""Benefit calculations for tests, built through the services (so the zero alternative and
the first option exist as in real use)."""

from decimal import Decimal

from malbild.benefits import services
from malbild.benefits.selectors import calculation_for_activity


def build_calculation(access, activity, *, lines: int = 2, rate: str = "10", years: int = 3):
    """A calculation over 2025–(2025+years−1) at `rate` %: the zero alternative costs 50 a
    year (borne by the activity's body); the option has an investment of 100 in 2025 and
    `lines` − 1 benefit lines of 60 a year from 2026 (residents, yellow)."""
    calculation = services.calculation_create(
        access=access,
        activity=activity,
        data={"first_year": 2025, "years": years, "discount_rate": Decimal(rate)},
    )
    calculation = calculation_for_activity(activity)
    zero, option = sorted(calculation.alternatives.all(), key=lambda a: not a.is_zero)
    body = activity.responsible_body
    services.line_create(
        access=access,
        alternative=zero,
        data={
            "name": "Drift av nuvarande system",
            "direction": "cost",
            "kind": "operating",
            "party_kind": "body",
            "body": body,
            "certainty": "green",
        },
        amounts={2025 + t: Decimal(50) for t in range(years)},
    )
    services.line_create(
        access=access,
        alternative=option,
        data={
            "name": "Investering",
            "direction": "cost",
            "kind": "investment",
            "party_kind": "body",
            "body": body,
            "certainty": "green",
        },
        amounts={2025: Decimal(100)},
    )
    for i in range(lines - 1):
        services.line_create(
            access=access,
            alternative=option,
            data={
                "name": f"Tidsbesparing {i + 1}",
                "direction": "benefit",
                "kind": "operating",
                "party_kind": "residents",
                "certainty": "yellow",
                "assumptions": "10 minuter per ärende",
            },
            amounts={2025 + t: Decimal(60) for t in range(1, years)},
        )
    return calculation_for_activity(activity)
