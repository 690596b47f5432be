"""The `malbild` command: a thin wrapper around Django's manage.py.

`malbild demo`, `malbild serve`, `malbild setup`, `malbild createsuperuser`, `malbild migrate` …
`serve` is `runserver` with the Målbild default address: 127.0.0.1:8000, or `MALBILD_ADDR`
(`make run ADDR=0.0.0.0:8080` sets it).
"""

import os
import sys

ALIASES = {"serve": "runserver"}


def default_address() -> str:
    """Where `malbild serve` listens without an argument: `MALBILD_ADDR` or 127.0.0.1:8000."""
    return os.environ.get("MALBILD_ADDR", "").strip() or "127.0.0.1:8000"


def main(argv: list[str] | None = None, raw: bool = False) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malbild.conf.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if not raw and len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
        if argv[1] == "runserver" and len(argv) == 2:
            argv.append(default_address())
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
