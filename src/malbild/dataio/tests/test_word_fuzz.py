"""Property tests: garbage and damaged Word files (random bytes, a real DOCX with bytes
flipped or cut, zips with random parts) never make the upload fail with anything but a named
refusal — through the service and through the API (4xx, never 500) — and never create a
document; random mappings of a real file never create a document with problems."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malbild.api.tests.helpers import BASE, token_for
from malbild.dataio import word_services
from malbild.dataio.models import WordImport
from malbild.dataio.word import mapping, sample
from malbild.dataio.word.reader import WordFileError, read_docx
from malbild.strategy.models import DocumentAttachment, FocusArea, SteeringDocument

FUZZ = settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REAL = sample.agenda_docx(focus_areas=2)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


damaged = st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.integers(0, len(REAL) - 1), st.binary(min_size=1, max_size=40)).map(
        lambda t: REAL[: t[0]] + t[1] + REAL[t[0] + len(t[1]) :]
    ),
    st.integers(0, len(REAL)).map(lambda n: REAL[:n]),
    st.dictionaries(
        st.sampled_from(
            ["[Content_Types].xml", "word/document.xml", "_rels/.rels", "word/styles.xml", "x"]
        ),
        st.binary(max_size=300) | st.just(b"<w:document/>"),
        max_size=5,
    ).map(_zip),
)


@FUZZ
@given(content=damaged)
def test_the_reader_only_ever_refuses_in_words(content):
    try:
        read_docx(content)
    except WordFileError as exc:
        assert str(exc)


@pytest.mark.django_db
@FUZZ
@given(content=damaged)
def test_a_damaged_upload_creates_nothing(access_of, strategist, content):
    try:
        word_import = word_services.word_import_create(
            access=access_of(strategist), filename="a.docx", content=content
        )
    except ValidationError as exc:
        assert exc.message_dict["file"]
    else:  # a flipped byte the package survives: the proposal is shown, nothing created
        assert word_import.elements
    assert not SteeringDocument.objects.exists()
    WordImport.objects.all().delete()


@pytest.mark.django_db
@FUZZ
@given(content=damaged)
def test_the_api_answers_a_damaged_upload_with_4xx(org, strategist, content):
    response = Client().post(
        f"{BASE}/organisations/{org.slug}/word-imports",
        {"file": SimpleUploadedFile("a.docx", content)},
        headers=token_for(strategist),
    )
    assert response.status_code in (201, 422), response.content
    assert not SteeringDocument.objects.exists()
    WordImport.objects.all().delete()


@pytest.mark.django_db
@FUZZ
@given(
    roles=st.lists(st.sampled_from(mapping.Role.values + ["x"]), min_size=1, max_size=40),
    texts=st.lists(st.text(max_size=40), max_size=40),
)
def test_any_mapping_creates_all_or_nothing(access_of, strategist, roles, texts):
    access = access_of(strategist)
    word_import = word_services.word_import_create(access=access, filename="a.docx", content=REAL)
    parts = [
        {
            "role": roles[n % len(roles)],
            "text": texts[n] if n < len(texts) else e["text"],
        }
        for n, e in enumerate(word_import.elements)
    ]
    try:
        word_services.word_import_remap(
            access=access, word_import=word_import, title="T", kind="vision", parts=parts
        )
        outline = word_services.outline(word_import)
        word_services.word_import_confirm(
            access=access,
            word_import=word_import,
            fingerprint_seen=word_services.fingerprint(word_import),
        )
    except ValidationError:
        assert not SteeringDocument.objects.exists() and not FocusArea.objects.exists()
        assert not DocumentAttachment.objects.exists()
    else:
        assert not outline.errors
        assert FocusArea.objects.count() == outline.counts["focus_areas"]
        SteeringDocument.objects.all().delete()
    WordImport.objects.all().delete()
