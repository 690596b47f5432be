"""The organisation's DCAT-AP-SE catalogue (JSON-LD) of its public open data: one
dcat:Dataset per published document (its adopted version) and per closed follow-up period of
one, each with a JSON and a CSV dcat:Distribution at their stable, absolute addresses.

DCAT-AP-SE (the Swedish profile of DCAT-AP, used by dataportal.se) requires of a catalogue
dct:title, dct:description, dct:publisher, dcat:dataset and dct:license; of a dataset
dct:title, dct:description and dct:publisher; of a distribution dcat:accessURL. We also give
dct:language, dct:issued / dct:modified, dcat:downloadURL, dcat:mediaType and dct:format.
Only what the portal publishes is listed (docs/adr/0015, addendum)."""

from django.utils import translation
from django.utils.translation import gettext as _

LICENCE_URI = "http://creativecommons.org/publicdomain/zero/1.0/"
LANGUAGE_URI = "http://publications.europa.eu/resource/authority/language/SWE"
FORMATS = {
    "json": {
        "mediaType": "https://www.iana.org/assignments/media-types/application/json",
        "format": "http://publications.europa.eu/resource/authority/file-type/JSON",
    },
    "csv": {
        "mediaType": "https://www.iana.org/assignments/media-types/text/csv",
        "format": "http://publications.europa.eu/resource/authority/file-type/CSV",
    },
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _date(value) -> dict | None:
    if value is None:
        return None
    day = value.date() if hasattr(value, "date") else value
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _distribution(url: str, fmt: str, title: str) -> dict:
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": {"@value": f"{title} ({fmt.upper()})", "@language": "sv"},
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": FORMATS[fmt]["mediaType"]},
        "dct:format": {"@id": FORMATS[fmt]["format"]},
        "dct:license": {"@id": LICENCE_URI},
    }


def _dataset(
    *, url: str, title: str, description: str, publisher: dict, files: dict, issued, modified
) -> dict:
    dataset = {
        "@id": url,
        "@type": "dcat:Dataset",
        "dct:title": {"@value": title, "@language": "sv"},
        "dct:description": {"@value": description, "@language": "sv"},
        "dct:publisher": publisher,
        "dct:language": {"@id": LANGUAGE_URI},
        "dct:license": {"@id": LICENCE_URI},
        "dcat:landingPage": {"@id": url},
        "dcat:distribution": [_distribution(u, fmt, title) for fmt, u in files.items()],
    }
    for key, value in (("dct:issued", _date(issued)), ("dct:modified", _date(modified))):
        if value:
            dataset[key] = value
    return dataset


def catalog(*, organisation, documents: list, periods: list, absolute, urls) -> dict:
    """The JSON-LD catalogue. `absolute(path)` makes an address absolute; `urls` gives the
    paths: urls.index(), urls.portal(), urls.document(d, fmt), urls.period(p, fmt),
    urls.document_page(d), urls.period_page(p)."""
    with translation.override("sv"):  # the catalogue's texts are in Swedish (dct:language)
        publisher = {
            "@id": absolute(urls.portal()),
            "@type": "foaf:Organization",
            "foaf:name": organisation.name,
        }
        datasets = []
        for d in documents:
            version = d.public_version
            datasets.append(
                _dataset(
                    url=absolute(urls.document_page(d)),
                    title=d.title,
                    description=_(
                        "The adopted version of the steering document %(title)s: sections, "
                        "focus areas, goals, indicators and activities."
                    )
                    % {"title": d.title},
                    publisher=publisher,
                    files={fmt: absolute(urls.document(d, fmt)) for fmt in ("json", "csv")},
                    issued=version.created_at,
                    modified=version.created_at,
                )
            )
        for p in periods:
            title = _("Follow-up %(period)s of %(title)s") % {
                "period": p.label,
                "title": p.document.title,
            }
            datasets.append(
                _dataset(
                    url=absolute(urls.period_page(p)),
                    title=title,
                    description=_(
                        "The closed follow-up period %(period)s of %(title)s: the status of "
                        "every activity and the values of every indicator, with the budget "
                        "outcome."
                    )
                    % {"period": p.label, "title": p.document.title},
                    publisher=publisher,
                    files={fmt: absolute(urls.period(p, fmt)) for fmt in ("json", "csv")},
                    issued=p.closed_at,
                    modified=p.closed_at,
                )
            )
        return {
            "@context": CONTEXT,
            "@id": absolute(urls.catalog()),
            "@type": "dcat:Catalog",
            "dct:title": {
                "@value": _("Open data from %(name)s") % {"name": organisation.name},
                "@language": "sv",
            },
            "dct:description": {
                "@value": _(
                    "The steering documents %(name)s publishes (their adopted versions) and "
                    "their closed follow-ups, as JSON and CSV, published under CC0 1.0."
                )
                % {"name": organisation.name},
                "@language": "sv",
            },
            "dct:publisher": publisher,
            "dct:license": {"@id": LICENCE_URI},
            "dct:language": {"@id": LANGUAGE_URI},
            "foaf:homepage": {"@id": absolute(urls.index())},
            "dcat:dataset": datasets,
        }
