"""A post: its byline, related posts, call to action, and comments that wait for moderation,
never show an e-mail address, and survive every guard without losing what a person wrote."""

import datetime
import re

import pytest
from django.core.cache import cache

from blog.models import BlogSettings, Comment
from tests.factories import BlogPostPageFactory, CommentFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db

EMAIL = "private.person@example.org"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture
def post(blog_index, clinician, practice_settings):
    return BlogPostPageFactory(
        parent=blog_index,
        title="What is psychodynamic therapy?",
        slug="what-is-psychodynamic-therapy",
        author=clinician,
        body=[
            ("heading", {"text": "What to expect", "level": "h2"}),
            ("paragraph", "<p>" + "word " * 450 + "</p>"),
            ("call_to_action", {"heading": "", "text": ""}),
        ],
    )


def comment_data(**changes):
    return {
        "name": "Sam",
        "email": EMAIL,
        "body": "This was helpful, thank you.",
        "website": "",
    } | changes


def test_byline_shows_name_credentials_role_and_license_linking_to_profile(client, post):
    html = client.get(post.url).content.decode()
    byline = html.split('<p class="byline">')[1].split("</p>")[0]
    assert (
        '<a class="byline__name" href="/team/dr-cassidy-blair/">Dr. Cassidy Blair, Psy.D.</a>'
        in byline
    )
    assert "Licensed Clinical Psychologist" in byline and "PSY 22022" in byline
    assert "3 min read" in html


def test_call_to_action_block_uses_the_practice_phone_and_heading(client, post):
    cta = client.get(post.url).content.decode().split('<aside class="inline-cta">')[1]
    assert "Looking for a local psychologist?" in cta
    assert 'href="tel:3109994996">Call 310-999-4996</a>' in cta


def related_titles(html):
    section = html.split('id="related-heading"')[1].split("</section>")[0]
    return re.findall(r'class="post-card__link" href="[^"]+">([^<]+)</a>', section)


def test_related_posts_prefer_shared_topics_then_conditions_then_latest(
    client, blog_index, condition_index, practice_settings
):
    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety")
    day = datetime.date(2026, 5, 1)
    post = BlogPostPageFactory(
        parent=blog_index,
        title="Main",
        date=day,
        topics=["anxiety", "stress"],
        related_conditions=[anxiety],
    )
    BlogPostPageFactory(
        parent=blog_index, title="Newest, unrelated", date=day + datetime.timedelta(9)
    )
    BlogPostPageFactory(
        parent=blog_index,
        title="Shares a condition",
        date=day + datetime.timedelta(5),
        related_conditions=[anxiety],
    )
    BlogPostPageFactory(
        parent=blog_index,
        title="Shares one topic",
        date=day - datetime.timedelta(5),
        topics=["stress"],
    )
    BlogPostPageFactory(
        parent=blog_index,
        title="Shares two topics",
        date=day - datetime.timedelta(30),
        topics=["anxiety", "stress"],
    )
    BlogPostPageFactory(
        parent=blog_index, title="Old, unrelated", date=day - datetime.timedelta(90)
    )
    html = client.get(post.url).content.decode()
    assert related_titles(html) == ["Shares two topics", "Shares one topic", "Shares a condition"]


def test_related_posts_fall_back_to_the_latest(client, blog_index, practice_settings):
    day = datetime.date(2026, 5, 1)
    post = BlogPostPageFactory(parent=blog_index, title="Main", date=day, topics=["unique"])
    for n in range(4):
        BlogPostPageFactory(parent=blog_index, title=f"Other {n}", date=day + datetime.timedelta(n))
    assert related_titles(client.get(post.url).content.decode()) == [
        "Other 3",
        "Other 2",
        "Other 1",
    ]


def test_editor_can_pin_related_posts(client, blog_index, practice_settings):
    from blog.models import RelatedPost

    post = BlogPostPageFactory(parent=blog_index, title="Main", topics=["anxiety"])
    BlogPostPageFactory(parent=blog_index, title="Shares a topic", topics=["anxiety"])
    pinned = BlogPostPageFactory(parent=blog_index, title="Pinned one")
    RelatedPost.objects.create(page=post, post=pinned, sort_order=0)
    assert related_titles(client.get(post.url).content.decode()) == ["Pinned one"]


def test_a_comment_is_held_for_moderation(client, post):
    response = client.post(post.url, comment_data())
    assert response.status_code == 302
    assert response["Location"] == f"{post.url}?comment=received#comments"
    comment = Comment.objects.get()
    assert (comment.post_id, comment.status, comment.email) == (post.pk, "pending", EMAIL)
    html = client.get(response["Location"]).content.decode()
    assert "your comment has been received" in html
    assert "This was helpful, thank you." not in html


def test_approved_comments_show_oldest_first_and_never_the_email(client, post):
    CommentFactory(post=post, name="First", body="Older comment", email=EMAIL, status="approved")
    CommentFactory(post=post, name="Second", body="Newer comment", email=EMAIL, status="approved")
    CommentFactory(post=post, name="Hidden", body="Still pending", email=EMAIL)
    CommentFactory(post=post, name="Spammer", body="Buy now", email=EMAIL, status="spam")
    html = client.get(post.url).content.decode()
    assert html.index("Older comment") < html.index("Newer comment")
    assert "Still pending" not in html and "Buy now" not in html
    assert EMAIL not in html
    assert "2 comments" in html


def test_a_post_never_reads_its_commenters_email_addresses(client, post):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice.query_plans import statement_sql

    CommentFactory(post=post, name="Reader", body="Thank you", email=EMAIL, status="approved")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(post.url).content.decode()
    assert "Thank you" in html
    read = [statement_sql(query["sql"]) for query in captured.captured_queries]
    comments = [sql for sql in read if 'FROM "blog_comment"' in sql]
    assert comments, "the comments were not read"
    assert not [sql for sql in comments if '"blog_comment"."email"' in sql]


def test_a_comment_with_markup_is_shown_escaped(client, post):
    CommentFactory(post=post, body='<script>alert("x")</script><b>bold</b>', status="approved")
    html = client.get(post.url).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_form_says_email_is_not_published_and_points_to_the_crisis_line(client, post):
    html = client.get(post.url).content.decode()
    form = html.split('<form class="comment-form"')[1].split("</form>")[0]
    assert "Leave a comment" in form
    assert "Your e-mail address will not be published" in form
    assert "do not share personal health details" in form
    assert "crisis numbers" in form


def test_the_blank_form_is_rendered_once_per_process_and_a_filled_one_every_time(client, post):
    from blog.comments import CommentForm

    blank = CommentForm().fields_html()
    assert blank == "".join(str(field.as_field_group()) for field in CommentForm())
    assert CommentForm().fields_html() is blank  # kept, not rendered again
    assert str(blank) in client.get(post.url).content.decode()
    filled = CommentForm(comment_data(body="")).fields_html()
    assert filled is not blank and 'value="Sam"' in filled and "Write your comment" in filled
    assert CommentForm(initial={"name": "Sam"}).fields_html() is not blank


def test_honeypot_refuses_with_a_message_and_keeps_the_text(client, post):
    response = client.post(post.url, comment_data(website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Clear the box labeled “Leave this field empty”" in html
    assert "This was helpful, thank you.</textarea>" in html
    assert not Comment.objects.exists()


def test_length_limits_answer_with_a_message(client, post):
    response = client.post(post.url, comment_data(body="x" * 3001, name="n" * 81))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Shorten your comment to 3000 characters (it has 3001)" in html
    assert "Shorten your name to 80 characters or fewer" in html
    assert not Comment.objects.exists()


def test_missing_fields_and_bad_email_are_explained_and_tied_to_their_inputs(client, post):
    response = client.post(post.url, comment_data(name="", email="not-an-email", body=" "))
    html = response.content.decode()
    assert response.status_code == 400
    form = html.split('<form class="comment-form"')[1].split("</form>")[0]
    expected = [
        ("name", "Enter a name to show with your comment"),
        ("email", "Check the e-mail address: it needs a part after the @, like name@example.com"),
        ("body", "Write your comment before sending"),
    ]
    for field, message in expected:
        assert f'<p class="field__error" id="id_{field}_error">{message}</p>' in form
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', form).group(0)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="id_{field}_error"' in tag
    # The summary above the form lists each message on its own (it says what to do), linking to
    # its field, in the form's order.
    summary = form.split('role="alert"')[1].split("</div>")[0]
    assert "Your comment has not been sent yet. Please check these, then send it again:" in summary
    links = re.findall(r'<li><a href="#id_(\w+)">([^<]*)</a></li>', summary)
    assert links == expected
    assert 'value="not-an-email"' in form
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("sam@", "Check the e-mail address: it needs a part after the @, like name@example.com"),
        ("sam", "Check the e-mail address: it needs a part after the @, like name@example.com"),
        (
            "sam@example",
            "Check the e-mail address: the part after the @ needs a dot, like example.com",
        ),
        (
            "sam smith@example.org",
            "Check the e-mail address: it cannot have spaces, like name@example.com",
        ),
        ("", "Enter your e-mail address (it is never published)"),
    ],
)
def test_an_email_address_that_will_not_do_is_explained(client, post, email, message):
    html = client.post(post.url, comment_data(email=email)).content.decode()
    assert f'<p class="field__error" id="id_email_error">{message}</p>' in html
    assert "Enter a valid email address" not in html


def test_a_failed_comment_opens_at_its_error_summary_with_everything_kept(client, post):
    form_tag = (
        f'<form class="comment-form" method="post" action="{post.url}#form-errors" novalidate>'
    )
    assert form_tag in client.get(post.url).content.decode()
    response = client.post(post.url, comment_data(email="sam@", body="Kept, every word."))
    html = response.content.decode()
    assert response.status_code == 400 and form_tag in html
    # The fragment's target: focusable, so the browser moves the focus to it as it opens there.
    assert (
        '<div class="form-status form-status--error" role="alert" tabindex="-1" id="form-errors">'
        in (html)
    )
    assert 'name="name" value="Sam"' in html and 'value="sam@"' in html
    assert ">\nKept, every word.</textarea>" in html
    assert "(optional)" not in html.split('<form class="comment-form"')[1]


def test_rate_limit_per_client_keeps_the_text_and_says_when_to_retry(client, post):
    for n in range(5):
        assert client.post(post.url, comment_data(body=f"Comment number {n}")).status_code == 302
    response = client.post(post.url, comment_data(body="The sixth one"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Please wait a little and send again" in html
    assert "The sixth one</textarea>" in html
    assert Comment.objects.count() == 5
    other = client.post(post.url, comment_data(body="From elsewhere"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_comments_can_be_closed_per_post_and_site_wide(client, post, site):
    post.comments_open = False
    post.save_revision().publish()
    html = client.get(post.url).content.decode()
    assert "Comments are closed on this post." in html and "comment-form" not in html
    assert client.post(post.url, comment_data()).status_code == 403

    post.comments_open = True
    post.save_revision().publish()
    settings = BlogSettings.for_site(site)
    settings.comments_open = False
    settings.save()
    assert client.post(post.url, comment_data()).status_code == 403
    assert not Comment.objects.exists()


def test_condition_and_therapy_pages_list_posts_about_them(
    client, blog_index, condition_index, therapy_index, practice_settings
):
    from tests.factories import TherapyPageFactory

    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    therapy = TherapyPageFactory(parent=therapy_index, slug="cbt")
    BlogPostPageFactory(
        parent=blog_index, title="Calming a racing mind", related_conditions=[anxiety]
    )
    BlogPostPageFactory(parent=blog_index, title="How CBT sessions go", related_therapies=[therapy])
    BlogPostPageFactory(
        parent=blog_index, title="Draft about anxiety", related_conditions=[anxiety], live=False
    )
    html = client.get(anxiety.url).content.decode()
    assert "From our blog" in html and "Calming a racing mind" in html
    assert "Draft about anxiety" not in html and "How CBT sessions go" not in html
    assert "How CBT sessions go" in client.get(therapy.url).content.decode()
