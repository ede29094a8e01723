"""Forms of the EST group's weekly meeting and quarterly prioritisation.

The group, week and quarter come from the page, never from the form, and the choice of
district and place is limited to the group's own districts.
"""

from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.models import EstAtgard, EstPlats, EstPrioritering
from organisation.forms import form_helper
from organisation.models import Organ


def _scoped(form, grupp):
    form.fields["omrade"].queryset = grupp.omraden.order_by("name")
    form.fields["plats"].queryset = (
        EstPlats.objects.approved().filter(omrade__in=grupp.omraden.all()).select_related("omrade")
    )
    form.fields["plats"].required = False
    form.fields["plats"].empty_label = _("– The whole district –")


def _place_in_district(form, cleaned):
    plats, omrade = cleaned.get("plats"), cleaned.get("omrade")
    if plats and omrade and plats.omrade_id != omrade.pk:
        form.add_error("plats", _("The place is in another district."))
    return cleaned


class EstAtgardForm(forms.ModelForm):
    """What the group decides for the week: an action at a place or in a district."""

    class Meta:
        model = EstAtgard
        fields = ["omrade", "plats", "text", "owner"]

    def __init__(self, *args, grupp, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, grupp)
        self.fields["owner"].queryset = Organ.objects.order_by("name")
        membership = getattr(user, "organtillhorighet", None) if user else None
        if membership is not None and not self.is_bound:
            self.initial.setdefault("owner", membership.organ_id)
        self.helper = form_helper(_("Add action"))

    def clean(self):
        return _place_in_district(self, super().clean())


class EstFollowUpForm(forms.ModelForm):
    """The next week's follow-up of an action: was it done, and what came of it."""

    class Meta:
        model = EstAtgard
        fields = ["status", "follow_up"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One form per action on the page: the button's id must be unique among them.
        self.helper = form_helper()
        self.helper.add_input(
            Submit("submit", _("Save follow-up"), css_id=f"{self.prefix or 'atgard'}-spara")
        )


class EstPrioriteringForm(forms.ModelForm):
    """A place or district the group prioritises for a quarter, with the reason."""

    class Meta:
        model = EstPrioritering
        fields = ["year", "quarter", "omrade", "plats", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, grupp, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped(self, grupp)
        today = timezone.localdate()
        self.fields["year"] = forms.TypedChoiceField(
            label=_("year"),
            coerce=int,
            choices=[(y, y) for y in range(today.year - 1, today.year + 2)],
            initial=today.year,
        )
        self.fields["quarter"] = forms.TypedChoiceField(
            label=_("quarter"),
            coerce=int,
            choices=[(q, _("Quarter %(number)s") % {"number": q}) for q in range(1, 5)],
            initial=(today.month - 1) // 3 + 1,
        )
        self.helper = form_helper(_("Add prioritisation"))

    def clean(self):
        return _place_in_district(self, super().clean())
