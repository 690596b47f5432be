"""E-mail to a person an administrator added to an organisation (accounts.views).

A new account gets a link to set its password (Django's password-reset token: single use,
valid PASSWORD_RESET_TIMEOUT); an existing account gets a notice of the new role."""

import logging

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


def send_member_added(request, *, user, organisation, created: bool) -> None:
    context = {"user": user, "organisation": organisation, "created": created}
    if created:
        path = reverse(
            "accounts:password-set",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context["set_password_url"] = request.build_absolute_uri(path)
    else:
        context["login_url"] = request.build_absolute_uri(reverse("accounts:login"))
    subject = render_to_string("accounts/mail/member_added_subject.txt", context).strip()
    body = render_to_string("accounts/mail/member_added.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError as exc:  # smtplib errors are OSErrors: the role is granted all the same
        logger.warning("Could not send the member-added e-mail to user %s: %s", user.pk, exc)
