"""Forms of the EST group's weekly meeting and quarterly prioritisation.

The group, week and quarter come from the page, never from the form, and the choice of
district and place is limited to the group's own districts.

The two forms of the weekly page (a new action, a follow-up) are rendered by the page's
own lean field partial rather than crispy-forms, with `FastSelect` lists: the page is the
group's weekly working view and must stay quick (see benchmarks/est.py).
"""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.models import (
    EstAtgard,
    EstPeriodval,
    EstPlats,
    EstPrioritering,
    Prioriteringsperiod,
    period_of,
)
from organisation.forms import FastSelect, form_helper, preselect_only_choice
from organisation.models import Organ, Organtillhorighet


def _lean(form, rows=None):
    """Bootstrap's classes on the widgets, and each list's choices read in one plain query.

    A ModelChoiceField reads its queryset anew (through a server-side cursor) every time it
    is rendered; a list of choices is read once, or not at all when ``rows`` holds a
    field's rows already read by the page (the weekly page's districts and places).
    Validation still goes through the queryset, so a choice that is not in it is refused
    as before."""
    rows = rows or {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.Select):
            field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            field.widget.is_required = field.required
            field.widget.attrs["class"] = "form-select"
            if isinstance(field, forms.ModelChoiceField):
                objects = rows.get(name, field.queryset)
                choices = [(obj.pk, field.label_from_instance(obj)) for obj in objects]
                if field.empty_label is not None:
                    choices.insert(0, ("", field.empty_label))
                field.choices = choices
            else:
                field.widget.choices = field.choices
        else:
            field.widget.attrs["class"] = "form-control"


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

    def __init__(self, *args, grupp, user=None, omraden=None, places=None, **kwargs):
        """``omraden`` and ``places``: the group's districts (by name) and approved places,
        when the page has read them already; otherwise the form reads them."""
        super().__init__(*args, **kwargs)
        _scoped(self, grupp)
        self.fields["owner"].queryset = Organ.objects.order_by("name")
        if self.is_bound or user is None:
            membership = getattr(user, "organtillhorighet", None) if user else None
            if membership is not None and not self.is_bound:
                self.initial.setdefault("owner", membership.organ_id)
            preselect_only_choice(self)
            _lean(self)
            return
        # An empty form on the weekly page: the bodies and which one is the user's in one
        # query, and the one-choice lists chosen from the rows read, not asked again.
        organs = list(
            self.fields["owner"].queryset.annotate(
                mine=Exists(Organtillhorighet.objects.filter(user=user, organ=OuterRef("pk")))
            )
        )
        if omraden is None:
            omraden = list(self.fields["omrade"].queryset)
        rows = {"owner": organs, "omrade": omraden}
        if places is not None:
            rows["plats"] = places
        mine = next((organ.pk for organ in organs if organ.mine), None)
        if mine is not None:
            self.initial.setdefault("owner", mine)
        for name in ("omrade", "owner"):  # preselect_only_choice's rule, on the rows read
            if not self.initial.get(name) and len(rows[name]) == 1:
                self.initial[name] = rows[name][0].pk
        _lean(self, rows)

    def clean(self):
        return _place_in_district(self, super().clean())


class EstFollowUpForm(forms.ModelForm):
    """The next week's follow-up of an action: was it done, and what came of it."""

    class Meta:
        model = EstAtgard
        fields = ["status", "follow_up"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _lean(self)

    @property
    def button_id(self) -> str:
        # One form per action on the page: the button's id must be unique among them.
        return f"{self.prefix or 'atgard'}-spara"


class EstPrioriteringForm(forms.ModelForm):
    """A place or district the group prioritises for a quarter or tertial, with the reason."""

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
        # The group's choice of period decides what the number means; it is not in the form.
        self.instance.period_kind = EstPeriodval.of(grupp)
        if self.instance.period_kind == Prioriteringsperiod.TERTIAL:
            label, choices = (
                _("tertial"),
                [(t, _("Tertial %(number)s") % {"number": t}) for t in range(1, 4)],
            )
        else:
            label, choices = (
                _("quarter"),
                [(q, _("Quarter %(number)s") % {"number": q}) for q in range(1, 5)],
            )
        self.fields["quarter"] = forms.TypedChoiceField(
            label=label,
            coerce=int,
            choices=choices,
            initial=period_of(today, self.instance.period_kind)[1],
        )
        preselect_only_choice(self)
        self.helper = form_helper(_("Add prioritisation"))

    def clean(self):
        return _place_in_district(self, super().clean())
