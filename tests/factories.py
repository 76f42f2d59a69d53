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
    licence_type = "PSY"
    licence_number = factory.Sequence(lambda n: f"{30000 + n}")
    summary = "Works with adults and students."

    class Meta:
        model = ClinicianPage
