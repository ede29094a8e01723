from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from organisation.models import Beslut, Bilaga, Dagordningspunkt, Mote, Organ
from organisation.publication import PublicTextFormMixin, check_file_text
from organisation.rules import minutes_are_public
from organisation.validators import validate_attachment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class FastSelect(forms.Select):
    """A select list written in Python instead of one template render per option.

    The markup is Django's own (the same attributes, `selected` on the chosen option): with
    60 places and 20 organisations, rendering every option through the template engine
    cost more than all the EST weekly page's counting, and with 600 districts the public
    filter lists cost most of a page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(context["name"])}"{flatatt(context["attrs"])}>']
        for group, options, _index in context["optgroups"]:
            if group:
                parts.append(f'<optgroup label="{escape(group)}">')
            for option in options:
                selected = " selected" if option["selected"] else ""
                parts.append(
                    f'<option value="{escape(option["value"])}"{selected}>'
                    f"{escape(option['label'])}</option>"
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value went through escape()


def fast_selects(form) -> None:
    """Every plain select list of ``form`` written by ``FastSelect``: the same markup, the
    same choices (a ModelChoiceField's list still comes from its queryset), none of the
    per-option templates. Call it at the end of ``__init__``, after the lists are set."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            widget.is_required = field.widget.is_required
            field.widget = widget


def preselect_only_choice(form, *names) -> None:
    """A new form's choice with exactly one possible answer is already chosen.

    An official who belongs to one group should not have to pick it from a list of one.
    Without ``names``: every required single choice of the form (a ``ModelChoiceField``);
    an optional one stays empty, as leaving it empty is an answer too. Every workspace form
    with such choices calls this at the end of its ``__init__``, after narrowing the lists.
    """
    if form.is_bound or getattr(getattr(form, "instance", None), "pk", None):
        return
    if not names:
        names = [
            name
            for name, field in form.fields.items()
            if isinstance(field, forms.ModelChoiceField)
            and not isinstance(field, forms.ModelMultipleChoiceField)
            and field.required
            and not field.disabled
        ]
    for name in names:
        field = form.fields[name]
        if form.initial.get(name) or field.initial:
            continue
        options = list(field.queryset[:2])
        if len(options) == 1:
            form.initial[name] = options[0].pk


def form_helper(submit_label=None):
    """A crispy helper for forms rendered inside the page's own <form> tag."""
    helper = FormHelper()
    helper.form_tag = False
    if submit_label:
        helper.add_input(Submit("submit", submit_label))
    return helper


class MoteForm(PublicTextFormMixin, forms.ModelForm):
    """Plan a meeting or change when, where and how it is held."""

    class Meta:
        model = Mote
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "cancellation_reason",
            "is_public",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forum = forum
        if not forum.is_public:
            self.fields["is_public"].disabled = True
            self.fields["is_public"].help_text = _(
                "The forum is internal, so its meetings are internal too."
            )
        if self.instance._state.adding and not self.is_bound:
            self.initial.setdefault("is_public", forum.is_public)
        self.helper = form_helper()


class DagordningspunktForm(PublicTextFormMixin, forms.ModelForm):
    class Meta:
        model = Dagordningspunkt
        fields = ["order", "heading", "description", "insats"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        insats_field = self.fields["insats"]
        # Only insatser the official may see can be put on an agenda.
        insats_field.queryset = (
            insats_field.queryset.model.objects.visible_to(user).active().order_by("title")
        )


class BaseDagordningFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": _("Submit at most %(num)d agenda items."),
    }


# Bounded so a posted TOTAL_FORMS of thousands is an error, not thousands of rendered forms.
DagordningFormSet = forms.inlineformset_factory(
    Mote,
    Dagordningspunkt,
    form=DagordningspunktForm,
    formset=BaseDagordningFormSet,
    extra=3,
    can_delete=True,
    max_num=50,
    absolute_max=60,
    validate_max=True,
)


class MinnesanteckningarForm(PublicTextFormMixin, forms.ModelForm):
    """The minutes and who attended."""

    class Meta:
        model = Mote
        fields = ["minutes", "attended_by"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 14}),
            "attended_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended_by"].queryset = Organ.objects.order_by("kind", "order", "name")
        self.helper = form_helper()


class BeslutForm(PublicTextFormMixin, forms.ModelForm):
    class Meta:
        model = Beslut
        fields = ["text", "responsible", "due_date", "done"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}


class BaseBeslutFormSet(forms.BaseInlineFormSet):
    default_error_messages = {"too_many_forms": _("Submit at most %(num)d decisions.")}


BeslutFormSet = forms.inlineformset_factory(
    Mote,
    Beslut,
    form=BeslutForm,
    formset=BaseBeslutFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    absolute_max=60,
    validate_max=True,
)


class BilagaForm(PublicTextFormMixin, forms.ModelForm):
    """An attachment; on a meeting whose minutes are public the file itself is checked too."""

    class Meta:
        model = Bilaga
        fields = ["title", "file"]
        help_texts = {
            "file": _("PDF, DOCX, PPTX, XLSX, ODT, PNG or JPEG, at most 20 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.pptx,.xlsx,.odt,.png,.jpg,.jpeg"
        self.helper = form_helper(_("Attach the file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.instance.file_type = validate_attachment(upload)
        self.instance.original_name = upload.name
        self.instance.size = upload.size
        return upload

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not minutes_are_public(self.instance.mote):
            return
        try:
            check_file_text(self.instance)
        except ValidationError as exc:
            self.add_error("file", exc.messages)
        else:
            self.instance.file_text_checked = True
