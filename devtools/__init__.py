"""Tools for developing and measuring the site, apart from the product: the scale generator
(`manage.py seed_scale N`), the bulk page writer it shares with the query-budget tests, and the
gunicorn harness, benchmark and fault check used by the tests and `make bench` / `fault-check`.

Installed in the development and test settings only; production never loads it. Nothing here
imports Django at package level, so scripts/ can import `devtools.servers` before Django is set up.
"""
