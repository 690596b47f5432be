"""Tenancy by default, kept by a test (docs/adr/0006-tenancy-by-default.md): outside `core`,
no code filters organisations by hand (`filter(organisation=…)`, `organisation_id=…`); every
read goes through the scoped manager (`for_access`, `for_org`); `unscoped()` appears only in
core, migrations, admin modules, management commands and the demo loader."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
HAND_FILTER = re.compile(
    r"\.(?:filter|exclude|get|get_or_create|update_or_create)\([^()]*\borganisation(?:_id)?="
    r"|get_object_or_404\([^()]*\borganisation(?:_id)?="
    r"|\borganisation_id="
)
UNSCOPED = re.compile(r"\.unscoped\(\)")
UNSCOPED_ALLOWED = ("core/", "/migrations/", "admin.py", "/management/commands/", "demo/")


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}":
            continue
        yield rel, path.read_text()


def _hits(pattern, allowed=()):
    found = []
    for rel, text in _sources():
        if rel.startswith("core/") or any(a in f"/{rel}" for a in allowed):
            continue
        # join continuation lines so a call split over lines is still one call
        flat = re.sub(r"\(\s*\n\s*", "(", re.sub(r",\s*\n\s*", ", ", text))
        for match in pattern.finditer(flat):
            line = flat[: match.start()].count("\n") + 1
            found.append(f"{rel}: {flat.splitlines()[line - 1].strip()}")
    return found


def test_no_hand_written_organisation_filters_outside_core():
    assert _hits(HAND_FILTER) == []


def test_unscoped_only_where_allowed():
    assert _hits(UNSCOPED, UNSCOPED_ALLOWED) == []


def test_the_rule_catches_what_it_should():
    sample = "Body.objects.filter(organisation=org)\nX.objects.get(organisation_id=1)"
    assert len(HAND_FILTER.findall(sample)) == 2
    assert not HAND_FILTER.findall('model_create(data={"organisation": org})')
