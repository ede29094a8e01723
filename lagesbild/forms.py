from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Arsbedomning, Atgard, Atgardsplan, Lagesbild, Problem
from organisation.dates import validate_date_range
from organisation.forms import DateInput, form_helper
from organisation.models import Forum, Mote, Organ
from organisation.personnummer import refuse_personnummer
from organisation.publication import PublicTextFormMixin
from samverkan.models import Insats, Omrade, Samverkansgrupp, Samverkansomrade


def _choose_labels(form):
    # Django's own "- Select an option -" has no Swedish translation yet.
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = _("– Choose –")


class LagesbildForm(forms.ModelForm):
    """The draft lägesbild: scope, period, the three parts the law names, and sources."""

    class Meta:
        model = Lagesbild
        fields = [
            "title",
            "scope",
            "samverkansomrade",
            "omrade",
            "period_start",
            "period_end",
            "author_body",
            "author_forum",
            "kartlaggning",
            "ovrig_information",
            "analys",
            "sources",
            "est_grupp",
            "est_from",
            "est_to",
        ]
        widgets = {
            "scope": forms.RadioSelect,
            "period_start": DateInput(),
            "period_end": DateInput(),
            "est_from": DateInput(),
            "est_to": DateInput(),
            "kartlaggning": forms.Textarea(attrs={"rows": 10}),
            "ovrig_information": forms.Textarea(attrs={"rows": 6}),
            "analys": forms.Textarea(attrs={"rows": 10}),
            "sources": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["samverkansomrade"].queryset = Samverkansomrade.objects.all()
        self.fields["samverkansomrade"].help_text = _(
            "Only when the picture covers a collaboration area."
        )
        self.fields["omrade"].queryset = Omrade.objects.all()
        self.fields["omrade"].help_text = _("Only when the picture covers a district.")
        self.fields["author_body"].queryset = Organ.objects.internal()
        self.fields["author_forum"].queryset = Forum.objects.all()
        self.fields["est_grupp"].queryset = Samverkansgrupp.objects.est()
        _choose_labels(self)
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        # The area or district of another scope is left over from an earlier choice.
        scope = cleaned.get("scope")
        if scope != Lagesbild.Scope.SAMVERKANSOMRADE:
            cleaned["samverkansomrade"] = None
        if scope != Lagesbild.Scope.OMRADE:
            cleaned["omrade"] = None
        return cleaned


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = [
            "title",
            "priority",
            "description",
            "place",
            "omrade",
            "time_pattern",
            "owner",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omrade"].queryset = Omrade.objects.all()
        self.fields["owner"].queryset = Organ.objects.all()
        _choose_labels(self)

    def validate_constraints(self):
        # Reordering swaps priorities between rows that are all in this formset; the formset
        # checks they are unique among its forms and the service saves the swap safely.
        exclude = self._get_validation_exclusions() | {"priority", "key"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as exc:
            self._update_errors(exc)


class CachedChoicesMixin:
    """Select options computed once per formset instead of one query per form and field."""

    cached_fields: list[str] = []

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not hasattr(self, "_choices_cache"):
            self._choices_cache = {
                name: list(form.fields[name].choices) for name in self.cached_fields
            }
        for name, choices in self._choices_cache.items():
            form.fields[name].choices = choices
        return form


class BaseProblemFormSet(CachedChoicesMixin, forms.BaseInlineFormSet):
    cached_fields = ["omrade", "owner"]
    default_error_messages = {"too_many_forms": _("Submit at most %(num)d problems.")}

    def get_unique_error_message(self, unique_check):
        if "priority" in unique_check:
            return _("Two problems have the same priority; each priority can be used once.")
        return super().get_unique_error_message(unique_check)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        titles = {}
        for form in kept:
            title = form.instance.match_title
            if title in titles:
                form.add_error("title", _("Two problems have the same title; make them distinct."))
            titles[title] = form


ProblemFormSet = forms.inlineformset_factory(
    Lagesbild,
    Problem,
    form=ProblemForm,
    formset=BaseProblemFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    absolute_max=120,
    validate_max=True,
)


class FaststallForm(forms.Form):
    forum = forms.ModelChoiceField(
        label=_("Approved by forum"),
        queryset=Forum.objects.all(),
        help_text=_("The forum that decided the situational picture, usually Brå."),
    )
    on = forms.DateField(
        label=_("Approved on"), widget=DateInput(), validators=[validate_date_range]
    )
    mote = forms.ModelChoiceField(
        label=_("At meeting"),
        queryset=Mote.objects.none(),
        required=False,
        help_text=_("The held meeting where it was approved, if it was approved at a meeting."),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Only meetings the user may see: an internal forum's meetings are not listed
        # for someone outside it.
        self.fields["mote"].queryset = (
            Mote.objects.visible_to(user)
            .filter(status=Mote.Status.HELD)
            .select_related("forum")
            .order_by("-starts_at")
        )
        _choose_labels(self)
        self.helper = form_helper(_("Approve"))

    def clean(self):
        cleaned = super().clean()
        mote, forum, on = cleaned.get("mote"), cleaned.get("forum"), cleaned.get("on")
        if mote and forum and mote.forum_id != forum.pk:
            self.add_error(
                "mote", _("The meeting belongs to %(forum)s.") % {"forum": mote.forum.name}
            )
        elif mote and on and timezone.localtime(mote.starts_at).date() != on:
            self.add_error(
                "on",
                _("The meeting was held on %(date)s.")
                % {"date": formats.date_format(timezone.localtime(mote.starts_at), "j F Y")},
            )
        return cleaned


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Lagesbild
        fields = ["public_summary"]
        widgets = {"public_summary": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save summary"))

    def clean(self):
        cleaned = super().clean()
        if self.instance.is_summary_published:
            # A published summary is public as soon as it is saved.
            refuse_personnummer(
                {
                    "public_summary": (
                        str(self.fields["public_summary"].label),
                        cleaned.get("public_summary") or "",
                    )
                }
            )
        return cleaned


class AtgardsplanForm(forms.ModelForm):
    class Meta:
        model = Atgardsplan
        fields = [
            "title",
            "lagesbild",
            "period_start",
            "period_end",
            "status",
            "adopted_by",
            "adopted_on",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "adopted_on": DateInput(),
        }

    def __init__(self, *args, lagesbilder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lagesbild"].queryset = lagesbilder.filter(
            status=Lagesbild.Status.FASTSTALLD
        ).select_related("samverkansomrade", "omrade")
        if self.instance.pk and self.instance.atgarder.exists():
            # The åtgärder point at problems of this lägesbild.
            self.fields["lagesbild"].disabled = True
            self.fields["lagesbild"].help_text = _(
                "The plan already answers problems of this picture; it cannot be changed."
            )
        self.fields["adopted_by"].queryset = Organ.objects.internal()
        self.fields["adopted_by"].help_text = _("Usually Kommunstyrelsen.")
        _choose_labels(self)
        self.helper = form_helper()


class AtgardForm(forms.ModelForm):
    class Meta:
        model = Atgard
        fields = ["problem", "insats", "expected_effect", "time_horizon", "owner"]
        widgets = {"expected_effect": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, problems, insatser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["insats"].queryset = insatser
        self.fields["owner"].queryset = Organ.objects.all()
        _choose_labels(self)


class BaseAtgardFormSet(CachedChoicesMixin, forms.BaseInlineFormSet):
    cached_fields = ["problem", "insats", "owner"]
    default_error_messages = {"too_many_forms": _("Submit at most %(num)d measures.")}


AtgardFormSet = forms.inlineformset_factory(
    Atgardsplan,
    Atgard,
    form=AtgardForm,
    formset=BaseAtgardFormSet,
    extra=3,
    can_delete=True,
    max_num=200,
    absolute_max=240,
    validate_max=True,
)


def insatser_for_plans(user):
    """The insatser a plan's editor may link: those they may see."""
    return (
        Insats.objects.visible_to(user)
        .active()
        .select_related("samverkansomrade")
        .order_by("title")
    )


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
        self.helper = form_helper(_("Store as submitted"))


class ArsbedomningForm(PublicTextFormMixin, forms.ModelForm):
    """The analyst's assessment, conclusions and proposal for decision of one year."""

    class Meta:
        model = Arsbedomning
        fields = Arsbedomning.TEXT_FIELDS
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
            "conclusions": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save as draft"))
