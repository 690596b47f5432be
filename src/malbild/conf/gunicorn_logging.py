"""gunicorn configuration for production logging: the access and error logs go through the same
`RedactSecretLinks` filter as Django's loggers, so a secret-link token in a request line
(`GET /o/alingsas/remiss/rm_…/`) or a referer is written as `/remiss/[redacted]`.

    gunicorn -c python:malbild.conf.gunicorn_logging malbild.wsgi:application …

The filter sits on the loggers themselves (`gunicorn.access`, `gunicorn.error`), so it also
covers any handler gunicorn or an operator adds to them; both write to standard error/output
(the service manager's journal) and do not propagate to the root logger (no duplicate lines).
"""

# gunicorn reads the module's top-level names as settings.
accesslog = "-"
errorlog = "-"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secret_links": {"()": "malbild.core.logging.RedactSecretLinks"}},
    "formatters": {
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        },
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact_secret_links"],
            "stream": "ext://sys.stderr",
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["redact_secret_links"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["console"],
            "filters": ["redact_secret_links"],
            "propagate": False,
        },
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access_console"],
            "filters": ["redact_secret_links"],
            "propagate": False,
        },
    },
}
