"""Pages that combine apps: health check, start page, an organisation's overview."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership
from malbild.core.access import access_for
from malbild.portal.selectors import portal_organisations
from malbild.web.middleware import database_unavailable_response
from malbild.web.mixins import OrgMixin

from .health import check_database
from .overview import organisation_overview, organisations_with_documents
from .todo import todo_context


@never_cache
def healthz(request):
    """200 when the database answers, has its schema and takes a write; 503 with the reason
    otherwise (for load balancers and monitoring; see `malbild.site.health`)."""
    reason = check_database(connection)
    if reason:
        body = {"status": "unavailable", "database": "error", "reason": reason}
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request):
    """Anonymous visitors: a short welcome, the organisations whose public portal is on and
    the way to log in. Logged-in users: their
    organisations and each organisation's documents, and — when they have one organisation —
    their to-do list in it (a fixed number of queries)."""
    organisations = (
        organisations_with_documents(user=request.user) if request.user.is_authenticated else []
    )
    # A respondent-only role opens no documents, but the consultations to answer.
    listed = {organisation.pk for organisation in organisations}
    respondent_organisations = []
    if request.user.is_authenticated:
        memberships = Membership.objects.filter(user=request.user, role=Role.RESPONDENT)
        for membership in memberships.select_related("organisation").order_by(
            "organisation__name", "organisation_id"
        ):
            if membership.organisation_id not in listed:
                listed.add(membership.organisation_id)
                respondent_organisations.append(membership.organisation)
    context = {
        "organisations": organisations,
        "respondent_organisations": respondent_organisations,
        "portals": [] if request.user.is_authenticated else list(portal_organisations()),
    }
    only = [*organisations, *respondent_organisations]
    if len(only) == 1:
        access = access_for(request.user, only[0])
        context.update(todo_context(access=access), todo_organisation=only[0])
    return render(request, "site/home.html", context)


class OverviewView(OrgMixin, TemplateView):
    """Documents, key counts and recent changes; first steps while there are no documents."""

    template_name = "site/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(organisation_overview(access=self.access))
        ctx.update(todo_context(access=self.access))
        return ctx


def server_error(request):
    """The 500 handler: a database that cannot be reached answers the 503 of
    `web.middleware.database_unavailable_response` wherever the error was raised (a view, or a
    middleware before it — sessions, authentication); anything else Django's own 500 page
    (templates/500.html)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable_response(request, error)
    return defaults.server_error(request)
