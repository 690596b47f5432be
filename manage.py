#!/usr/bin/env python
"""Django's command-line utility; `malbild` (src/malbild/cli.py) wraps the same."""

import sys

from malbild.cli import main

if __name__ == "__main__":
    sys.exit(main(["manage.py", *sys.argv[1:]], raw=True))
