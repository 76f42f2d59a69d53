"""Site search at /search/?q= (being built)."""

from django.http import HttpResponse


def search_view(request):
    return HttpResponse("Search is being built.")
