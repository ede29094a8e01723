"""The EST reporting form: few fields, large targets, defaults that fit a reporter on the spot."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.models import EST_PERSONNUMMER_MESSAGE, EstPlats, Handelsekategori, Handelserapport
from organisation.dates import validate_date_range
from organisation.forms import DateInput, preselect_only_choice
from organisation.personnummer import personnummer_errors
from samverkan.models import Omrade, Samverkansgrupp
from samverkan.rules import est_group_ids


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _large(field: forms.Field) -> None:
    """Large controls: the form is used standing outdoors with a phone in one hand."""
    widget = field.widget
    if isinstance(widget, forms.HiddenInput):
        return
    css = (
        "form-select form-select-lg"
        if isinstance(widget, forms.Select)
        else ("form-control form-control-lg")
    )
    widget.attrs["class"] = css


class PlaceSelect(forms.Select):
    """Each place names its district, so est-rapport.js can offer only the chosen district's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-omrade"] = str(instance.omrade_id)
        return option


class PlaceChoiceField(forms.ModelChoiceField):
    widget = PlaceSelect

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.omrade.name})"


class RapportForm(forms.ModelForm):
    """A new report, or a reporter's correction of their own report the same week."""

    new_place = forms.CharField(
        label=_("Or name a new place"),
        max_length=120,
        required=False,
        help_text=_("Only if the place is not in the list. The group's coordinator approves it."),
    )

    field_order = ["grupp", "omrade", "plats", "new_place"]

    class Meta:
        model = Handelserapport
        fields = [
            "grupp",
            "omrade",
            "plats",
            "kategori",
            "occurred_on",
            "occurred_at",
            "part_of_day",
            "people",
            "description",
            "client_key",
        ]
        field_classes = {"plats": PlaceChoiceField}
        widgets = {
            "occurred_on": DateInput(),
            "occurred_at": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "client_key": forms.HiddenInput(),
        }

    def __init__(self, *args, user, organ=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if organ is not None:
            self.instance.organ = organ
        if self.instance._state.adding:
            self.instance.reporter = user
        groups = Samverkansgrupp.objects.filter(kind="est", pk__in=est_group_ids(user))
        district_ids = Samverkansgrupp.omraden.through.objects.filter(
            samverkansgrupp__in=groups
        ).values("omrade_id")
        self.fields["grupp"].queryset = groups.order_by("name")
        self.fields["omrade"].queryset = Omrade.objects.filter(pk__in=district_ids).order_by("name")
        # A reporter can pick a place they proposed themselves before it is approved.
        places = EstPlats.objects.filter(omrade_id__in=district_ids).filter(
            Q(status=EstPlats.Status.GODKAND)
            | Q(status=EstPlats.Status.FORESLAGEN, proposed_by=user)
        )
        if self.instance.plats_id:
            places = places | EstPlats.objects.filter(pk=self.instance.plats_id)
        self.fields["plats"].queryset = places.select_related("omrade").order_by(
            "omrade__name", "name"
        )
        self.fields["plats"].required = False
        self.fields["kategori"].queryset = Handelsekategori.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.kategori_id)
        )
        self.fields["part_of_day"].choices = [
            ("", BLANK_CHOICE_LABEL),
            *Handelserapport.Dagsdel.choices,
        ]
        self.fields["occurred_at"].help_text = _("Or choose the part of day below.")
        self.fields["client_key"].required = False
        # A reporter in one group, reporting on one district, does not pick them.
        preselect_only_choice(self)
        for field in self.fields.values():
            _large(field)
        if not self.instance._state.adding:
            # The group and the sending key belong to the report as it was made.
            del self.fields["grupp"]
            del self.fields["client_key"]
        elif len(self.fields["grupp"].queryset) == 1:
            self.fields["grupp"].widget = forms.HiddenInput()
            self.only_group = self.fields["grupp"].queryset[0]

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        validate_date_range(day)
        return day

    def clean_new_place(self):
        name = " ".join(self.cleaned_data["new_place"].split())
        errors = personnummer_errors(
            {"new_place": (str(_("New place")), name)}, EST_PERSONNUMMER_MESSAGE
        )
        if errors:
            raise errors["new_place"]
        return name

    def clean(self):
        data = super().clean()
        grupp = data.get("grupp") if self.instance._state.adding else self.instance.grupp
        omrade = data.get("omrade")
        if grupp and omrade and not grupp.omraden.filter(pk=omrade.pk).exists():
            self.add_error(
                "omrade",
                ValidationError(_("The group does not report on this district."), "district"),
            )
        plats, new_place = data.get("plats"), data.get("new_place")
        if plats and new_place:
            self.add_error(
                "new_place",
                ValidationError(
                    _("Choose a place from the list or name a new one, not both."), "both"
                ),
            )
        elif not plats and not new_place and "plats" not in self.errors:
            self.add_error(
                "plats", ValidationError(_("Choose a place or name a new one."), "no_place")
            )
        if not data.get("occurred_at") and not data.get("part_of_day"):
            self.add_error(
                "occurred_at", ValidationError(_("Give the time or the part of day."), "no_time")
            )
        return data

    def _post_clean(self):
        if self.instance._state.adding and not getattr(self.instance, "organ_id", None):
            self.add_error(None, ValidationError(_("Your account has no organisation."), "organ"))
        super()._post_clean()

    def place(self) -> EstPlats | None:
        """The chosen place, or the named one: found in the district or proposed anew."""
        name = self.cleaned_data.get("new_place")
        if not name:
            return self.cleaned_data.get("plats")
        omrade = self.cleaned_data["omrade"]
        existing = EstPlats.objects.filter(omrade=omrade, name__iexact=name).first()
        if existing is not None:
            return existing.merged_into if existing.merged_into_id else existing
        return EstPlats.objects.create(
            omrade=omrade, name=name, status=EstPlats.Status.FORESLAGEN, proposed_by=self.user
        )

    def initial_from_last(self) -> None:
        """Defaults for a new report: now, and the reporter's last group, district and place."""
        now = timezone.localtime()
        self.initial.setdefault("occurred_on", now.date())
        self.initial.setdefault("occurred_at", now.time().replace(second=0, microsecond=0))
        last = (
            Handelserapport.objects.filter(
                reporter=self.user, grupp__in=self.fields["grupp"].queryset
            )
            .order_by("-created_at", "-pk")
            .only("grupp_id", "omrade_id", "plats_id")
            .first()
        )
        if last is not None:
            self.initial.setdefault("grupp", last.grupp_id)
            self.initial.setdefault("omrade", last.omrade_id)
            if last.plats_id and self.fields["plats"].queryset.filter(pk=last.plats_id).exists():
                self.initial.setdefault("plats", last.plats_id)
        # A single group or district is already chosen by preselect_only_choice in __init__.


class MergeForm(forms.Form):
    """Merge a proposed place into an approved place of the same district."""

    target = forms.ModelChoiceField(label=_("Merge into"), queryset=EstPlats.objects.none())

    def __init__(self, *args, place: EstPlats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            EstPlats.objects.approved().filter(omrade_id=place.omrade_id).exclude(pk=place.pk)
        )
        self.fields["target"].widget.attrs["class"] = "form-select"
