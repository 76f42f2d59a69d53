"""tests/rendition_memo.py: a rendition made again in the same process gets the bytes made the
first time, without encoding; other inputs (another filter, focal point or file) are encoded."""

import pytest
from wagtail.images.models import Filter

from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def encodings(monkeypatch):
    made = []
    original = Filter.run

    def run(self, image, output, source=None):
        made.append(self.spec)
        return original(self, image, output, source=source)

    monkeypatch.setattr(Filter, "run", run)
    return made


def rendition_bytes(image, spec):
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    # As after a test's rollback: the row is gone, the next request makes it again.
    rendition.delete()
    return data


def test_the_same_rendition_again_is_not_encoded_and_has_the_same_bytes(encodings):
    image = ImageFactory()
    first = rendition_bytes(image, "fill-120x80|format-webp")
    again = rendition_bytes(image, "fill-120x80|format-webp")
    assert first == again and first[8:12] == b"WEBP"
    assert encodings == ["fill-120x80|format-webp"]


def test_another_filter_focal_point_or_file_is_encoded(encodings):
    image = ImageFactory()
    rendition_bytes(image, "fill-120x80|format-webp")
    rendition_bytes(image, "fill-60x40|format-webp")
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 5
    image.save()
    rendition_bytes(image, "fill-120x80|format-webp")
    other = ImageFactory(file__color="green")
    rendition_bytes(other, "fill-120x80|format-webp")
    wide, small = "fill-120x80|format-webp", "fill-60x40|format-webp"
    assert encodings == [wide, small, wide, wide]
