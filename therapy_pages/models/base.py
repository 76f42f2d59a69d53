from practice.citations import numbered_references

__all__ = ["ExplainerContextMixin"]


class ExplainerContextMixin:
    """Context shared by therapy and condition pages: the numbered references for the body,
    and the reviewer named only when their profile is public."""

    @property
    def public_reviewer(self):
        """The clinician who reviewed the page, when their profile is public (`public_q`)."""
        return self.public_foreign_page("reviewed_by")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["references"], context["citation_numbers"] = numbered_references(self.body)
        return context
