"""Site search at /search/?q=: live, public pages of the current site, with the editors' promoted
results (Settings → Search → Promoted search results) first.

Everything the template shows is shaped here into plain dicts. The search runs over plain pages;
the pages it ranks or shows, and the promoted ones, are then read again by id in one query with
each page's summary from its own table (`ListingReader`, `with_listing_fields`), so the number of
queries does not grow with the number of results or their page types.
"""

import html
import logging
import re
from contextlib import nullcontext
from functools import lru_cache
from urllib.parse import urlencode

from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q, Window
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page, Site, get_page_models
from wagtail.search.utils import normalise_query_string

from practice.http import paginate as paginate_or_404
from practice.models.base import (
    listing_field,
    listing_page,
    preload_site,
    public_pages,
    with_listing_fields,
)
from practice.query_plans import QueryPlan

__all__ = ["MAX_QUERY_LENGTH", "RESULTS_PER_PAGE", "clean_query", "search_view"]

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
SUMMARY_WORDS = 40
# How many of the backend's best results are put in answer order (`match_rank`); the rest follow
# in the backend's order. Five pages of results: more than a practice's site finds for a word.
RANKED_RESULTS = 50
# The number of matches, read on each result row of the search (AnswersFirst.count).
SEARCH_TOTAL = "search_total"


def clean_query(raw):
    """The query as searched: control characters dropped (PostgreSQL refuses NUL), whitespace
    collapsed, and at most MAX_QUERY_LENGTH characters, cut after a whole word when it has more
    than one."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    query = " ".join(printable.split())
    if len(query) > MAX_QUERY_LENGTH:
        cut = query[: MAX_QUERY_LENGTH + 1]
        query = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return query.strip()


def result_type(page):
    """The result's type in plain words: its page class's `search_label` ("Therapy")."""
    return getattr(page, "search_label", None) or "Page"


def result_summary(page):
    """The page's summary, else its search description, else its intro (index pages)."""
    text = getattr(page, "summary", "") or getattr(page, "search_description", "") or ""
    if not text:
        text = html.unescape(strip_tags(str(getattr(page, "intro", "") or "")))
    return Truncator(" ".join(text.split())).words(SUMMARY_WORDS)


def word_stem(word):
    """A word without its plural ending ("therapies" → "therapy"), lower case: enough for a
    query word and a title word to be recognized as the same word."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def stems(text):
    return {word_stem(word) for word in re.findall(r"\w+", text or "")}


@lru_cache(maxsize=4096)
def page_text_stems(text):
    """`stems` of a page's own title or summary, kept per process: ranking reads them for the
    first RANKED_RESULTS results of every search (a tenth of a search's time). Only published
    page text is kept here, never what a visitor searched for."""
    return frozenset(stems(text))


def match_rank(page, words):
    """Where a result belongs in the answer, 0 first: its title is the query (the Anxiety page
    for "anxiety"); its title has every word; its summary (or search description) has them; its
    title or summary has some; the words are only in its text. `words` are stems."""
    if not words:
        return 4
    title = page_text_stems(page.title)
    summary = page_text_stems(f"{listing_field(page, 'summary')} {page.search_description}")
    if title == words:
        return 0
    if words <= title:
        return 1
    if words <= title | summary:
        return 2
    if words & (title | summary):
        return 3
    return 4


class AnswersFirst:
    """The backend's results with the best answers first: the first RANKED_RESULTS, read in one
    query, are sorted by `match_rank` (the backend's order kept within a rank); later ones follow
    in the backend's order. Backends rank differently (SQLite's FTS5 gives a short page that
    mentions a word once as much weight as a page titled with it; PostgreSQL weighs the title and
    summary more, see the models' `search_fields`), so the answer order is decided here, the same
    on both. A Paginator pages through it as through the results."""

    def __init__(self, results, query_string, with_fields=None):
        self.results = results
        self.words = stems(plain_words(query_string))
        self.with_fields = with_fields or (lambda pages: pages)
        self._head = None
        self._ranked = None

    def head(self):
        """The backend's first RANKED_RESULTS results, as it returns them (read once)."""
        if self._head is None:
            self._head = list(self.results[:RANKED_RESULTS])
        return self._head

    def count(self):
        # Read with the head, which the first pages show anyway: each row carries the total
        # (`SEARCH_TOTAL`, a window over the matches), so the count costs no query of its own.
        head = self.head()
        if len(head) < RANKED_RESULTS:
            return len(head)
        total = getattr(head[0], SEARCH_TOTAL, None)
        return self.results.count() if total is None else total

    def __len__(self):
        return self.count()

    def ranked(self):
        if self._ranked is None:
            head = self.with_fields(self.head())
            self._ranked = sorted(head, key=lambda page: match_rank(page, self.words))
        return self._ranked

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= RANKED_RESULTS:
            return self.ranked()[start:stop]
        if start >= RANKED_RESULTS:
            return self.with_fields(list(self.results[start:stop]))
        return self.ranked()[start:] + self.with_fields(list(self.results[RANKED_RESULTS:stop]))


LISTING_FIELDS = QueryPlan("search results' listing fields")


class ListingReader:
    """Reads pages again by id with their listing fields (`with_listing_fields`), still narrowed
    to the site's public pages, keeping their order. The search itself runs over plain pages:
    PostgreSQL took longer to plan the ranked query joined to every page type's table (12 ms)
    than to run it, and this query's plan is prepared once. The promoted pages (`also`) are
    read in the first call, so they cost no query of their own."""

    def __init__(self, site, also=()):
        self.site = site
        self.also = list(also)
        self._also_found = None

    def _read(self, ids):
        if not ids:
            return {}
        rows = LISTING_FIELDS.rows(
            self.site.root_page.path,
            lambda ids: site_pages(self.site).filter(pk__in=ids),
            ids,
        )
        return {page.pk: page for page in rows}

    def __call__(self, pages):
        ids = [page.pk for page in pages]
        extra = [pk for pk in self.also if pk not in ids] if self._also_found is None else []
        found = self._read(ids + extra)
        if self._also_found is None:
            self._also_found = {pk: found[pk] for pk in self.also if pk in found}
        return [found[pk] for pk in ids if pk in found]

    def also_found(self):
        """{id: page} of the `also` pages that are public (read now if no call did yet)."""
        if self._also_found is None:
            self([])
        return self._also_found


def page_result(page, request, promoted=False, description=""):
    return {
        "url": page.get_url(request=request),
        "title": page.title,
        "type": result_type(page),
        "summary": description or result_summary(page),
        "promoted": promoted,
    }


def site_pages(site):
    """The site's public pages (`public_pages`), with their listing fields (no `.specific()`
    needed)."""
    return with_listing_fields(public_pages(Page.objects.all(), site))


def record_hit(query_string):
    """Count a search in the promoted results' statistics, as `Query.get(q).add_hit()` does: one
    UPDATE when the query was already searched today, the full get-or-create otherwise."""
    today = timezone.now().date()
    hits = QueryDailyHits.objects.filter(
        query__query_string=normalise_query_string(query_string), date=today
    )
    if not hits.update(hits=F("hits") + 1):
        Query.get(query_string).add_hit(today)


def promotions_for(query_string):
    """The editors' picks for this query (SearchPromotion), in their order."""
    return list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(query_string)
        ).order_by("sort_order", "pk")
    )


def promoted_results(promotions, pages, request):
    """The editors' picks as results: the live, public pages of this site among them (`pages`,
    {id: page} from the listing read) and external links."""
    results = []
    for promotion in promotions:
        if promotion.page_id:
            page = pages.get(promotion.page_id)
            if page is not None:
                results.append(
                    page_result(listing_page(page), request, True, promotion.description)
                )
        elif promotion.external_link_url:
            results.append(
                {
                    "url": promotion.external_link_url,
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "type": "Link",
                    "summary": promotion.description,
                    "promoted": True,
                }
            )
    return results


def paginate(request, results):
    return paginate_or_404(request, results, RESULTS_PER_PAGE, "search results")


def plain_words(query_string):
    """The query's words without quotes, operators or other symbols."""
    return " ".join(re.findall(r"\w+", query_string))


def run_search(request, pages, query_string, with_fields=None):
    """Search `pages` for every word of the query, or for any of them when no page has them all.

    Returns (page of results, its specific pages, notes for the visitor). SQLite's FTS5 refuses
    some syntax (a stray double quote), so a query the backend cannot run is tried once more as
    plain words; if that fails too, the page of results is None. Never a 500.
    """
    attempts = [query_string]
    words = plain_words(query_string)
    if words and words != query_string:
        attempts.append(words)
    for attempt in attempts:
        try:
            # Inside a transaction, a savepoint keeps a refused query from breaking the rest of
            # the request; in autocommit a refused query breaks nothing, and the BEGIN and
            # COMMIT of an atomic block would only add two round trips.
            in_transaction = transaction.get_connection().in_atomic_block
            with transaction.atomic() if in_transaction else nullcontext():
                answers = AnswersFirst(pages.search(attempt, operator="and"), attempt, with_fields)
                any_words = len(attempt.split()) > 1 and not answers.count()
                if any_words:
                    answers = AnswersFirst(
                        pages.search(attempt, operator="or"), attempt, with_fields
                    )
                page_obj = paginate(request, answers)
                notes = {"symbols_ignored": attempt != query_string, "any_words": any_words}
                return page_obj, [listing_page(page) for page in page_obj.object_list], notes
        except DatabaseError:
            logger.info("The search backend refused the query %r", attempt, exc_info=True)
    return None, [], {}


def page_url(query, number):
    params = {"q": query}
    if number > 1:
        params["page"] = number
    return "?" + urlencode(params)


def help_links(site, request):
    """The pages whose class sets `search_help_link` (the conditions list, the therapies list,
    the contact page), for the empty and "nothing found" states."""
    models = [model for model in get_page_models() if getattr(model, "search_help_link", False)]
    if site is None or not models:
        return []
    of_help_types = Q()
    for model in models:
        of_help_types |= Q(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
    pages = public_pages(
        Page.objects.child_of(site.root_page).filter(of_help_types), site
    ).order_by("path")
    return [{"title": page.title, "url": page.get_url(request=request)} for page in pages]


def search_view(request):
    from practice.page_cache import never_store

    never_store(request, "search results")  # what someone searched for is theirs alone
    query_string = clean_query(request.GET.get("q", ""))
    preload_site(request)  # the site, its settings and the site root paths in one query
    site = Site.find_for_request(request)
    context = {
        "search_query": query_string,
        "results": [],
        "result_count": 0,
        "page_obj": None,
        "search_failed": False,
        "meta_description": "Search this site for a condition, a therapy, a clinician or a topic.",
    }

    if query_string and site is not None:
        first_page = str(request.GET.get("page", "1")).strip() in ("", "1")
        if first_page:
            # Paging through the same results is not another search.
            record_hit(query_string)
        promotions = promotions_for(query_string)
        promoted_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
        reader = ListingReader(site, also=promoted_ids)

        # A promoted page is shown once, first, and never again among the results.
        # The search reads only the pages' ids, and how many match (ListingReader reads the
        # pages it shows by id).
        pages = (
            public_pages(Page.objects.only("pk"), site)
            .exclude(pk__in=promoted_ids)
            .annotate(**{SEARCH_TOTAL: Window(Count("pk"))})
        )
        page_obj, found, notes = run_search(request, pages, query_string, reader)
        context.update(notes, search_failed=page_obj is None)
        promoted = promoted_results(promotions, reader.also_found(), request)

        results = [page_result(page, request) for page in found]
        on_first_page = page_obj is None or page_obj.number == 1
        if on_first_page:
            results = promoted + results
        context.update(
            {
                "results": results,
                "result_count": len(promoted) + (page_obj.paginator.count if page_obj else 0),
                "page_obj": page_obj,
                # The promoted results open the list on page 1; later pages count on from them.
                "first_number": 1 if on_first_page else len(promoted) + page_obj.start_index(),
            }
        )
        if page_obj is not None:
            if page_obj.has_previous():
                context["previous_url"] = page_url(query_string, page_obj.previous_page_number())
            if page_obj.has_next():
                context["next_url"] = page_url(query_string, page_obj.next_page_number())

    if not context["results"]:
        context["help_links"] = help_links(site, request)

    return render(request, "pages/search_results.html", context)
