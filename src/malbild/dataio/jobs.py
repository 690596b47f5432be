"""The background import (`django.tasks`, database backend `django_tasks_db`), as
`malbild.reports.jobs` runs exports: the view enqueues, a `db_worker` runs it, the status page
(`dataio:import-status`) refreshes itself until the import is done or refused."""

from django.tasks import task

from .services import sheet_import_run


@task()
def run_import(sheet_import_pk: int) -> str:
    """Import a confirmed file (services.sheet_import_run: one transaction, all or nothing)."""
    return sheet_import_run(pk=sheet_import_pk)
