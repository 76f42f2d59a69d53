"""The call to action's second way to reach the practice: its consultation request page."""

from django import template
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from practice.models import ContactPage, layout_pages, public_pages
from practice.models.page_urls import page_url

register = template.Library()

_ATTR = "_practice_contact_page"


def find_contact_page(request):
    """The site's public contact page (ContactPage, one per site), or None. Found among the
    menu's and the footer's pages read once per request for the layout; only when it is in
    neither, one query of its own. Remembered for the request."""
    if request is None:
        return None
    if hasattr(request, _ATTR):
        return getattr(request, _ATTR)
    layout = layout_pages(request)
    content_type = ContentType.objects.get_for_model(ContactPage)
    candidates = [*layout["menu"], *layout["pages"].values()]
    found = next(
        (p for p in candidates if p.content_type_id == content_type.pk and p.live),
        None,
    )
    if found is None:
        site = Site.find_for_request(request)
        if site is not None:
            found = public_pages(ContactPage.objects.all(), site).order_by("path").first()
    setattr(request, _ATTR, found)
    return found


@register.simple_tag(takes_context=True)
def contact_page(context):
    """`{% contact_page as contact %}`: the site's consultation request page (its `title` and
    `get_url`), or None; None on that page itself, where a link to it would lead nowhere."""
    found = find_contact_page(context.get("request"))
    current = context.get("page")
    if found is None or (current is not None and current.pk == found.pk):
        return None
    return found


@register.simple_tag(takes_context=True)
def contact_url(context, contact):
    """`{% contact_url contact %}`: the contact page's URL, as `{% pageurl %}` gives it, from the
    URL kept for its path (practice.models.page_urls): the page read for the layout is of
    Wagtail's own type, whose `get_url` would work it out again on every card."""
    return page_url(contact, context.get("request"))
