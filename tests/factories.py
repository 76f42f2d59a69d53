"""Factories for every page type and model the tests build. No hand-written JSON fixtures."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from practice.models import ClinicianPage, CustomImage, HomePage, StandardPage, TeamIndexPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ImageFactory(wagtail_factories.ImageFactory):
    description = "A quiet consulting room with two armchairs"

    class Meta:
        model = CustomImage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "site-home"
    hero_heading = "Therapy that makes room for the whole of you"
    hero_text = "A small group of licensed psychologists."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    summary = "A plain page."

    class Meta:
        model = StandardPage


class TeamIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our team"
    slug = "team"

    class Meta:
        model = TeamIndexPage


class ClinicianPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dr. Test Clinician {n}")
    credentials = "Psy.D."
    role = "Licensed Clinical Psychologist"
    license_type = "PSY"
    license_number = factory.Sequence(lambda n: f"{30000 + n}")
    summary = "Works with adults and students."

    class Meta:
        model = ClinicianPage
        skip_postgeneration_save = True

    # The pages a clinician works with are chosen as links (therapy_pages' ClinicianCondition
    # and ClinicianTherapy), written once the page exists.
    @factory.post_generation
    def conditions(obj, create, extracted, **kwargs):
        if extracted and create:
            obj.conditions.set(extracted)

    @factory.post_generation
    def therapies(obj, create, extracted, **kwargs):
        if extracted and create:
            obj.therapies.set(extracted)


class PopulationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Population {n}")

    class Meta:
        model = "therapy_pages.Population"
        django_get_or_create = ("name",)


class TherapyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Therapies"
    slug = "therapies"

    class Meta:
        model = "therapy_pages.TherapyIndexPage"


class ConditionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Conditions we treat"
    slug = "conditions"

    class Meta:
        model = "therapy_pages.ConditionIndexPage"


class TherapyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Therapy {n}")
    summary = "A talking therapy."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>How it works.</p>")])

    class Meta:
        model = "therapy_pages.TherapyPage"


class ConditionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Condition {n:03d}")
    summary = "A common difficulty."
    body = factory.LazyFunction(
        lambda: [("signs", {"heading": "Common signs", "intro": "", "items": ["Worry"]})]
    )

    class Meta:
        model = "therapy_pages.ConditionPage"


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = "blog.BlogIndexPage"


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post {n:04d}")
    summary = "A short summary of the post."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Some words about therapy.</p>")])

    class Meta:
        model = "blog.BlogPostPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)
            if create:
                obj.save()


class CommentFactory(factory.django.DjangoModelFactory):
    name = "Sam Reader"
    email = "sam.reader@example.com"
    body = "Thank you, this helped."

    class Meta:
        model = "blog.Comment"


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Request a consultation"
    slug = "contact"

    class Meta:
        model = "practice.ContactPage"


class FeesPageFactory(wagtail_factories.PageFactory):
    """A Fees page; its Good Faith Estimate notice starts from the model's default wording.
    Session fees: `session_fees=[SessionFee(session_type=..., fee=...)]`."""

    title = "Fees and insurance"
    slug = "fees"

    class Meta:
        model = "practice.FeesPage"


def clinician_finder_fields(page=None):
    """The clinician edit form's finder fields as the admin posts them (for `nested_form_data`):
    the page's own values, or a new profile's defaults. A ticked box posts "on"; an unticked one
    posts nothing."""
    from wagtail.test.utils.form_data import inline_formset

    page = page or ClinicianPage()
    data = {
        "accepting_new_clients": page.accepting_new_clients,
        "availability_confirmed_on": (
            page.availability_confirmed_on.isoformat() if page.availability_confirmed_on else ""
        ),
        "office": page.office_id or "",
        "licensed_states": list(page.licensed_states or []),
        "fee_low": "" if page.fee_low is None else page.fee_low,
        "fee_high": "" if page.fee_high is None else page.fee_high,
        "insurance_plans": page.insurance_plans,
        "population_links": inline_formset([]),
    }
    for name in ("offers_in_person", "offers_phone", "offers_video", "psypact_authority"):
        if getattr(page, name):
            data[name] = "on"
    if page.uses_practice_fees:
        data["uses_practice_fees"] = "on"
    if page.pk:
        data["languages"] = [str(pk) for pk in page.languages.values_list("pk", flat=True)]
    return data
