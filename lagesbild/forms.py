from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.evidence import faststall_warnings
from lagesbild.models import (
    Arsbedomning,
    Atgard,
    Atgardsplan,
    Indikator,
    Lagesbild,
    LagesbildDokument,
    Problem,
    Stallningstagande,
    Underlag,
)
from organisation.dates import validate_date_range
from organisation.forms import DateInput, form_helper, preselect_only_choice
from organisation.models import Forum, Mote, Organ
from organisation.personnummer import refuse_personnummer
from organisation.publication import PublicTextFormMixin
from organisation.validators import validate_attachment
from samverkan.models import Fokusomrade, Insats, Omrade, Samverkansgrupp, Samverkansomrade


class LagesbildForm(forms.ModelForm):
    """The draft lägesbild: scope, period, the three parts the law names, and sources."""

    class Meta:
        model = Lagesbild
        fields = [
            "title",
            "scope",
            "samverkansomrade",
            "omrade",
            "fokusomrade",
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
        self.fields["fokusomrade"].queryset = Fokusomrade.objects.select_related("overenskommelse")
        self.fields["fokusomrade"].help_text = _(
            "Only when the picture covers a focus area of the police agreement."
        )
        self.fields["author_body"].queryset = Organ.objects.internal()
        self.fields["author_forum"].queryset = Forum.objects.all()
        self.fields["est_grupp"].queryset = Samverkansgrupp.objects.est()
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        # The area or district of another scope is left over from an earlier choice.
        scope = cleaned.get("scope")
        if scope != Lagesbild.Scope.SAMVERKANSOMRADE:
            cleaned["samverkansomrade"] = None
        if scope != Lagesbild.Scope.OMRADE:
            cleaned["omrade"] = None
        if scope != Lagesbild.Scope.FOKUSOMRADE:
            cleaned["fokusomrade"] = None
        return cleaned


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = [
            "title",
            "priority",
            "description",
            "place",
            "omraden",
            "time_pattern",
            "owner",
            "is_public",
            "orsaksanalys",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "omraden": forms.CheckboxSelectMultiple,
            "orsaksanalys": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omraden"].queryset = Omrade.objects.all()
        self.fields["owner"].queryset = Organ.objects.all()

    def clean_orsaksanalys(self):
        text = self.cleaned_data.get("orsaksanalys") or ""
        try:
            refuse_personnummer({"orsaksanalys": (str(self.fields["orsaksanalys"].label), text)})
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return text

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
    cached_fields = ["omraden", "owner"]
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
    paragraph = forms.CharField(
        label=_("Protocol paragraph"),
        max_length=20,
        required=False,
        help_text=_("E.g. § 45, when the meeting's minutes number their paragraphs."),
    )
    diarienummer = forms.CharField(
        label=_("Registration number (diarienummer)"), max_length=50, required=False
    )
    confirm = forms.BooleanField(
        label=_("I have read the warnings above and confirm that the forum approved it anyway."),
        required=False,
    )

    def __init__(self, *args, user, lagesbild=None, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.lagesbild = lagesbild
        self.warnings: list[str] = []
        if not self.is_bound:
            # The confirmation is asked for on the second submit, once there is a reason.
            del self.fields["confirm"]
        # Only meetings the user may see: an internal forum's meetings are not listed
        # for someone outside it.
        self.fields["mote"].queryset = (
            Mote.objects.visible_to(user)
            .filter(status=Mote.Status.HELD)
            .select_related("forum")
            .order_by("-starts_at")
        )
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
        if on and self.lagesbild is not None and not self.errors:
            self.warnings = faststall_warnings(self.lagesbild, on)
            if self.warnings and not cleaned.get("confirm"):
                self.add_error(
                    "confirm" if "confirm" in self.fields else None,
                    _("Confirm the approval: tick the box and approve again, or correct the date."),
                )
        return cleaned


class StallningstagandeForm(forms.ModelForm):
    """The kommun's position on one problem; left empty, the problem has none (yet)."""

    class Meta:
        model = Stallningstagande
        fields = ["kind", "reason", "other_actor", "other_actor_name", "decided_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "decided_on": DateInput(),
        }

    def __init__(self, *args, problem, measures: int, actors, **kwargs):
        kwargs.setdefault("prefix", f"problem-{problem.pk}")
        super().__init__(*args, **kwargs)
        self.problem = problem
        self.measures = measures
        self.instance.problem = problem
        kind = self.fields["kind"]
        kind.required = False
        kind.choices = [("", _("No position yet"))] + list(Stallningstagande.Kind.choices)
        # The options are listed once for all problems' forms (``actors``: pk, name).
        self.fields["other_actor"].queryset = Organ.objects.all()
        self.fields["other_actor"].choices = [("", _("– Choose –")), *actors]
        self.fields["reason"].label = _("Reason or comment")
        if not self.instance.pk and measures:
            # A measure in a plan already says that insatser are planned.
            self.initial.setdefault("kind", Stallningstagande.Kind.INSATSER)

    @property
    def has_position(self) -> bool:
        return bool(self.cleaned_data.get("kind"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if self.measures and kind != Stallningstagande.Kind.INSATSER:
            self.add_error(
                "kind",
                _(
                    "An action plan links interventions to this problem; remove them from "
                    "the plan before choosing another position."
                ),
            )
        return cleaned

    def _post_clean(self):
        # An empty choice removes the position; there is nothing of the model to validate.
        if not self.cleaned_data.get("kind"):
            return
        super()._post_clean()


class LagesbildDokumentForm(forms.ModelForm):
    """A document of a lägesbild, checked as a meeting's attachment is."""

    class Meta:
        model = LagesbildDokument
        fields = ["title", "kind", "file"]
        help_texts = {"file": _("PDF, DOCX, PPTX, XLSX, ODT, PNG or JPEG, at most 20 MB.")}

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


class UnderlagForm(forms.ModelForm):
    class Meta:
        model = Underlag
        fields = [
            "kind",
            "indikator",
            "omrade",
            "est_grupp",
            "est_from",
            "est_to",
            "dokument",
            "note",
        ]
        widgets = {"est_from": DateInput(), "est_to": DateInput()}

    def __init__(self, *args, lagesbild, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = Indikator.objects.all()
        self.fields["omrade"].queryset = Omrade.objects.all()
        self.fields["est_grupp"].queryset = Samverkansgrupp.objects.est()
        # The documents of this lägesbild and of its earlier versions.
        self.fields["dokument"].queryset = LagesbildDokument.objects.filter(
            lagesbild__series=lagesbild.series
        )


class BaseUnderlagFormSet(CachedChoicesMixin, forms.BaseInlineFormSet):
    cached_fields = ["indikator", "omrade", "est_grupp", "dokument"]
    default_error_messages = {"too_many_forms": _("Submit at most %(num)d pieces of evidence.")}


UnderlagFormSet = forms.inlineformset_factory(
    Problem,
    Underlag,
    form=UnderlagForm,
    formset=BaseUnderlagFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    absolute_max=40,
    validate_max=True,
)


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
            "adopted_diarienummer",
            "adopted_paragraph",
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
        for name in ("period_start", "period_end"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Left empty: the period of the situational picture.")
        preselect_only_choice(self, "lagesbild")
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        lagesbild = cleaned.get("lagesbild") or (
            self.instance.lagesbild if self.instance.lagesbild_id else None
        )
        for name in ("period_start", "period_end"):
            if cleaned.get(name) is None and name not in self.errors:
                if lagesbild is None:
                    self.add_error(name, _("This field is required."))
                else:
                    cleaned[name] = getattr(lagesbild, name)
        return cleaned


class AtgardForm(forms.ModelForm):
    class Meta:
        model = Atgard
        fields = [
            "problem",
            "insats",
            "expected_effect",
            "time_horizon",
            "owner",
            "indikator",
            "indikator_omrade",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
        ]
        widgets = {"expected_effect": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, problems, insatser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["insats"].queryset = insatser
        self.fields["insats"].help_text = _(
            "Interventions active during the plan's period, by collaboration area; not drafts."
        )
        self.fields["owner"].queryset = Organ.objects.all()
        self.fields["indikator"].queryset = Indikator.objects.all()
        self.fields["indikator_omrade"].queryset = Omrade.objects.all()


class BaseAtgardFormSet(CachedChoicesMixin, forms.BaseInlineFormSet):
    cached_fields = ["problem", "owner", "indikator", "indikator_omrade"]
    default_error_messages = {"too_many_forms": _("Submit at most %(num)d measures.")}

    def _construct_form(self, i, **kwargs):
        if not hasattr(self, "_choices_cache"):
            # The insatser offered grouped by their samverkansområde, listed once.
            insatser = self.form_kwargs["insatser"]
            groups: dict[str, list] = {}
            for insats in insatser:
                groups.setdefault(insats.samverkansomrade.name, []).append(
                    (insats.pk, insats.title)
                )
            form = super()._construct_form(i, **kwargs)
            self._choices_cache["insats"] = [("", _("– Choose –")), *groups.items()]
            form.fields["insats"].choices = self._choices_cache["insats"]
            return form
        return super()._construct_form(i, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # A measure is an insats for the problem: it cannot answer a problem the kommun has
        # said needs no new measure or is handled by another actor.
        other = dict(
            Stallningstagande.objects.filter(problem__lagesbild_id=self.instance.lagesbild_id)
            .exclude(kind=Stallningstagande.Kind.INSATSER)
            .values_list("problem_id", "kind")
        )
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or data.get("problem") is None:
                continue
            kind = other.get(data["problem"].pk)
            if kind is not None:
                form.add_error(
                    "problem",
                    _(
                        "The position on this problem is “%(position)s”. Change the "
                        "position to planned interventions before linking an intervention."
                    )
                    % {"position": Stallningstagande.Kind(kind).label},
                )


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


def insatser_for_plans(user, plan=None):
    """The insatser a plan's editor may link: those they may see that are not drafts and are
    active during the plan's period (not cancelled, not archived, not ended before it or
    starting after it). Insatser the plan already links stay, so an old row still saves."""
    insatser = (
        Insats.objects.visible_to(user)
        .active()
        .exclude(publication=Insats.Publication.DRAFT)
        .exclude(status=Insats.Status.INSTALLD)
    )
    if plan is not None:
        insatser = insatser.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=plan.period_end),
            Q(end_date__isnull=True) | Q(end_date__gte=plan.period_start),
        )
        if plan.pk:
            linked = Insats.objects.visible_to(user).filter(atgarder__atgardsplan=plan)
            insatser = Insats.objects.filter(Q(pk__in=insatser.values("pk")) | Q(pk__in=linked))
    return insatser.select_related("samverkansomrade").order_by(
        "samverkansomrade__order", "samverkansomrade__name", "title"
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
