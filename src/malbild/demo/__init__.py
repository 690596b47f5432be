"""Demo data: the municipalities of Alingsås and Kristianstad, built from the public records in
the seeds (copied into `alingsas.py` and `kristianstad.py`) and loaded through the domain
services by `malbild demo` (`malbild.demo.management.commands.demo`). Every app's demo data
lives here (`consultation.py`, `followup.py`): no domain app imports this package.

This module imports nothing from Django so that the Makefile and README tooling can read
`ACCOUNTS` without configuring settings.
"""

PASSWORD = "malbild-demo"

# (username, description) of every demo account; all use PASSWORD.
ACCOUNTS: list[tuple[str, str]] = [
    ("demo-admin", "Administratör för Alingsås kommun och Kristianstads kommun"),
    ("alingsas-strateg", "Strateg i Alingsås kommun (redigerar alla styrdokument)"),
    (
        "alingsas-redaktor",
        "Redaktör i Alingsås kommun för Kultur- och fritidsnämnden och "
        "Kultur- och fritidsförvaltningen",
    ),
    ("alingsas-lasare", "Läsare i Alingsås kommun (läser allt, även utkast)"),
    ("kristianstad-strateg", "Strateg i Kristianstads kommun (redigerar alla styrdokument)"),
]

# Accounts created by the extension loaders (consultation), listed by `make run`.
EXTENSION_ACCOUNTS: list[tuple[str, str]] = [
    (
        "alingsas-remiss-kfn",
        "Remissinstans i Alingsås kommun: svarar på remisser för Kultur- och fritidsnämnden",
    ),
]

# Demo organisations in load order (slugs other engineers rely on).
ORGANISATION_SLUGS = ("alingsas", "kristianstad")

# Loaders run after the foundation data, in this order; each is idempotent.
EXTENSIONS = (
    "malbild.demo.consultation",
    # Before the follow-ups: they report the realised benefits of these calculations (ADR 0022).
    "malbild.demo.benefits",
    "malbild.demo.followup",
    "malbild.demo.cases",
    "malbild.demo.kolada",
    "malbild.demo.sheets",
    "malbild.demo.portal",
    "malbild.demo.financing",
)
