"""Swedish first: pages are in Swedish unless the visitor chose English with the language
switch (which sets the language cookie). The browser's Accept-Language is deliberately not
used for pages — a municipal service answers in Swedish even to an English-language browser —
but the API honours it, since API clients ask for a language explicitly."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
