"""What a browser would post back from an admin change page, built from the page's forms."""

from django import forms


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)  # RelatedFieldWidgetWrapper
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[key + suffix] = "" if part is None else sub.format_value(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else value
    return data


def change_form_data(response, **changes) -> dict:
    """The change page's main form and inline formsets as posted, with ``changes`` applied.

    A change of an inline field is given by its full name, e.g. ``uppfoljningar-0-done``.
    """
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _form_data(formset.management_form)
        for form in formset.forms:
            data |= _form_data(form)
    data.update(changes)
    return data
