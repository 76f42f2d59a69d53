"""`{% site_fragment %}`: a part of the page that is the same on every page of the site, rendered
once per process until anything changes (practice.fragment_cache)."""

from django import template
from wagtail.models import Site

from practice import fragment_cache

register = template.Library()


class SiteFragmentNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        site = Site.find_for_request(request) if request is not None else None
        vary = tuple(str(expression.resolve(context)) for expression in self.vary)
        return fragment_cache.fragment(
            request, site, self.name, vary, lambda: self.nodelist.render(context)
        )


@register.tag
def site_fragment(parser, token):
    """`{% site_fragment "name" [vary …] %}…{% endsite_fragment %}`: what is inside may show only
    the site's settings and the layout's pages (the menu, the footer's links, the contact page),
    the same for every visitor; `vary` names what else it differs by from page to page."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted fragment name")
    nodelist = parser.parse(("endsite_fragment",))
    parser.delete_first_token()
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    return SiteFragmentNode(bits[1][1:-1], vary, nodelist)
