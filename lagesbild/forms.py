from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class SubmitReportForm(forms.Form):
    """The confirmation an official gives before a version is stored as submitted."""

    confirm = forms.BooleanField(
        label=_(
            "I confirm that this version is handed to Kommunstyrelsen and is to be kept unchanged."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm the submission.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example the registration number (diarienummer) at Kommunstyrelsen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Store as submitted")))
