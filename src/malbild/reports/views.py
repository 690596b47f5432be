"""The status page of a background export (`jobs.py`), its download and its retry.

Only the user who asked, or an administrator of the job's organisation, sees a job; anyone
else gets 404. The address carries the job's opaque uid, which the page never prints.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from . import jobs
from .models import ExportState


class ExportStatusView(LoginRequiredMixin, TemplateView):
    template_name = "reports/export_status.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        job = jobs.job_for(self.request.user, kwargs["uid"])
        waited = timezone.now() - job.created_at
        ctx["job"] = job
        ctx["done"] = job.state == ExportState.DONE
        ctx["failed"] = job.state == ExportState.FAILED
        ctx["pending"] = job.is_pending
        ctx["no_worker"] = job.state == ExportState.QUEUED and waited > timedelta(
            seconds=settings.MALBILD_EXPORT_QUEUED_NOTICE_SECONDS
        )
        ctx["refresh_seconds"] = 2
        return ctx


class ExportFileView(LoginRequiredMixin, View):
    def get(self, request, uid):
        return jobs.response_for(jobs.job_for(request.user, uid))


class ExportRetryView(LoginRequiredMixin, View):
    def post(self, request, uid):
        job = jobs.job_for(request.user, uid)
        if job.state != ExportState.FAILED:
            return HttpResponseRedirect(jobs.status_url(job), status=303)
        return HttpResponseRedirect(jobs.status_url(jobs.export_retry(job=job)), status=303)
