"""Blog pieces shown on pages of the apps below the blog (which must not import it)."""

from django import template

from blog.models import BlogPostPage
from blog.models.pages import with_card_images
from therapy_pages.models import ConditionPage, TherapyPage

register = template.Library()


@register.inclusion_tag("components/related_posts.html")
def posts_about(page, limit=3):
    """The latest live posts that name `page` (a condition or therapy) as a related topic."""
    posts = BlogPostPage.objects.live().defer_streamfields()
    if isinstance(page, ConditionPage):
        posts = posts.filter(related_conditions=page)
    elif isinstance(page, TherapyPage):
        posts = posts.filter(related_therapies=page)
    else:
        posts = posts.none()
    return {
        "page": page,
        "related_posts": list(with_card_images(posts).order_by("-date", "-pk")[:limit]),
    }
