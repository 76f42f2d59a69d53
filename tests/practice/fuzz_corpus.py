"""A fixed corpus of nasty inputs for tests/practice/test_fuzz.py.

Hypothesis explores combinations; this list makes sure the inputs that have broken real sites are
always tried, on every run, whatever Hypothesis happens to draw. `MARKER` stands for a unique
script payload: the tests replace it with a fresh one per request and then check that the payload
never comes back unescaped.
"""

# Replaced by a unique `<script>…</script>` / attribute-breaking payload before each request.
MARKER = "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}marker\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"

# Path segments appended to real page URLs (already percent-encoded where it matters, as a
# client would send them).
PATH_SEGMENTS = [
    "%00",
    "a%00b",
    "..",
    "%2e%2e",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2F",
    "%252F",
    "a%2Fb",
    "",  # gives a double slash
    "%20",
    "%09",
    "%0d%0aSet-Cookie:%20fuzz=1",
    "%ff",
    "%c0%af",
    "%e2%80%ae",  # right-to-left override
    "%f0%9f%98%80",  # emoji, encoded
    "ψυχοθεραπεία",  # unicode, raw
    "\N{PILE OF POO}",
    "%",
    "%zz",
    ";jsessionid=1",
    "'",
    '"',
    "~",
    "index.php",
    ".git",
    ".env",
    "wp-admin",
    "x" * 300,
    "y" * 5000,
    "feed",
    "feed/atom",
    "thanks",
    "topic",
    "author",
    "condition",
    MARKER,
]

# Values of ?page= on paginated listings (blog, its filters, search).
PAGE_NUMBERS = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "1.0",
    "1.5",
    "1e3",
    "0x10",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999999999999999",
    "9" * 5000,  # past Python's 4300-digit limit for int()
    "\N{SUPERSCRIPT TWO}",  # str.isdigit() says yes, int() says no
    "\N{FULLWIDTH DIGIT ONE}",  # int() accepts it
    "\N{ARABIC-INDIC DIGIT TWO}",
    "\x00",
    "1\x00",
    "1 OR 1=1",
    "last",
    "[]",
    MARKER,
]

# Values of ?q= on /search/: SQL-ish, full-text syntax of SQLite FTS5 and PostgreSQL tsquery,
# control characters, unicode, huge.
SEARCH_QUERIES = [
    "",
    " ",
    "anxiety",
    "Anxiety AND depression",
    "therapies",
    "' OR '1'='1",
    "'; DROP TABLE wagtailcore_page; --",
    '" OR ""="',
    '"unterminated',
    '"',
    "''",
    "\\",
    "%",
    "_",
    "*",
    "anx*",
    "a:b",
    "title:anxiety",
    "NEAR(anxiety depression)",
    "NOT",
    "AND OR NOT",
    "()",
    "(((",
    "^anxiety",
    "-anxiety",
    "+anxiety",
    "anxiety & !depression | trauma:*",
    "<->",
    "!!!",
    "\x00",
    "anxiety\x00depression",
    "\x1b[31m",
    "\r\n\t",
    "\u202eytixna",
    "ψυχοθεραπεία",
    "Angst über Ängste",
    "不安",
    "\N{PILE OF POO}" * 50,
    "a" * 201,
    "anxiety " * 100,
    "x" * 100_000,
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    MARKER,
    "anxiety " + MARKER,
]

# Field values for the public forms.
FORM_VALUES = [
    "",
    " ",
    "\x00",
    "Sam\x00",
    "\r\n",
    "\t",
    "ψυχή",
    "\N{PILE OF POO}",
    "\u202e\u200b\ufeff",
    "x" * 101,
    "x" * 501,
    "x" * 5001,
    "x" * 200_000,
    "'; DROP TABLE blog_comment; --",
    "{{ request }}",
    "not-an-email",
    "a@b",
    "@example.com",
    "sam@example.com\nBcc: victim@example.com",
    "0",
    "true",
    "on",
    "-1",
    MARKER,
]

# Origin / Referer headers a form POST may carry (None: header absent).
ORIGINS = [
    None,
    "http://testserver",
    "https://testserver",
    "null",
    "",
    "http://evil.example",
    "http://testserver.evil.example",
    "http://[",
    "http://[::1",
    "http://testserver:99999",
    "http://TESTSERVER",
    "testserver",
    "//testserver",
    "http://tëstserver",
    "http://testserver/" + "x" * 10_000,
    "\x00",
]

# Query parameters nobody expects.
ODD_KEYS = ["page", "q", "comment", "utm_source", "format", "", "page[]", "\x00", "ψ", MARKER]
