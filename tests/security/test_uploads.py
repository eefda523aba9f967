"""Uploads: size limits before processing, decompression bombs, file types that could run
script, and how documents are served."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()


def png(width, height, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, editor, settings):
    client.force_login(editor)
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = upload_document(client, "verbale.pdf", b"%PDF-1.4 " + b"x" * 4096)
    assert response.status_code == 413
    assert "troppo grande" in response.text
    assert not Document.objects.exists()


def test_a_document_over_its_limit_gets_a_clear_message(client, editor, settings):
    client.force_login(editor)
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    response = upload_document(client, "bilancio.pdf", b"%PDF-1.4 " + b"x" * 500)
    assert response.status_code == 200
    assert "troppo grande" in response.text
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["pagina.html", "disegno.svg", "script.js", "pagina.htm"])
def test_types_that_could_run_script_cannot_be_uploaded_as_documents(client, editor, name):
    client.force_login(editor)
    response = upload_document(client, name, b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_svg_images_are_refused(client, editor):
    client.force_login(editor)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload_image(client, "logo.svg", svg)
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused_before_it_is_decoded(client, editor):
    client.force_login(editor)
    bomb = png(10_000, 10_000, mode="1")  # 100 million pixels in a few kilobytes
    assert len(bomb) < 100_000
    response = upload_image(client, "bomba.png", bomb)
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert "pixel" in response.text.lower()


def test_an_ordinary_image_is_accepted(client, editor):
    client.force_login(editor)
    response = upload_image(client, "piazza.png", png(800, 600))
    assert response.status_code == 302
    assert Image.objects.get().width == 800


def test_documents_other_than_pdf_are_downloads_never_pages(client, editor, home_page):
    text = Document.objects.create(
        title="Note", file=SimpleUploadedFile("note.txt", b"<script>alert(1)</script>")
    )
    response = client.get(text.url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"

    pdf = Document.objects.create(
        title="Statuto", file=SimpleUploadedFile("statuto.pdf", b"%PDF-1.4 minimal")
    )
    response = client.get(pdf.url)
    assert response.headers["Content-Disposition"].startswith("inline")
