"""How a listing of posts is read: the few rows shown chosen on narrow rows, with the listing's
total, and their cards' pictures. Querysets in, querysets out: the models are in posts.py."""

from django.db import models
from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce

from practice.models import prefetch_renditions

__all__ = []


def count_per_post(rows, post_field, counted_field):
    """How many distinct `counted_field` values `rows` (a through table) hold for each post of
    the outer query, 0 for none."""
    counts = (
        rows.filter(**{post_field: OuterRef("pk")})
        .order_by()
        .values(post_field)
        .annotate(n=Count(counted_field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def counted(posts, ordering, start, stop):
    """Rows `start:stop` of `posts` in `ordering`, each with how many posts the whole listing
    has (`listing_total`), in one query. The rows shown are chosen on narrow rows (their ids and
    sort keys) and only those are read whole, with what `posts` selects with them; the total is
    an uncorrelated subquery, counted once. Sorting every post's whole row (its page, author,
    supervisor and picture) to keep ten cost the blog's first page 5.7 ms in PostgreSQL on 204
    posts."""
    kept = posts.order_by(*ordering).values("pk")[start:stop]
    count = Func(F("pk"), function="COUNT", output_field=models.IntegerField())
    total = posts.order_by().annotate(n=count).values("n")
    return posts.filter(pk__in=kept).annotate(listing_total=Subquery(total)).order_by(*ordering)


def with_card_images(posts):
    """Posts with their author and hero image read with them; the renditions of every hero
    image are read in one more query if a card's picture needs one (`card_images`)."""
    return posts.select_related("author", "hero_image")


def card_images(posts):
    """`posts` (a list), their hero images' renditions to be read together when one is needed
    (`prefetch_renditions`): a page of cards costs at most one query for its pictures."""
    prefetch_renditions(*(post.hero_image for post in posts))
    return posts
