"""Print the demo logins (from `malbild.demo.ACCOUNTS`) after `make run` has loaded the demo."""

import os
import sys


def main() -> int:
    # malbild.demo imports nothing from Django, so no settings are needed here.
    from malbild.demo import ACCOUNTS, EXTENSION_ACCOUNTS, PASSWORD

    accounts = ACCOUNTS + EXTENSION_ACCOUNTS
    width = max(len(username) for username, _ in accounts)
    print()
    print(f"Demo accounts (password for all: {PASSWORD}):")
    for username, description in accounts:
        print(f"  {username.ljust(width)}  {description}")
    print()
    address = os.environ.get("MALBILD_ADDR", "").strip() or "127.0.0.1:8000"
    print(f"Open http://{address}/ and log in. Stop the server with Ctrl+C.")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
