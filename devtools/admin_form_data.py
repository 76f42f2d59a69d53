"""The POST data the Wagtail admin's page edit form sends, built without a browser.

`edit_form_data(page, user)` returns what a browser would submit from /admin/pages/<id>/edit/
for the page as the editor sees it (its latest revision, else its live content), so a benchmark
or a test can POST it to the edit view ("Save draft") or to the live preview
(/admin/pages/<id>/edit/preview/) and time what an editor waits for.

It is built from the page type's own edit handler form, bound to the user, the way Wagtail's
EditView builds it, then walked field by field:

- plain fields: the bound field's value as its widget formats it (dates in the admin widget's
  format, tags as one comma-separated string, rich text as Draftail's contentstate JSON);
  checkboxes are sent only when checked, multiple choices as lists, choosers as the chosen pk;
- inline formsets (InlinePanel, MultipleChooserPanel, the comments formset Wagtail adds): the
  management form (TOTAL_FORMS, INITIAL_FORMS, MIN_NUM_FORMS, MAX_NUM_FORMS) and each form's
  fields with its id, ORDER and DELETE, nested formsets included;
- StreamFields: the nested format the block widgets' JavaScript posts and each block's
  `value_from_datadict` reads: StreamBlock `<prefix>-count` and `-N-type`, `-N-id`,
  `-N-deleted`, `-N-order`, `-N-value...`; ListBlock the same without the type (the item-id
  format of Wagtail 5 onward); StructBlock `<prefix>-<child>`; a FieldBlock its widget's
  formatted `field.prepare_value(block.value_for_form(value))`, as `FieldBlock.get_form_state`
  hands it to the JavaScript widget.

Wagtail internals relied on (checked against Wagtail 7.4; the same tests are meant for 8.0):
`Page.get_edit_handler()`, `edit_handler.get_form_class()` and the form's `parent_page`,
`subscription` and `for_user` arguments (WagtailAdminPageForm, as EditView passes them);
`form.formsets` (modelcluster's ClusterForm); `BlockWidget.block_def`; the chooser widgets'
`BaseChooser.get_instance`; and the StreamBlock/ListBlock/StructBlock POST layout above
(`value_from_datadict` in wagtail/blocks/), which the block widgets' JavaScript writes.

A development tool: the site never imports it.
"""

from django import forms
from django.forms.widgets import ChoiceWidget
from wagtail import blocks
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks.base import BlockWidget
from wagtail.models import PageSubscription

__all__ = ["edit_form_data"]


def edit_form_data(page, user):
    """The POST data of the admin's edit form for `page` as `user` would open it: every field,
    inline formset and StreamField of the page type, from its latest revision (or its live
    content when it has none). A dict of strings, with lists for multiple values."""
    page = page.specific
    latest = page.get_latest_revision_as_object()
    form_class = page.specific_class.get_edit_handler().get_form_class()
    subscription = PageSubscription.objects.filter(page=page, user=user).first()
    if subscription is None:  # EditView creates one on GET; an unsaved one reads the same.
        subscription = PageSubscription(page=page, user=user, comment_notifications=False)
    form = form_class(
        instance=latest,
        subscription=subscription,
        parent_page=page.get_parent().specific,
        for_user=user,
    )
    data = {}
    _add_form(data, form)
    return data


def _add_form(data, form):
    for bound_field in form:
        _add_widget(data, bound_field.field.widget, bound_field.html_name, bound_field.value())
    for formset in getattr(form, "formsets", {}).values():
        _add_formset(data, formset)


def _add_formset(data, formset):
    _add_form(data, formset.management_form)
    for child_form in formset.forms:
        _add_form(data, child_form)


def _add_widget(data, widget, name, value):
    """The POST entries `widget` would send under `name` when rendered with `value` (already
    through the form field's `prepare_value`)."""
    if isinstance(widget, BlockWidget):
        data.update(_block_data(widget.block_def, name, value))
    elif isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        for subwidget, suffix, part in zip(
            widget.widgets, widget.widgets_names, parts, strict=False
        ):
            _add_widget(data, subwidget, name + suffix, part)
    elif isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            data[name] = widget.attrs.get("value", "on")
    elif isinstance(widget, forms.FileInput):
        pass  # files are not form data; no page form of the project has one
    elif isinstance(widget, BaseChooser):
        instance = widget.get_instance(value)
        data[name] = "" if instance is None else str(instance.pk)
    elif getattr(widget, "allow_multiple_selected", False):
        data[name] = list(widget.format_value(value))
    elif isinstance(widget, ChoiceWidget):
        formatted = widget.format_value(value)
        if isinstance(formatted, (list, tuple)):
            formatted = formatted[0] if formatted else ""
        data[name] = formatted
    else:
        formatted = widget.format_value(value)
        data[name] = "" if formatted is None else str(formatted)


def _block_data(block, prefix, value):
    """The POST entries of `block`'s form under `prefix` for `value`, as its widgets send them
    and its `value_from_datadict` reads them."""
    if isinstance(block, blocks.BaseStreamBlock):
        value = block.normalize(value)
        children = [(child.block_type, child.block, child.value, child.id) for child in value]
        return _sequence_data(prefix, children, with_type=True)
    if isinstance(block, blocks.ListBlock):
        value = block.normalize(value)
        children = [
            (None, block.child_block, child.value, child.id) for child in value.bound_blocks
        ]
        return _sequence_data(prefix, children, with_type=False)
    if isinstance(block, blocks.BaseStructBlock):
        data = {}
        for name, child in block.child_blocks.items():
            child_value = value[name] if name in value else child.get_default()
            data.update(_block_data(child, f"{prefix}-{name}", child_value))
        return data
    if isinstance(block, blocks.StaticBlock):
        return {}
    if isinstance(block, blocks.FieldBlock):
        data = {}
        field = block.field
        _add_widget(data, field.widget, prefix, field.prepare_value(block.value_for_form(value)))
        return data
    raise TypeError(f"No form data for a {type(block).__name__} at {prefix!r}")


def _sequence_data(prefix, children, with_type):
    """A StreamBlock's or ListBlock's entries: the count, then each child's type (StreamBlock
    only), id, deleted flag, order and value."""
    data = {f"{prefix}-count": str(len(children))}
    for index, (block_type, child_block, child_value, child_id) in enumerate(children):
        child_prefix = f"{prefix}-{index}"
        if with_type:
            data[f"{child_prefix}-type"] = block_type
        data[f"{child_prefix}-id"] = child_id or ""
        data[f"{child_prefix}-deleted"] = ""
        data[f"{child_prefix}-order"] = str(index)
        data.update(_block_data(child_block, f"{child_prefix}-value", child_value))
    return data
