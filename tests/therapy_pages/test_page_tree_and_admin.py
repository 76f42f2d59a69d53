"""Therapy and condition pages live only where they belong, and the admin explains bad input."""

import datetime

from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from practice.demo import ensure_tree_roots
from practice.models import ClinicianPage, HomePage, StandardPage
from tests.factories import (
    ClinicianPageFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
    HomePageFactory,
    PopulationFactory,
    SuperUserFactory,
    TeamIndexPageFactory,
    TherapyIndexPageFactory,
)
from therapy_pages.models import ConditionIndexPage, ConditionPage, TherapyIndexPage, TherapyPage


def listblock(items):
    """Form data for a ListBlock, as the admin posts it."""
    return {
        "count": len(items),
        **{
            str(i): {"value": item, "deleted": "", "order": str(i), "id": ""}
            for i, item in enumerate(items)
        },
    }


CITATION = {
    "key": "shedler-2010",
    "authors": "Shedler, J.",
    "title": "The efficacy of psychodynamic psychotherapy",
    "source": "American Psychologist",
    "year": "2010",
    "doi": "10.1037/a0018378",
    "pmid": "",
    "url": "",
}


class TherapyPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = ensure_tree_roots()
        cls.home = HomePageFactory(parent=root)
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", root_page=cls.home, is_default_site=True)
        cls.therapies = TherapyIndexPageFactory(parent=cls.home)
        cls.conditions = ConditionIndexPageFactory(parent=cls.home)
        team = TeamIndexPageFactory(parent=cls.home)
        cls.reviewer = ClinicianPageFactory(parent=team, title="Dr. Cassidy Blair")
        cls.anxiety = ConditionPageFactory(parent=cls.conditions, title="Anxiety", slug="anxiety")
        cls.students = PopulationFactory(name="College and graduate students")

    def setUp(self):
        self.client.force_login(SuperUserFactory(username="editor"))

    def test_index_pages_sit_under_home_once_each(self):
        self.assertAllowedParentPageTypes(TherapyIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ConditionIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TherapyIndexPage, {TherapyPage})
        self.assertAllowedSubpageTypes(ConditionIndexPage, {ConditionPage})
        assert not TherapyIndexPage.can_create_at(self.home)
        assert not ConditionIndexPage.can_create_at(self.home)

    def test_therapy_and_condition_pages_only_under_their_index_and_are_leaves(self):
        self.assertAllowedParentPageTypes(TherapyPage, {TherapyIndexPage})
        self.assertAllowedParentPageTypes(ConditionPage, {ConditionIndexPage})
        self.assertAllowedSubpageTypes(TherapyPage, set())
        self.assertAllowedSubpageTypes(ConditionPage, set())
        for parent in (HomePage, StandardPage, ConditionIndexPage):
            self.assertCanNotCreateAt(parent, TherapyPage)
        self.assertCanNotCreateAt(TherapyIndexPage, ConditionPage)
        self.assertCanNotCreateAt(ClinicianPage, ConditionPage)

    def therapy_form(self, citation=None, **review):
        data = nested_form_data(
            {
                "title": "Psychodynamic therapy",
                "slug": "psychodynamic-therapy",
                "summary": "A depth psychotherapy.",
                "body": streamfield(
                    [
                        (
                            "evidence",
                            {
                                "heading": "Why it works",
                                "text": rich_text("<p>It works [@shedler-2010].</p>"),
                                "citations": listblock([citation or CITATION]),
                            },
                        ),
                    ]
                ),
                "reviewed_by": review.get("reviewed_by", self.reviewer.pk),
                "last_reviewed": review.get("last_reviewed", "2026-09-15"),
                "next_review_due": review.get("next_review_due", ""),
            }
        )
        # Multiple-choice fields post one value per choice (nested_form_data would index them).
        data["populations"] = [self.students.pk]
        data["conditions"] = [self.anxiety.pk]
        return data

    def test_editor_creates_a_therapy_with_relations_citations_and_review(self):
        self.assertCanCreate(self.therapies, TherapyPage, self.therapy_form())
        page = TherapyPage.objects.get(slug="psychodynamic-therapy")
        assert list(page.conditions.all()) == [self.anxiety]
        assert list(page.populations.all()) == [self.students]
        assert page.next_review_due == datetime.date(2027, 9, 15)
        assert list(self.anxiety.therapies.all()) == [page]

    def test_malformed_doi_gets_a_field_error_not_a_500(self):
        url = f"/admin/pages/add/therapy_pages/therapypage/{self.therapies.pk}/"
        response = self.client.post(
            url, self.therapy_form(citation={**CITATION, "doi": "1037/a0018378"})
        )
        assert response.status_code == 200
        assert "does not look like a DOI" in response.content.decode()
        assert not TherapyPage.objects.exists()

    def test_unknown_citation_marker_gets_a_field_error(self):
        url = f"/admin/pages/add/therapy_pages/therapypage/{self.therapies.pk}/"
        response = self.client.post(
            url, self.therapy_form(citation={**CITATION, "key": "other-2001"})
        )
        assert response.status_code == 200
        assert "cites a source that is not on this page" in response.content.decode()
        assert not TherapyPage.objects.exists()

    def test_review_due_before_last_review_gets_a_field_error(self):
        url = f"/admin/pages/add/therapy_pages/therapypage/{self.therapies.pk}/"
        response = self.client.post(
            url, self.therapy_form(last_reviewed="2026-09-15", next_review_due="2026-01-01")
        )
        assert response.status_code == 200
        assert "The next review must come after the last review." in response.content.decode()
        assert not TherapyPage.objects.exists()

    def test_condition_page_can_be_created_and_previewed(self):
        data = nested_form_data(
            {
                "title": "Grief",
                "slug": "grief",
                "summary": "Loss and what follows.",
                "body": streamfield(
                    [
                        (
                            "signs",
                            {
                                "heading": "Common signs",
                                "intro": "",
                                "items": listblock(["Numbness"]),
                            },
                        ),
                        (
                            "seek_help",
                            {"heading": "When to seek help now", "text": rich_text("<p>Now.</p>")},
                        ),
                    ]
                ),
                # Published at once, so signed off by a clinician (content_health.gate).
                "reviewed_by": str(self.reviewer.pk),
                "last_reviewed": timezone.localdate().isoformat(),
                "next_review_due": "",
            }
        )
        self.assertCanCreate(self.conditions, ConditionPage, data)
        page = ConditionPage.objects.get(slug="grief")
        self.assertPageIsPreviewable(page, post_data=data)
        self.assertPageIsRenderable(page)
