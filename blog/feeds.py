"""RSS 2.0 and Atom feeds of the latest posts, served by the blog index at /blog/feed/ and
/blog/feed/atom/ (see BlogIndexPage)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    feed_type = Rss201rev2Feed

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
        return self.index.get_posts().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_author_name(self, item):
        return item.author.display_name if item.author else None

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
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description
