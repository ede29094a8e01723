"""Forms of residents' tips: the public form and the receivers' triage."""

import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from lagesbild.models import Problem, Tips, Tipsanteckning, Tipsarende
from lagesbild.models.tips import Dagtid, Veckodag
from organisation.forms import fast_selects
from organisation.personnummer import find_personnummer
from organisation.validators import validate_attachment
from samverkan.models import Omrade, Samverkansgrupp

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_EXTENSIONS = {"jpg", "jpeg", "png"}


def strip_metadata(upload, kind: str) -> InMemoryUploadedFile:
    """The picture alone: EXIF (GPS, camera, time) and every other block dropped.

    The picture is decoded and written again, turned upright first since the orientation
    is one of the EXIF fields that go.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image)
        if kind == "jpeg" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        # Pillow carries EXIF, ICC and text chunks over from info unless told otherwise.
        upright.info = {}
        out = io.BytesIO()
        upright.save(out, format="JPEG" if kind == "jpeg" else "PNG", quality=88, exif=b"")
    size = out.tell()
    out.seek(0)
    extension = "jpg" if kind == "jpeg" else "png"
    return InMemoryUploadedFile(out, "photo", f"tips.{extension}", f"image/{kind}", size, None)


class TipsForm(forms.ModelForm):
    times = forms.MultipleChoiceField(
        label=_("When does it feel unsafe?"),
        choices=Dagtid.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Which days?"),
        choices=Veckodag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "Yes, I want a reply by e-mail. The kommun uses my address only to answer this tip "
            "and deletes it when the tip is closed, at the latest after 90 days."
        ),
        required=False,
    )
    # The no-JavaScript check (lagesbild/tips_abuse.py): a field people never see and fill
    # in, and the signed time the form was opened.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    opened = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    class Meta:
        model = Tips
        fields = ["omrade", "place", "kategori", "text", "photo", "contact_email"]
        labels = {"omrade": _("District"), "kategori": _("What is it about?")}
        widgets = {
            "kategori": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5, "maxlength": 1500}),
            "place": forms.TextInput(attrs={"maxlength": 200}),
        }

    field_order = [
        "omrade",
        "place",
        "kategori",
        "times",
        "weekdays",
        "text",
        "photo",
        "contact_email",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omrade"].queryset = Omrade.objects.order_by("name")
        self.fields["omrade"].empty_label = _("Choose a district")
        self.fields["kategori"].choices = self.fields["kategori"].choices[1:]
        self.fields["photo"].help_text = _(
            "Optional: a photo of the place (JPEG or PNG, at most 10 MB), without people in it. "
            "Location and camera data are removed from the photo before it is stored."
        )
        self.fields["photo"].widget = forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png"}
        )
        self.fields["contact_email"].help_text = _(
            "Optional. Only if you want a reply; tick the box below too."
        )
        self.fields["text"].help_text = _(
            "Describe the place and what happens there. Do not name or describe people, and do "
            "not write personal identity numbers."
        )
        fast_selects(self)  # the list of districts: 600 at ten times a large kommun's size

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "content_type"):
            return photo
        name = photo.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in PHOTO_EXTENSIONS:
            raise ValidationError(_("The photo must be a JPEG or PNG file."), code="photo_type")
        if photo.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("The photo may be at most 10 MB."), code="photo_too_large")
        kind = validate_attachment(photo)
        return strip_metadata(photo, kind)

    def clean(self):
        cleaned = super().clean()
        for name in ("place", "text"):
            if find_personnummer(cleaned.get(name) or ""):
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "This looks like a personal identity number. Tips are about places, "
                            "never about people: remove the number and send again."
                        ),
                        code="personnummer",
                    ),
                )
        email = cleaned.get("contact_email")
        if email and not cleaned.get("consent"):
            self.add_error(
                "consent",
                ValidationError(
                    _("Tick the box if you want a reply, or leave the e-mail field empty."),
                    code="consent_required",
                ),
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The model's own guard message speaks of publishing; the form's message above says
        # it in the resident's words, so the model's is not shown twice.
        for name in ("place", "text"):
            errors = self.errors.get(name)
            if errors and len(errors) > 1:
                self.errors[name] = self.error_class(
                    [e for e in errors.as_data() if e.code == "personnummer"][:1]
                )

    def save(self, commit=True):
        tip = super().save(commit=False)
        tip.times_of_day = ",".join(self.cleaned_data.get("times") or [])
        tip.days = ",".join(self.cleaned_data.get("weekdays") or [])
        tip.consent_at = timezone.now() if tip.contact_email else None
        if commit:
            tip.save()
        return tip


class ArendeForm(forms.ModelForm):
    """Status, answer and reason. Closing stamps the time before validation, so the
    constraint that a closed case has a closing time holds when it is checked."""

    closing = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in Tipsarende.OPEN_STATUSES:
            self.instance.closed_at = None
        elif cleaned.get("status") and self.instance.closed_at is None:
            self.instance.closed_at = timezone.now()
            self.closing = True
        return cleaned

    class Meta:
        model = Tipsarende
        fields = ["status", "rejection_reason", "answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}


class NoteForm(forms.ModelForm):
    class Meta:
        model = Tipsanteckning
        fields = ["text"]
        labels = {"text": _("New internal note")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}


class EstReportForm(forms.Form):
    grupp = forms.ModelChoiceField(label=_("EST group"), queryset=Samverkansgrupp.objects.none())

    def __init__(self, *args, arende, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grupp"].queryset = (
            Samverkansgrupp.objects.est().filter(omraden=arende.omrade).order_by("name")
        )


class CiteForm(forms.Form):
    problem = forms.ModelChoiceField(label=_("Lägesbild problem"), queryset=Problem.objects.none())

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["problem"].label_from_instance = lambda problem: (
            f"{problem.title} ({problem.lagesbild.title})"
        )
