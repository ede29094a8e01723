"""The analyst sets the assessed status of a target or a promise, with the reason.

One form and one save for both kinds (``Atgard``, the åtgärdsplan's target, and ``Lofte``,
a medborgarlöfte): the status is required here and so is a reason, the row is locked and
written in one transaction, and ``stamp_status`` records who set it and when. The row's
history (simple_history, with the request's user from its middleware) keeps every earlier
status, reason, author and time for the auditors.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lagesbild.models.bedomning import SYMBOLS, Bedomning

# The reason is printed in the report; the model caps it at this length too.
REASON_MAX_LENGTH = 2000


class StatusChoice(forms.RadioSelect):
    """Each status as its symbol and its word, so that it never rests on colour alone."""

    option_template_name = "django/forms/widgets/radio_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        if value:
            label = format_html(
                '<span aria-hidden="true">{}</span> {}', SYMBOLS[Bedomning(value)], label
            )
        return super().create_option(name, value, label, selected, index, subindex, attrs)


class BedomningForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Assessed status"),
        choices=Bedomning.choices,
        widget=StatusChoice,
        error_messages={"required": _("Choose a status.")},
    )
    status_reason = forms.CharField(
        label=_("Reason for the status"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the status was set; printed with it in the annual report."),
        error_messages={"required": _("Say why the status was set.")},
    )

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        initial = {"status": instance.status, "status_reason": instance.status_reason}
        super().__init__(*args, initial=initial, **kwargs)

    def clean_status_reason(self):
        reason = self.cleaned_data["status_reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the status was set."), code="status_reason_missing")
        return reason


def save_status(form: BedomningForm, *, user) -> bool:
    """Write the status of ``form.instance``; False, with the errors on the form, if refused.

    The row is read again under a lock so that the previous status is the stored one, and
    the model's own checks (its ``clean`` and, for a published promise, the personnummer
    guard in ``save``) run before anything is written.
    """
    model = type(form.instance)
    try:
        with transaction.atomic():
            row = model.objects.select_for_update().get(pk=form.instance.pk)
            previous, previous_reason = row.status, row.status_reason
            row.status = form.cleaned_data["status"]
            row.status_reason = form.cleaned_data["status_reason"]
            row.full_clean()
            row.stamp_status(user, previous=previous, previous_reason=previous_reason)
            row.save()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return False
    form.instance = row
    return True
