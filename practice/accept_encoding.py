"""Accept-Encoding as a client means it: what the page cache and Django's compression read.

A client that refuses gzip (`gzip;q=0`, `*;q=0`, `identity`) gets pages uncompressed, from the
page cache (practice.page_cache) and from Django's GZipMiddleware alike.
"""


def accepts_encoding(header, coding="gzip"):
    """Whether an Accept-Encoding header accepts `coding` (RFC 9110, section 12.5.3): named with a
    q-value above 0, or not named and `*` has one. `gzip;q=0`, `*;q=0` and `identity` do not
    accept gzip; a q-value that is not a number counts as 0."""
    named = star = None
    for part in (header or "").split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        name = name.lower()
        if not name:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
                if not 0 <= quality <= 1:  # also NaN
                    quality = 0.0
        if name == coding or (coding == "gzip" and name == "x-gzip"):
            named = max(named or 0.0, quality)
        elif name == "*":
            star = quality
    if named is not None:
        return named > 0
    return star is not None and star > 0


# The codings the rest of the stack chooses from (GZipMiddleware: gzip; whitenoise: br, gzip).
NORMALISED_CODINGS = ("br", "gzip")


class AcceptEncodingMiddleware:
    """Rewrites Accept-Encoding to the codings it really accepts, before anything reads it:
    Django's GZipMiddleware and whitenoise look for the word "gzip" and would compress for
    `gzip;q=0`, the one way a client says it cannot take it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_ENCODING")
        if header is not None:
            accepted = [c for c in NORMALISED_CODINGS if accepts_encoding(header, c)]
            request.META["HTTP_ACCEPT_ENCODING"] = ", ".join(accepted) or "identity"
        return self.get_response(request)
