"""Content checks as staff write (content_health/): reading level, clinical sign-off and honest
claims, through the admin's real edit and preview screens, the preview box and the report."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPostPage
from content_health.checks import claim_findings, months_before
from content_health.health import refresh_all
from content_health.models import ClaimRule, ContentStandards, PageHealth, ReadingLevel
from content_health.readability import page_sections, reading_level
from tests.factories import BlogPostPageFactory, ConditionPageFactory, TherapyPageFactory
from therapy_pages.models import ConditionPage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# About grade 14: long sentences and long words.
HARD = (
    "<p>Psychodynamic therapy looks at how feelings we are not aware of, often formed in our "
    "earliest relationships, continue to shape the way we behave with other people today. By "
    "exploring patterns that keep returning, including the ones that appear in the relationship "
    "with the therapist, many people gradually develop a deeper understanding of themselves and "
    "more flexibility in how they respond. Research shows that these benefits usually last and "
    "frequently continue to increase after treatment has ended.</p>"
)
# The same, rewritten at about grade 7.
EASY = (
    "<p>Psychodynamic therapy looks at feelings we are not fully aware of. Many of them began in "
    "our early relationships, and they still shape how we act today. In therapy you notice "
    "patterns that keep coming back, even with your therapist. Over time, most people "
    "understand themselves better and feel freer. Studies show that these gains often last "
    "after therapy ends, and they can even grow.</p>"
)


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def post(blog_index, clinician):
    page = BlogPostPageFactory(
        parent=blog_index, title="Coping with winter", slug="coping-with-winter", author=clinician
    )
    page.save_revision().publish()
    return page


def post_form(post, html, **changes):
    return nested_form_data(
        {
            "title": post.title,
            "slug": post.slug,
            "author": post.author_id,
            "date": TODAY.isoformat(),
            "summary": "Short days and low mood.",
            "hero_image": "",
            "body": streamfield([("paragraph", rich_text(html))]),
            "tags": "",
            "pinned_related": inline_formset([]),
            "comments_open": "on",
        }
        | changes
    )


def edit(client, page, data, publish=False):
    if publish:
        data = data | {"action-publish": "publish"}
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def blocking(on=True):
    rules = ContentStandards.load()
    rules.block_above_target = on
    rules.save()


# --- Reading level ---------------------------------------------------------------------------


def test_the_grade_counts_what_a_visitor_reads_not_the_admins_fields(post):
    post.search_description = "Supercalifragilistic psychopharmacological considerations. " * 5
    sections = page_sections(post)
    assert sections[0].heading == "Coping with winter"
    assert "Some words about therapy." in sections[0].texts
    assert all("Supercali" not in text for s in sections for text in s.texts)


def test_citations_are_not_read_and_markers_do_not_count_as_words(demo):
    guide = BlogPostPage.objects.get(slug="what-is-psychodynamic-therapy")
    text = "\n".join(t for s in page_sections(guide) for t in s.texts)
    assert "Shedler" not in text and "10.1037" not in text  # the sources list
    assert "[@shedler-2010]" in text  # kept for the claims check
    assert all("[@" not in sentence for sentence in reading_level(guide).longest)


def test_grade_14_shows_the_warning_with_the_longest_sentences(editor_client, post):
    response = edit(editor_client, post, post_form(post, HARD))
    assert response.status_code == 200
    html = response.content.decode()
    reading = reading_level(BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object())
    assert 13 <= reading.grade <= 16
    assert f"Reading grade {reading.grade_label}</strong>, target 8" in html
    assert "Above target: it can be published" in html
    assert "By exploring patterns that keep returning" in html  # the longest sentence, listed
    post.refresh_from_db()
    stored = ReadingLevel.objects.get(revision=post.latest_revision)
    assert float(stored.grade) == reading.grade and stored.target == 8
    assert stored.longest[0].startswith("By exploring patterns")


def test_above_target_publishes_with_a_warning_when_not_blocking(editor_client, post):
    response = edit(editor_client, post, post_form(post, HARD), publish=True)
    post.refresh_from_db()
    assert "Psychodynamic therapy looks at how feelings" in str(post.body)  # published
    assert "Content checks: Reading grade" in response.content.decode()


def test_blocking_refuses_grade_14_and_the_grade_7_rewrite_publishes(editor_client, post):
    blocking()
    response = edit(editor_client, post, post_form(post, HARD), publish=True)
    html = response.content.decode()
    assert "make it easier to read to publish" in html
    post.refresh_from_db()
    assert "Some words about therapy" in str(post.body)  # the live post is unchanged

    response = edit(editor_client, post, post_form(post, EASY), publish=True)
    post.refresh_from_db()
    assert "Many of them began in our early relationships" in str(post.body)
    grade = ReadingLevel.objects.filter(page=post).order_by("-computed_at").first().grade
    assert 6 <= grade <= 8


def test_blocking_never_stops_a_draft(editor_client, post):
    blocking()
    edit(editor_client, post, post_form(post, HARD))
    post.refresh_from_db()
    assert "By exploring patterns" in str(post.get_latest_revision_as_object().body)


def test_preview_shows_the_grade_to_the_writer_and_visitors_never_see_it(
    editor_client, client, post
):
    url = f"/admin/pages/{post.pk}/edit/preview/"
    data = post_form(post, HARD)
    assert editor_client.post(url, data).json()["is_valid"]
    html = editor_client.get(url).content.decode()
    assert 'class="preview-checks"' in html
    assert "Reading grade <strong>" in html and "By exploring patterns" in html
    public = client.get(post.url).content.decode()
    assert "preview-checks" not in public and "Reading grade" not in public


# --- Clinical sign-off -----------------------------------------------------------------------


def condition_form(reviewer, last_reviewed, **changes):
    return nested_form_data(
        {
            "title": "Grief",
            "slug": "grief",
            "summary": "Loss and what follows.",
            "body": streamfield(
                [
                    (
                        "paragraph",
                        rich_text("<p>Grief comes in waves. It can feel like a weight.</p>"),
                    )
                ]
            ),
            "reviewed_by": reviewer.pk if reviewer else "",
            "last_reviewed": last_reviewed.isoformat() if last_reviewed else "",
            "next_review_due": "",
        }
        | changes
    )


def add_condition(client, condition_index, data, publish=True):
    url = f"/admin/pages/add/therapy_pages/conditionpage/{condition_index.pk}/"
    return client.post(url, data | ({"action-publish": "publish"} if publish else {}), follow=True)


def test_a_condition_page_without_a_reviewer_is_refused_with_a_field_message(
    editor_client, condition_index
):
    html = add_condition(editor_client, condition_index, condition_form(None, None)).content
    assert b"Choose the clinician who reviewed this page before publishing." in html
    assert b"Give the day of the last clinical review before publishing." in html
    assert not ConditionPage.objects.filter(slug="grief").exists()
    # As a draft it saves: sign-off is needed to publish, not to write.
    add_condition(editor_client, condition_index, condition_form(None, None), publish=False)
    assert not ConditionPage.objects.get(slug="grief").live


def test_a_review_older_than_the_interval_is_refused(editor_client, condition_index, clinician):
    old = months_before(TODAY, 12) - datetime.timedelta(days=1)
    html = add_condition(editor_client, condition_index, condition_form(clinician, old)).content
    assert b"The last review is more than 12 months old" in html
    assert not ConditionPage.objects.filter(slug="grief").exists()

    add_condition(editor_client, condition_index, condition_form(clinician, TODAY))
    assert ConditionPage.objects.get(slug="grief").live


def test_the_interval_is_the_practices_and_never_more_than_three_years():
    rules = ContentStandards.load()
    rules.review_interval_months = 37
    with pytest.raises(ValidationError) as refused:
        rules.full_clean()
    assert "36" in str(refused.value.message_dict["review_interval_months"])
    rules.review_interval_months = 36
    rules.full_clean()  # three years is the longest allowed, and allowed


def test_a_second_reviewer_is_needed_when_the_practice_asks(
    client, clinician_user, condition_index, clinician, editor_user
):
    rules = ContentStandards.load()
    rules.second_reviewer = True
    rules.save()
    page = ConditionPageFactory(
        parent=condition_index,
        title="Grief",
        slug="grief",
        reviewed_by=clinician,
        last_reviewed=TODAY,
    )
    page.save_revision().publish()
    from content_health.checks import review_refusals
    from content_health.gate import PublishIntent

    refused = review_refusals(page, PublishIntent(True, clinician_user))
    assert "another clinician must review your change" in refused["reviewed_by"]
    assert review_refusals(page, PublishIntent(True, editor_user)) == {}


# --- Honest claims ---------------------------------------------------------------------------


def test_guaranteed_to_cure_your_anxiety_is_flagged_with_its_rule(post):
    post.body = [("paragraph", "<p>Our program is guaranteed to cure your anxiety.</p>")]
    findings = claim_findings(post)
    messages = " ".join(f.message for f in findings)
    assert "“guaranteed”" in messages and "“cure”" in messages
    rules = {f.rule_name for f in findings}
    assert any("651" in name for name in rules) and any("5.01" in name for name in rules)
    assert all(f.rule_url.startswith("https://") for f in findings)


def test_superlatives_reviews_and_uncited_statistics_are_flagged(post):
    post.body = [
        (
            "paragraph",
            "<p>We are the best therapists in Los Angeles. Please leave us a review.</p>",
        ),
        ("heading", {"text": "What research says", "level": "h2"}),
        ("paragraph", "<p>Therapy helps 80% of people.</p>"),
    ]
    messages = [f.message for f in claim_findings(post)]
    assert any("“best therapists”" in m for m in messages)
    assert any("“leave us a review”" in m for m in messages)
    assert any("“80%” in “What research says” has no source" in m for m in messages)


def test_a_cited_statistic_is_not_flagged_and_the_list_is_the_practices(post):
    post.body = [("paragraph", "<p>About 1 in 5 adults has anxiety [@nimh-2024].</p>")]
    assert claim_findings(post) == []
    ClaimRule.objects.create(
        phrase="life-changing", kind="promise", why="A promise.", rule_name="House rule"
    )
    post.body = [("paragraph", "<p>A life-changing hour.</p>")]
    assert [f.rule_name for f in claim_findings(post)] == ["House rule"]


def test_the_editor_shows_claim_flags_with_a_link_to_the_rule(editor_client, post):
    edit(editor_client, post, post_form(post, "<p>Results are guaranteed.</p>"))
    html = editor_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "“guaranteed”" in html
    assert 'href="https://leginfo.legislature.ca.gov/' in html


# --- The report ------------------------------------------------------------------------------


@pytest.fixture
def troubled(condition_index, therapy_index, blog_index, clinician):
    """One page per problem, all live."""
    stale = ConditionPageFactory(
        parent=condition_index,
        title="Panic",
        slug="panic",
        reviewed_by=clinician,
        last_reviewed=TODAY - datetime.timedelta(days=500),
        next_review_due=TODAY - datetime.timedelta(days=135),
    )
    hard = BlogPostPageFactory(
        parent=blog_index,
        title="Hard words",
        slug="hard-words",
        author=clinician,
        body=[("paragraph", HARD)],
    )
    claims = BlogPostPageFactory(
        parent=blog_index,
        title='=HYPERLINK("http://x.example")',
        slug="claims",
        author=clinician,
        body=[("paragraph", "<p>Guaranteed to cure your anxiety.</p>")],
    )
    fine = TherapyPageFactory(
        parent=therapy_index,
        title="Fine",
        slug="fine",
        reviewed_by=clinician,
        last_reviewed=TODAY,
        summary="Plain words.",
    )
    for page in (stale, hard, claims, fine):
        page.save_revision().publish()
    refresh_all()
    return {"stale": stale, "hard": hard, "claims": claims, "fine": fine}


def test_the_report_lists_each_problem_and_filters_them(editor_client, troubled):
    html = editor_client.get("/admin/reports/content-health/").content.decode()
    for title in ["Panic", "Hard words", "Fine"]:
        assert title in html
    assert "Overdue since" in html
    rows = {r.page_id: r for r in PageHealth.objects.all()}
    assert rows[troubled["hard"].pk].above_target
    assert rows[troubled["claims"].pk].claim_flags == 2
    assert not rows[troubled["fine"].pk].attention

    attention = editor_client.get("/admin/reports/content-health/?attention=true").content.decode()
    assert "Hard words" in attention and "Panic" in attention and ">Fine<" not in attention
    claims = editor_client.get("/admin/reports/content-health/?problem=claims").content.decode()
    assert "HYPERLINK" in claims and "Hard words" not in claims


def test_the_report_exports_safely(editor_client, troubled):
    response = editor_client.get("/admin/reports/content-health/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Page", "Type", "Reading grade"]
    titles = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x.example")' in titles  # neutralised, never a formula
    xlsx = editor_client.get("/admin/reports/content-health/?export=xlsx")
    assert xlsx.status_code == 200


def test_the_dashboard_counts_pages_needing_attention(editor_client, troubled):
    from content_health.health import attention_q

    needing = PageHealth.objects.filter(attention_q())
    assert {troubled[k].pk for k in ("stale", "hard", "claims")} <= set(
        needing.values_list("page_id", flat=True)
    )
    html = editor_client.get("/admin/").content.decode()
    assert (
        f"{needing.count()} pages</strong> of {PageHealth.objects.count()} need attention" in html
    )
    assert 'href="/admin/reports/content-health/?attention=true"' in html


def test_clinicians_cannot_open_the_report_or_the_standards(client, clinician_user):
    client.force_login(clinician_user)
    for url in ["/admin/reports/content-health/", "/admin/snippets/content_health/claimrule/"]:
        assert client.get(url).status_code == 302  # back to the dashboard, refused
    assert "Content health" not in client.get("/admin/").content.decode()


def test_every_demo_page_meets_the_default_targets(demo):
    refresh_all()
    assert PageHealth.objects.count() >= 16
    needing = [(r.page.title, r.flags) for r in PageHealth.objects.all() if r.attention]
    assert needing == []
    grades = [r.grade for r in PageHealth.objects.exclude(grade=None)]
    assert grades and max(grades) <= 8


def test_an_overdue_review_is_flagged_to_editors_on_the_page(editor_client, troubled, client):
    stale = troubled["stale"]
    html = editor_client.get(f"/admin/pages/{stale.pk}/edit/").content.decode()
    assert "Needed to publish:" in html and "more than 12 months old" in html
    public = client.get(stale.url).content.decode()
    assert f'<time datetime="{stale.last_reviewed.isoformat()}">' in public  # the review date stays
    assert "months old" not in public and "Needed to publish" not in public
