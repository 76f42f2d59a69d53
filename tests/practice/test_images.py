"""Images need alt text: a new image cannot be saved without a description of what it shows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from practice.models import CustomImage

pytestmark = pytest.mark.django_db


def png_upload(name="room.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 180, 160)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_project_uses_its_own_image_model():
    from wagtail.images import get_image_model

    assert get_image_model() is CustomImage


def test_image_upload_without_alt_text_is_refused_with_a_message(admin_client, root_page):
    response = admin_client.post(
        "/admin/images/add/", {"title": "Consulting room", "file": png_upload(), "description": ""}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not CustomImage.objects.exists()


def test_image_upload_with_alt_text_is_saved(admin_client, root_page):
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Consulting room", "file": png_upload(), "description": "Two armchairs"},
    )
    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.alt_text == "Two armchairs"
