"""The standard accessibility statement (tillgänglighetsredogörelse) of a portal, following
the structure DIGG asks for under the DOS law (lag 2018:1937): who the statement is for, how
accessible the site is, how to report a problem, the supervisory authority, and how the site
was assessed. An administrator replaces it with the organisation's own text."""

from django.utils.translation import gettext as _


def default_statement(organisation, settings) -> str:
    contact = []
    if settings.contact_email:
        contact.append(_("- e-mail: %(email)s") % {"email": settings.contact_email})
    if settings.contact_phone:
        contact.append(_("- telephone: %(phone)s") % {"phone": settings.contact_phone})
    contact.append(_("- the feedback form on this site"))
    return "\n\n".join(
        [
            _(
                "%(name)s is responsible for this website. We want as many people as possible "
                "to be able to use it. This statement describes how the site meets the law on "
                "accessibility of digital public services (lag (2018:1937) om tillgänglighet "
                "till digital offentlig service), known accessibility problems and how you can "
                "report problems to us so that we can fix them."
            )
            % {"name": organisation.name},
            "## " + _("How accessible is the website?"),
            _(
                "The site is built to meet WCAG 2.1 at level AA. Every page works without "
                "JavaScript and with the keyboard, charts are shown with their data as tables "
                "and described in words, and the site is available in Swedish and English."
            ),
            "## " + _("What can you do if you cannot use parts of the website?"),
            _(
                "If you need content from the site in another format, or find a problem that "
                "is not described here, tell us and we will answer as soon as we can:"
            ),
            "\n".join(contact),
            "## " + _("Supervision"),
            _(
                "The Agency for Digital Government (Myndigheten för digital förvaltning, DIGG) "
                "supervises the law. If you are not satisfied with how we handle your remarks, "
                "you can contact DIGG and report it (digg.se)."
            ),
            "## " + _("How we tested the website"),
            _(
                "Every page type of the site is tested automatically with axe-core in a real "
                "browser, on a narrow and a wide screen, and read with the keyboard."
            ),
        ]
    )
