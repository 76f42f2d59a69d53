from practice.citations import numbered_references

__all__ = ["ExplainerContextMixin"]


class ExplainerContextMixin:
    """Context shared by therapy and condition pages: the numbered references for the body."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["references"], context["citation_numbers"] = numbered_references(self.body)
        return context
