from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.forms import (
    DateInput,
    DateTimeInput,
    fast_selects,
    form_helper,
    preselect_only_choice,
)
from organisation.personnummer import refuse_personnummer
from organisation.publication import PublicTextFormMixin
from organisation.translation import with_translations
from organisation.translation_forms import translated_layout, translated_widgets
from samverkan.models import (
    Aktivitet,
    Fokusomrade,
    Insats,
    Omrade,
    Samverkansgrupp,
    Samverkansomrade,
    Uppfoljning,
)


class InsatsForm(PublicTextFormMixin, forms.ModelForm):
    """Create or edit an insats within the areas and groups the user may edit."""

    class Meta:
        model = Insats
        fields = [
            *with_translations(Insats.translated_fields),
            "samverkansomrade",
            "grupp",
            "responsible",
            "partners",
            "omraden",
            "fokusomraden",
            "target_group",
            "status",
            "start_date",
            "end_date",
            "visibility",
            "contact",
            "contact_email",
        ]
        widgets = {
            **translated_widgets(
                {
                    "summary": forms.Textarea(attrs={"rows": 2}),
                    "description": forms.Textarea(attrs={"rows": 10}),
                }
            ),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "omraden": forms.CheckboxSelectMultiple,
            "fokusomraden": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, areas, groups, may_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.instance.pk
            and self.instance.publication == Insats.Publication.PUBLISHED
            and not may_publish
        ):
            # Turning a published insats public or internal is a publishing decision.
            self.fields["visibility"].disabled = True
            self.fields["visibility"].help_text = _(
                "Only a coordinator of the collaboration area can change the visibility of a "
                "published intervention."
            )
        self.fields["samverkansomrade"].queryset = areas
        self.fields["grupp"].queryset = groups.select_related("samverkansomrade")
        # A focus area of an agreement that has ended is not offered for new work; one the
        # insats already has stays, so saving does not drop it.
        current = Q(overenskommelse__period_end__gte=timezone.localdate())
        if self.instance.pk:
            current |= Q(pk__in=self.instance.fokusomraden.values("pk"))
        self.fields["fokusomraden"].queryset = Fokusomrade.objects.filter(current).select_related(
            "overenskommelse"
        )
        self._share_bodies("responsible", "partners")
        preselect_only_choice(self, "samverkansomrade", "grupp")
        self.helper = form_helper(_("Save"))
        self.helper.layout = translated_layout(self, Insats.translated_fields)

    def _share_bodies(self, *names) -> None:
        """The lists of bodies are the same rows: read them in one query, not one per list
        (a ModelChoiceField reads its queryset anew when it renders). Validation still goes
        through each field's queryset, so a choice outside it is refused as before."""
        fields = [self.fields[name] for name in names]
        organs = [(organ.pk, fields[0].label_from_instance(organ)) for organ in fields[0].queryset]
        for field in fields:
            empty = [("", field.empty_label)] if getattr(field, "empty_label", None) else []
            field.choices = [*empty, *organs]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.publication == Insats.Publication.PUBLISHED:
            # Edits of a published insats are public at once.
            refuse_personnummer(
                {
                    name: (str(self.fields[name].label), cleaned.get(name) or "")
                    for name in [*with_translations(Insats.translated_fields), "contact"]
                }
            )
        return cleaned


class UppfoljningForm(PublicTextFormMixin, forms.ModelForm):
    class Meta:
        model = Uppfoljning
        fields = ["date", "done", "result", "participants", "places_visited", "is_public"]
        widgets = {
            "date": DateInput(),
            "done": forms.Textarea(attrs={"rows": 5}),
            "result": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save follow-up"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_public"):
            refuse_personnummer(
                {
                    name: (str(self.fields[name].label), cleaned.get(name) or "")
                    for name in ["done", "result"]
                }
            )
        return cleaned


class AktivitetForm(PublicTextFormMixin, forms.ModelForm):
    class Meta:
        model = Aktivitet
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "meeting_point",
            "omrade",
            "description",
            "organiser_grupp",
            "organiser_organ",
            "contact_email",
            "signup",
            "signup_how",
            "signup_by",
            "accessibility",
            "step_free",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "signup_by": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "signup": forms.RadioSelect,
            "step_free": forms.RadioSelect,
        }

    def __init__(self, *args, insats, **kwargs):
        super().__init__(*args, **kwargs)
        self.insats = insats
        self.instance.insats = insats
        # Only a group residents may see named can be shown to them as the organiser.
        self.fields["organiser_grupp"].queryset = Samverkansgrupp.objects.public().select_related(
            "samverkansomrade"
        )
        # Left out of a post, the choices keep their defaults: no sign-up, access not known.
        for name in ["signup", "step_free"]:
            self.fields[name].required = False
        self.helper = form_helper(_("Save activity"))

    def clean_signup(self):
        return self.cleaned_data["signup"] or Aktivitet.Anmalan.NONE

    def clean_step_free(self):
        return self.cleaned_data["step_free"] or Aktivitet.Steglost.UNKNOWN

    def clean(self):
        cleaned = super().clean()
        if self.insats.publication == Insats.Publication.PUBLISHED:
            refuse_personnummer(
                {
                    name: (str(self.fields[name].label), cleaned.get(name) or "")
                    for name in [
                        "title",
                        "meeting_point",
                        "description",
                        "signup_how",
                        "accessibility",
                    ]
                }
            )
        return cleaned


class CancelAktivitetForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for cancellation"),
        max_length=300,
        required=False,
        help_text=_("Shown to residents, e.g. 'Flyttas på grund av väder'."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Cancel the activity"))


class InsatsFilterForm(forms.Form):
    """The public list's filters; invalid values are ignored rather than shown as errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    samverkansomrade = forms.ModelChoiceField(
        label=_("Collaboration area"),
        queryset=Samverkansomrade.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    omrade = forms.ModelChoiceField(
        label=_("District"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    fokus = forms.ModelChoiceField(
        label=_("Focus area"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + Insats.Status.choices, required=False
    )
    malgrupp = forms.ChoiceField(
        label=_("Target group"),
        choices=[("", _("All"))] + Insats.Malgrupp.choices,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omrade"].queryset = Omrade.objects.all()
        self.fields["fokus"].queryset = Fokusomrade.objects.select_related("overenskommelse")
        # 600 districts at ten times a large kommun's size: one template per option was most
        # of the list's time.
        fast_selects(self)

    def has_filters(self) -> bool:
        """Whether a choice beside the search words narrows the list."""
        if not self.is_bound or not self.is_valid():
            return False
        return any(value for name, value in self.cleaned_data.items() if name != "q")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["samverkansomrade"]:
            queryset = queryset.filter(samverkansomrade=data["samverkansomrade"])
        if data["omrade"]:
            queryset = queryset.filter(omraden=data["omrade"])
        if data["fokus"]:
            queryset = queryset.filter(fokusomraden=data["fokus"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["malgrupp"]:
            queryset = queryset.filter(target_group=data["malgrupp"])
        return queryset.search(data["q"])
