"""The contact page's summary of the Fees page (templates/components/fees_summary.html)."""

from django import template

from practice.models.fees import public_fees_page

register = template.Library()


def plain_list(names):
    """ "Aetna", "Aetna and Cigna", "Aetna, Cigna and Blue Shield of California"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@register.simple_tag(takes_context=True)
def fees_summary(context):
    """`{% fees_summary as fees %}`: what the public Fees page says, in short, or None.

    Read through the one definition of public (`public_fees_page`): a draft, unpublished or
    view-restricted Fees page, or one of another site, is neither summarised nor linked. A
    Fees page with nothing on it is not summarised either. One query (two for a page without
    session fees)."""
    request = context.get("request")
    page = public_fees_page(request)
    if page is None:
        return None
    url = page.get_url(request=request)
    plans = page.plan_names
    summary = {
        "title": page.title,
        "url": url,
        "fees": page.public_session_fees,
        "sliding_scale": page.shows_sliding_scale,
        "sliding_scale_range": page.sliding_scale_range if page.shows_sliding_scale else "",
        "plans": plain_list(plans),
        "superbills": page.superbills_offered,
        "good_faith_estimate": page.shows_good_faith_estimate,
    }
    has_facts = any(
        summary[key]
        for key in ("fees", "sliding_scale", "plans", "superbills", "good_faith_estimate")
    )
    if not (url and has_facts):
        return None
    return summary
