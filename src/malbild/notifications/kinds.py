"""The kinds of notification, registered by the apps that send them.

An app registers each kind once, in its `AppConfig.ready()`:

    register_kind(
        "followup.returned",
        label=_("A report was returned for correction"),
        template="followup/mail/returned",
    )

- `template`: the base name of three templates: `<template>_subject.txt` (one line),
  `<template>.txt` (the plain text part) and `<template>.html` (the HTML part); the two bodies
  usually extend `notifications/mail/base.txt` / `base.html`.
- `configurable` (default True): the recipient chooses on the profile page whether it comes
  at once, in the daily digest or not at all. False for mail a person must get at once
  (invitations, password reset): always sent immediately.
- `default`: the delivery when the recipient has chosen nothing (default: at once).
- `sensitive`: the message carries a one-time secret (a set-password link); its bodies and
  link are erased from the outbox once it is sent, and the admin never shows them.
"""

from dataclasses import dataclass

from .constants import Delivery


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    template: str
    configurable: bool = True
    default: str = Delivery.IMMEDIATE
    sensitive: bool = False


_kinds: dict[str, Kind] = {}


def register_kind(
    key: str,
    *,
    label,
    template: str,
    configurable: bool = True,
    default: str = Delivery.IMMEDIATE,
    sensitive: bool = False,
) -> Kind:
    """Register (or re-register, e.g. in tests) the kind `key`."""
    if default not in Delivery.values:
        raise ValueError(f"Unknown delivery {default!r}")
    kind = Kind(
        key=key,
        label=label,
        template=template,
        configurable=configurable,
        default=default,
        sensitive=sensitive,
    )
    _kinds[key] = kind
    return kind


def unregister_kind(key: str) -> None:
    _kinds.pop(key, None)


def get_kind(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"No notification kind registered as {key!r}") from None


def configurable_kinds() -> list[Kind]:
    """The kinds a recipient may choose the delivery of, in registration order."""
    return [k for k in _kinds.values() if k.configurable]


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key
