"""WSGI entry point (gunicorn malbild.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malbild.conf.production")
application = get_wsgi_application()
