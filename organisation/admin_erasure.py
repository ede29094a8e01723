"""The admin page "Rensa personuppgift ur historiken" on the change page of a model with history."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisation import roles
from organisation.erasure import MIN_LENGTH, erase_from_history
from organisation.publication import add_errors


class ErasureForm(forms.Form):
    value = forms.CharField(
        label=gettext_lazy("Exact text to erase"),
        max_length=500,
        # Validated by the service, which refuses an empty value with its own message.
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 60}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        help_text=gettext_lazy(
            "Recorded with your name and the time. Do not repeat the erased text here."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request, so that it is in the language of the request.
        self.fields["value"].help_text = _(
            "Every occurrence, in every text field of the object and of all its earlier "
            "versions, is replaced with “[borttaget]”. At least %(min)s characters."
        ) % {"min": MIN_LENGTH}


class ErasureAdminMixin:
    """Adds the erasure page and a link to it on the change page."""

    change_form_template = "admin/erasure_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/rensa/",
                self.admin_site.admin_view(self.erasure_view),
                name=f"{opts.app_label}_{opts.model_name}_erasure",
            ),
            *super().get_urls(),
        ]

    def erasure_view(self, request, object_id):
        # Erasing is for administrators even where the row is otherwise frozen (a
        # fastställd lägesbild): personal data must be removable from anything.
        if not roles.is_administrator(request.user):
            raise PermissionDenied
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        opts = self.model._meta
        form = ErasureForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                record = erase_from_history(
                    obj=obj,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                self.message_user(
                    request,
                    _(
                        "The text was erased from %(rows)s rows (fields: %(fields)s). "
                        "The erasure is recorded without the text."
                    )
                    % {"rows": record.rows_changed, "fields": ", ".join(record.fields)},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase personal data from the history"),
            "subtitle": str(obj),
            "opts": opts,
            "original": obj,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/erasure_form.html", context)


@admin.display(description=gettext_lazy("fields"))
def field_list(record) -> str:
    return ", ".join(record.fields)
