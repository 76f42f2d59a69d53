"""RSS 2.0 and Atom feeds of the latest posts, served by the blog index at /blog/feed/ and
/blog/feed/atom/ (see BlogIndexPage).

Every text a feed carries was typed by someone (titles, summaries, a clinician's credentials,
topics) and may hold characters XML 1.0 cannot carry: a control character pasted from a PDF
(`Psy.\x01D.`), NUL, a lone surrogate, U+FFFE. Django's feed writer refuses control characters
with an exception (a 500); the others would make the feed unreadable. `xml_text` drops them at
the feed's boundary, from every field, as the feed generator is handed them.
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_LENGTH = 20

# What XML 1.0 cannot carry: controls other than tab, LF and CR, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """`value` with the characters XML 1.0 cannot carry removed; lists and tuples (a post's
    topics) item by item; anything else (dates, None) unchanged."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return value


class XmlSafeFeedMixin:
    """A feed generator that passes every field it is given, for the feed and for each item,
    through `xml_text`."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *(xml_text(arg) for arg in args), **{k: xml_text(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(xml_text(arg) for arg in args), **{k: xml_text(v) for k, v in kwargs.items()}
        )


class XmlSafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


class LatestPostsFeed(Feed):
    feed_type = XmlSafeRssFeed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        from practice.models import PracticeSettings

        name = PracticeSettings.for_request(self.request).practice_name
        return f"{self.index.title} · {name}" if name else self.index.title

    # Relative URLs: Django's feed view makes them absolute with the host the request came to.
    def link(self):
        return self.index.get_url(request=self.request)

    def description(self):
        return self.index.search_description or f"The latest posts from {self.index.title}."

    def items(self):
        # The blog's public posts only (`public_posts`), authors flagged public or not.
        return self.index.get_posts(self.request).prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_author_name(self, item):
        author = item.public_author
        return author.display_name if author else None

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and published.date() == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = LatestPostsFeed.description
