"""Contract tests for practice.wagtail_internals.remember_child_relations (the rest of that
module's are in test_wagtail_internals.py): modelcluster still asks its module functions for a
model's child relations when a page is built, and what is remembered is what it works out."""

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from modelcluster import models as cluster
from wagtail.models import Page

from practice.models import ClinicianPage
from therapy_pages.models import TherapyPage

pytestmark = pytest.mark.django_db

FUNCTIONS = ("get_all_child_relations", "get_all_child_m2m_relations")


def names(fields):
    return [getattr(field, "name", None) or field.get_accessor_name() for field in fields]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_remembered_child_relations_are_what_modelcluster_works_out(function):
    remembered = getattr(cluster, function)
    assert remembered.remembered is not None, "practice.apps did not install it"
    work_out = remembered.__wrapped__
    clusterable = [m for m in apps.get_models() if issubclass(m, cluster.ClusterableModel)]

    assert len(clusterable) > 10
    for model in clusterable:
        assert names(remembered(model)) == names(work_out(model)), model
        assert names(remembered(model())) == names(work_out(model)), model
    assert "populations" in names(cluster.get_all_child_m2m_relations(TherapyPage))


def test_modelcluster_builds_a_page_from_a_row_with_the_module_function(monkeypatch, home_page):
    asked = []
    remembered = cluster.get_all_child_relations

    def spy(model):
        asked.append(type(model))
        return remembered(model)

    monkeypatch.setattr(cluster, "get_all_child_relations", spy)
    Page.objects.get(pk=home_page.pk)
    ClinicianPage(title="A clinician")

    assert type(Page.objects.get(pk=home_page.pk)) in asked, (
        "ClusterableModel.__init__ no longer calls modelcluster.models.get_all_child_relations: "
        "rewrite practice.wagtail_internals.remember_child_relations"
    )
    assert ClinicianPage in asked


def test_child_relations_passed_to_a_new_page_are_still_set():
    page = TherapyPage(title="A therapy", populations=[], conditions=[])

    assert list(page.populations.all()) == []
    assert list(page.conditions.all()) == []


def test_a_list_handed_out_is_the_callers_own():
    first = cluster.get_all_child_relations(ClinicianPage)
    first.clear()

    assert "condition_links" in names(cluster.get_all_child_relations(ClinicianPage))


def test_a_model_class_added_later_makes_them_worked_out_again():
    remembered = cluster.get_all_child_relations.remembered
    cluster.get_all_child_relations(ClinicianPage)
    assert remembered

    with isolate_apps("practice"):

        class LaterModel(models.Model):
            class Meta:
                app_label = "practice"

            def __str__(self):
                return "a model class added after start-up"

    assert not remembered
