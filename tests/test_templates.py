"""Template source checks that Django itself does not make."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "malbild"


def test_no_multi_line_short_comment():
    """Django strips `{# … #}` only on one line; across lines it is printed as text (it once
    appeared after every section of every PDF). Use {% comment %} for longer comments."""
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            for m in re.finditer(r"\{#", line):
                if "#}" not in line[m.end() :]:
                    offenders.append(f"{path.relative_to(SRC)}:{n}")
    assert offenders == []
