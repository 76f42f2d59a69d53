"""The page tree is constrained in code: each page type only where it belongs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practice.demo import ensure_tree_roots
from practice.models import ClinicianPage, FeesPage, HomePage, StandardPage, TeamIndexPage
from tests.factories import (
    HomePageFactory,
    SuperUserFactory,
    TeamIndexPageFactory,
    clinician_finder_fields,
)


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = ensure_tree_roots()
        cls.home = HomePageFactory(parent=cls.root)
        cls.team = TeamIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.client.force_login(SuperUserFactory(username="tree-admin"))

    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_standard_page_under_home_or_another_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_team_index_only_under_home_and_holds_only_clinicians(self):
        self.assertAllowedParentPageTypes(TeamIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TeamIndexPage, {ClinicianPage})

    def test_clinician_page_only_under_team_index_and_is_a_leaf(self):
        self.assertAllowedParentPageTypes(ClinicianPage, {TeamIndexPage})
        self.assertAllowedSubpageTypes(ClinicianPage, set())
        self.assertCanNotCreateAt(HomePage, ClinicianPage)
        self.assertCanNotCreateAt(StandardPage, ClinicianPage)

    def test_fees_page_only_under_home_once_and_is_a_leaf(self):
        self.assertAllowedParentPageTypes(FeesPage, {HomePage})
        self.assertAllowedSubpageTypes(FeesPage, set())
        assert FeesPage.can_create_at(self.home)
        assert FeesPage.max_count == 1

    def test_only_one_home_page_and_one_team_index(self):
        assert not HomePage.can_create_at(self.root)
        assert not TeamIndexPage.can_create_at(self.home)
        assert StandardPage.can_create_at(self.home)

    def test_editor_can_create_a_standard_page_through_the_admin(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Fees",
                    "slug": "fees",
                    "summary": "What sessions cost.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Fees", "level": "h2"}),
                            ("paragraph", rich_text("<p>Sessions are 50 minutes.</p>")),
                            ("quote", {"quote": "Be kind.", "attribution": "Anon"}),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="fees")
        assert page.live
        assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote"]

    def test_editor_can_create_a_clinician_page_through_the_admin(self):
        self.assertCanCreate(
            self.team,
            ClinicianPage,
            nested_form_data(
                {
                    "title": "Dr. Sam Rivera",
                    "slug": "dr-sam-rivera",
                    "credentials": "Ph.D.",
                    "role": "Licensed Clinical Psychologist",
                    "license_type": "PSY",
                    "license_number": "12345",
                    "license_status": "licensed",
                    "summary": "Works with couples.",
                    "bio": rich_text("<p>Trained in Chicago.</p>"),
                    "condition_links": inline_formset([]),
                    "therapy_links": inline_formset([]),
                    **clinician_finder_fields(),
                }
            ),
        )
        assert ClinicianPage.objects.get(slug="dr-sam-rivera").license == "PSY 12345"

    def test_clinician_license_needs_both_type_and_number(self):
        response = self.client.post(
            f"/admin/pages/add/practice/clinicianpage/{self.team.pk}/",
            nested_form_data(
                {
                    "title": "Dr. No License Type",
                    "slug": "dr-no-license-type",
                    "role": "Psychologist",
                    "license_number": "777",
                    "license_status": "licensed",
                    "bio": rich_text(""),
                    "condition_links": inline_formset([]),
                    "therapy_links": inline_formset([]),
                }
            ),
        )
        assert response.status_code == 200
        assert "Give the license type" in response.content.decode()
        assert not ClinicianPage.objects.filter(slug="dr-no-license-type").exists()
