"""URL converters. `ref`: a public reference to a row — its `uid` (a UUID) or, kept as an
alias, its integer id. Views resolve it with `OrganisationQuerySet.by_ref`."""


class RefConverter:
    regex = (
        r"[0-9]{1,18}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    )

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)
