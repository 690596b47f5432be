"""Model fields shared by the apps."""

from django.db import models


class OwnedOneToOneField(models.OneToOneField):
    """A one-to-one link between two organisation-owned rows whose uniqueness is declared by
    the model as a constraint on (organisation, this field) instead of a unique column: a
    table distributed on organisation_id can only enforce uniqueness that includes it
    (ADR 0029). Everything else is Django's one-to-one (the reverse accessor returns one row).
    Declare the constraint beside it:
    `models.UniqueConstraint(fields=["organisation", "<field>"], name=...)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._unique = False
