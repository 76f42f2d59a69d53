"""Blog pieces shown on pages of the apps below the blog (which must not import it)."""

from django import template

from blog.models.posts import public_posts
from practice.models import prefetch_renditions
from therapy_pages.models import ConditionPage, TherapyPage

register = template.Library()


@register.simple_tag(takes_context=True)
def posts_about(context, page, limit=3):
    """`{% posts_about page as related_posts %}`: the latest public posts (`public_posts`) that
    name `page` (a condition or therapy) as a related topic, with their authors and pictures.

    The renditions of the cards' pictures and of the page's own (its body's figures) are read
    together in one query, so use the tag before the page's body is rendered."""
    posts = public_posts(context.get("request"))
    if isinstance(page, ConditionPage):
        posts = posts.filter(related_conditions=page)
    elif isinstance(page, TherapyPage):
        posts = posts.filter(related_therapies=page)
    else:
        posts = posts.none()
    posts = list(posts.select_related("hero_image").order_by("-date", "-pk")[:limit])
    prefetch_renditions(*page.get_content_images(), *(post.hero_image for post in posts))
    return posts
