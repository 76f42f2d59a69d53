"""`{% picture %}` from practice_images: Wagtail's markup, kept, and never stale."""

import pytest
from django.template import Context, Template

from practice.templatetags import practice_images
from practice.wagtail_internals import picture_node_parts
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

TAG = '{% picture img format-{webp,jpeg} width-{200,400} sizes="50vw" alt=alt class="x" %}'


def render(load, image, alt=""):
    return Template("{% load " + load + " %}" + TAG).render(Context({"img": image, "alt": alt}))


@pytest.fixture(autouse=True)
def empty_store():
    practice_images.forget_pictures()
    yield
    practice_images.forget_pictures()


def test_the_markup_is_wagtails(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory(title="Calm room")
    kept = render("wagtailimages_tags practice_images", image, alt="A calm room")
    assert kept == render("wagtailimages_tags", image, alt="A calm room")
    assert "<picture>" in kept and 'alt="A calm room"' in kept and 'type="image/webp"' in kept


def test_the_markup_is_kept_and_served_without_queries(
    settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory()
    first = render("practice_images", image)
    with django_assert_num_queries(0):
        assert render("practice_images", image) == first


def test_a_changed_image_is_rendered_again(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory(title="Before")
    render("practice_images", image)
    image.title = "After"  # the alt text Wagtail falls back on
    image.save()
    after = render("practice_images", image)
    assert after == render("wagtailimages_tags", image)
    assert len(practice_images._markup) == 2  # a new key, not the old markup
    render("practice_images", image, alt="New words")
    assert len(practice_images._markup) == 3  # attributes are part of the key


def test_the_as_form_and_a_missing_image_are_wagtails(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory()
    template = Template(
        "{% load practice_images %}{% picture img width-{200} as pic %}{{ pic.renditions|length }}"
    )
    assert template.render(Context({"img": image})) == "1"
    assert render("practice_images", None) == ""


def test_wagtails_picture_node_has_the_parts_read():
    """Contract (practice.wagtail_internals.picture_node_parts)."""
    plain = Template('{% load wagtailimages_tags %}{% picture img width-{1,2} alt="a" %}')
    image_expr, specs, attrs, name = picture_node_parts(plain.nodelist[-1])
    assert image_expr.token == "img", "Wagtail's picture node no longer has image_expr"
    assert specs == ("width-{1,2}",), "Wagtail's picture node no longer has filter_specs"
    assert set(attrs) == {"alt"} and name is None, "Wagtail's picture node changed its attrs"
    named = Template("{% load wagtailimages_tags %}{% picture img width-{1,2} as p %}")
    assert picture_node_parts(named.nodelist[-1])[3] == "p", "no output_var_name any more"


def fresh(*images):
    """The images as a new request reads them: nothing of theirs in memory."""
    return [type(image).objects.get(pk=image.pk) for image in images]


def test_a_groups_renditions_are_read_in_one_query_when_first_needed(
    settings, tmp_path, django_assert_num_queries
):
    from practice.models import prefetch_renditions

    settings.MEDIA_ROOT = tmp_path
    made = ImageFactory(title="One"), ImageFactory(title="Two")
    expected = [render("wagtailimages_tags", image) for image in made]  # makes the renditions
    one, two = fresh(*made)
    with django_assert_num_queries(0):
        prefetch_renditions(one, two, None)  # nothing read yet
    with django_assert_num_queries(1):
        assert render("practice_images", one) == expected[0]  # both images' renditions
    with django_assert_num_queries(0):
        assert render("practice_images", two) == expected[1]
    # Another request for the same pictures: their markup is kept, no rendition is read at all.
    one, two = fresh(*made)
    with django_assert_num_queries(0):
        prefetch_renditions(one, two)
        assert [render("practice_images", image) for image in (one, two)] == expected


def test_the_link_preview_rendition_is_kept_and_follows_a_changed_image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory(file__width=1600, file__height=1200)
    spec = "fill-1200x630"
    first = practice_images.kept_rendition(image, spec)
    rendition = image.get_rendition(spec)
    assert first == (rendition.url, rendition.width, rendition.height)
    (image,) = fresh(image)
    assert practice_images.kept_rendition(image, spec) == first
    # A new focal point makes another crop, under another key: never the old one's address.
    image.focal_point_x, image.focal_point_y = 100, 100
    image.focal_point_width, image.focal_point_height = 50, 50
    image.save()
    (image,) = fresh(image)
    moved = practice_images.kept_rendition(image, spec)
    assert moved != first
    assert moved[0] == image.get_rendition(spec).url
