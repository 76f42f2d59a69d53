"""Readers' comments: the form, its guards (honeypot, rate limit, length limits) and how a post
answers a submission. Every comment waits for moderation; nothing a person wrote is lost when a
guard stops it, because the form comes back with their words in it."""

from django import forms
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from blog.models.comments import Comment
from blog.models.settings import BlogSettings
from practice.forms import HoneypotMixin, KeptBlankFormMixin, PublicFormMixin
from practice.http import rate_limited
from practice.page_cache import private_param
from practice.query_plans import QueryPlan

RATE_LIMIT = 5  # comments per client address …
RATE_WINDOW = 10 * 60  # … per ten minutes
RECEIVED_PARAM = "comment"
FORM_ERROR = "Your comment has not been sent yet. Please check these, then send it again:"


class CommentForm(KeptBlankFormMixin, HoneypotMixin, PublicFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {"email": "E-mail (never published)", "body": "Your comment"}
        help_texts = {"email": ""}  # the label says it is never published
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        # Each message says what to do and stands alone: the error summary lists it without the
        # field's label. A bad e-mail address is explained by practice.forms.email_advice.
        error_messages = {
            "body": {
                "required": "Write your comment before sending",
                "max_length": "Shorten your comment to %(limit_value)d characters (it has "
                "%(show_value)d)",
            },
            "name": {
                "required": "Enter a name to show with your comment",
                "max_length": "Shorten your name to %(limit_value)d characters or fewer",
            },
            "email": {
                "required": "Enter your e-mail address (it is never published)",
                "max_length": "Check the e-mail address: it is longer than an address can be",
            },
        }

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError("Write your comment before sending")
        return body


def comments_open(post, request):
    return post.comments_open and BlogSettings.for_request(request).comments_open


APPROVED_COMMENTS = QueryPlan("a post's approved comments")


def approved_comments(post):
    """The post's approved comments, oldest first, with only what the page shows of them: never
    the e-mail address a commenter gave the practice. The query's SQL is built once."""
    if not post.pk:
        return []

    def build(pk):
        approved = Comment.objects.approved().filter(post=pk).order_by("created")
        return approved.only("pk", "name", "body", "created")

    return APPROVED_COMMENTS.rows(None, build, post.pk)


def comment_context(post, request, form=None, error=None):
    return {
        "comments": approved_comments(post),
        "comments_open": comments_open(post, request),
        "comment_form": form or CommentForm(),
        "comment_error": error,
        "comment_received": private_param(request, RECEIVED_PARAM) == "received",
        "blog_settings": BlogSettings.for_request(request),
    }


def render_post(post, request, status, form=None, error=None):
    context = post.get_context(request)
    context.update(comment_context(post, request, form=form, error=error))
    return TemplateResponse(request, post.get_template(request), context, status=status)


def handle_comment(post, request):
    """POST to a post: store a valid comment as pending and redirect; otherwise show the post
    again with a clear message and the person's text still in the form."""
    # Another site's form never reaches here: practice.csrf refuses it (accepts_public_form_posts).
    form = CommentForm(request.POST)
    if not comments_open(post, request):
        return render_post(post, request, 403, form, "Comments are closed on this post.")
    if not form.is_valid():
        return render_post(post, request, 400, form, FORM_ERROR)
    if rate_limited("comment", request, RATE_LIMIT, RATE_WINDOW):
        return render_post(
            post,
            request,
            429,
            form,
            "You have sent several comments in the last few minutes. Please wait a little and "
            "send again: your comment is still in the form below.",
        )
    comment = form.save(commit=False)
    comment.post = post
    comment.save()
    return HttpResponseRedirect(f"{post.url}?{RECEIVED_PARAM}=received#comments")
