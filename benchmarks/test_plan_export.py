"""Render time of the plan export (`malbild.strategy.exports.plan_file`, issue #10 §1): the
action plan's working copy and its adopted (frozen) version as PDF and DOCX, for the demo
(Alingsås) and the generated kommunkoncern (`make bench`). Every round starts with the chart
drawings' cache empty, as in a fresh worker.
"""

import pytest

from malbild.reports import charts
from malbild.strategy import exports
from malbild.strategy.models import DocumentVersion

ROUNDS = {"demo": 3, "kommunkoncern": 1}
MAGIC = {"pdf": b"%PDF", "docx": b"PK"}


def render(document, version, fmt):
    content, filename, content_type = exports.plan_file(document=document, version=version, fmt=fmt)
    assert content[:4].startswith(MAGIC[fmt]), filename
    assert filename.endswith(f".{fmt}")
    assert content_type
    return content


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("which", ["working_copy", "version"])
def test_plan_export(benchmark, dataset, fmt, which):
    name, data = dataset
    plan = data["plan"]
    version = None
    if which == "version":
        versions = DocumentVersion.objects.for_org(plan.organisation_id)
        version = versions.filter(document=plan).first()
        assert version is not None
    benchmark.group = name

    def cold():  # every round as in a fresh worker (test_renders.cold)
        charts._matplotlib_svg.cache_clear()
        return (plan, version, fmt), {}

    benchmark.pedantic(render, setup=cold, rounds=ROUNDS[name], iterations=1)
