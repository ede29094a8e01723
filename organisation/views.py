import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language as django_set_language
from icalendar import Calendar as ICalendar
from icalendar import Event

from organisation.downloads import stored_file_response
from organisation.forms import (
    BeslutFormSet,
    BilagaForm,
    DagordningFormSet,
    MinnesanteckningarForm,
    MoteForm,
)
from organisation.models import Beslut, Bilaga, Dagordningspunkt, Forum, Forumdeltagande, Mote
from organisation.public_cache import MOTEN, public_page
from organisation.publication import add_errors, warn_author
from organisation.roles import ROLES, role_names
from organisation.rules import forum_is_public, has_a_role, minutes_are_public, require
from organisation.services import (
    check_published_minutes,
    mote_versions,
    publish_minutes,
    restore_mote_version,
    unpublish_minutes,
)
from organisation.templatetags.rich_text import render_markdown
from organisation.uploadhandlers import AttachmentLimitHandler


@login_not_required
@require_safe
@never_cache
def healthz(request):
    """For load balancers: answers without touching the database or the session."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@login_not_required
@csrf_exempt
@require_POST
def set_language(request):
    """Django's language switch, translating the page it came from into the chosen language.

    Without a CSRF token: the switch is on every page, and a per-visitor token would keep
    every page out of the shared cache. A forged post can do no more than a link to the
    page in the other language does: show it in that language.

    The switch is posted to an address outside the language prefixes, so the language
    active there is the browser's or the cookie's, not the page's: from /en/forum/bra/ the
    English page would not resolve in Swedish and Django would send the resident back to
    it. Resolving the return address in its own language makes the switch work both ways.
    """
    next_url = request.POST.get("next", "")
    page_language = translation.get_language_from_path(next_url.split("?", 1)[0])
    with translation.override(page_language or settings.LANGUAGE_CODE):
        return django_set_language(request)


def login_locked_out(request, original_response=None, credentials=None):
    """What axes answers once a username or an address is locked out (AXES_LOCKOUT_CALLABLE).

    The login page again, with the form and a message that says why and for how long, for
    the portal's login and the admin's alike; 429 so scripts see they are being throttled.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed login attempts. For your security, logging in with this username "
        "or from this address is blocked for %(minutes)d minute. Try again later, or ask an "
        "administrator to unlock the account.",
        "Too many failed login attempts. For your security, logging in with this username "
        "or from this address is blocked for %(minutes)d minutes. Try again later, or ask an "
        "administrator to unlock the account.",
        minutes,
    ) % {"minutes": minutes}
    next_url = request.POST.get("next") or request.GET.get("next", "")
    response = render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "locked_out_message": message, "next": next_url},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    add_never_cache_headers(response)
    return response


@login_not_required
@require_safe
@public_page(MOTEN)
def forum_detail(request, slug):
    forum = get_object_or_404(
        Forum.objects.select_related("responsible", "coordinator", "reports_to").prefetch_related(
            "cadence_rules",
            "steering_documents",
            Prefetch(
                "participations",
                queryset=Forumdeltagande.objects.select_related("organ"),
            ),
            "sub_forums",
        ),
        slug=slug,
    )
    is_public = forum_is_public(forum)
    context = {"forum": forum, "forum_is_public": is_public}
    if is_public:
        meetings = list(_public_forum_meetings(forum).exclude(starts_at__lt=_calendar_window()))
        now = timezone.now()
        year = timezone.localdate().year
        context |= {
            "year": year,
            "cadence": forum.cadence(year, meetings=meetings),
            "upcoming": sorted(
                (m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at
            ),
            "minutes": _public_forum_meetings(forum)
            .with_published_minutes()
            .order_by("-starts_at", "-pk")[:100],
        }
    return render(request, "organisation/forum_detail.html", context)


@login_not_required
@require_safe
@public_page()
def tillganglighet(request):
    return render(request, "organisation/tillganglighet.html")


@login_not_required
@require_safe
@public_page()
def lattlast(request):
    """What the work is, in easy-to-read Swedish (lättläst): short sentences, common words."""
    return render(request, "organisation/lattlast.html")


# --- Meetings: public pages, calendars and the minutes feed ---------------------------------


@require_safe
def ingen_roll(request):
    """Where an account without a role lands after single sign-on: whom to ask for one."""
    context = {
        "has_role": has_a_role.test(request.user),
        "role_names": sorted(role_names(request.user) & set(ROLES)),
    }
    return render(request, "registration/ingen_roll.html", context)


def _public_forum_meetings(forum):
    return Mote.objects.public().filter(forum=forum).select_related("forum")


@login_not_required
@require_safe
@public_page(MOTEN)
def mote_detail(request, slug, pk):
    mote = get_object_or_404(
        Mote.objects.public()
        .select_related("forum")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=Dagordningspunkt.objects.select_related("insats__samverkansomrade"),
            )
        ),
        forum__slug=slug,
        pk=pk,
    )
    minutes_public = mote.minutes_are_public
    context = {
        "mote": mote,
        "forum": mote.forum,
        "minutes_public": minutes_public,
        "decisions": mote.decisions.select_related("responsible") if minutes_public else [],
        "attachments": mote.attachments.all() if minutes_public else [],
        "attended_by": mote.attended_by.all() if minutes_public else [],
    }
    return render(request, "organisation/mote_detail.html", context)


def meetings_ical(meetings, *, name: str, host: str, absolute) -> bytes:
    """An iCalendar file of the meetings; ``absolute`` makes a path a full URL.

    The calendar pages and the officials' reminders (one file per meeting) share it."""
    calendar = ICalendar()
    calendar.add("prodid", "-//Säker och trygg kommun//möten//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for mote in meetings:
        event = Event()
        event.add("uid", f"mote-{mote.pk}@{host}")
        event.add("summary", f"{mote.forum.short_name or mote.forum.name}: {mote.display_title}")
        event.add("dtstart", mote.starts_at)
        event.add("dtend", mote.ends_at)
        event.add("dtstamp", mote.updated_at)
        if mote.place:
            event.add("location", mote.place)
        event.add("url", absolute(mote.get_absolute_url()))
        event.add("status", "CANCELLED" if mote.status == Mote.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def _meetings_calendar(request, meetings, *, name: str) -> HttpResponse:
    body = meetings_ical(
        meetings, name=name, host=request.get_host(), absolute=request.build_absolute_uri
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="moten.ics"'
    return response


def _calendar_window():
    """Meetings from a year back onwards: enough for subscribers, bounded in size."""
    return timezone.now() - timedelta(days=365)


@login_not_required
@require_safe
@public_page(MOTEN)
def moten_ics(request):
    meetings = (
        Mote.objects.public()
        .filter(starts_at__gte=_calendar_window())
        .select_related("forum")
        .order_by("starts_at", "pk")[:1000]
    )
    return _meetings_calendar(request, meetings, name="Säker och trygg kommun – möten")


@login_not_required
@require_safe
@public_page(MOTEN)
def forum_ics(request, slug):
    forum = get_object_or_404(Forum.objects.public(), slug=slug)
    meetings = (
        _public_forum_meetings(forum)
        .filter(starts_at__gte=_calendar_window())
        .order_by("starts_at", "pk")[:1000]
    )
    return _meetings_calendar(request, meetings, name=f"{forum.name} – möten")


class MinutesFeed(Feed):
    feed_type = Atom1Feed
    title = "Säker och trygg kommun – minnesanteckningar"
    subtitle = "Publicerade minnesanteckningar från forumens möten"

    def link(self):
        return reverse("samverkan:organisation")

    def items(self):
        return (
            Mote.objects.with_published_minutes()
            .select_related("forum")
            .order_by("-minutes_published_at", "-pk")[:50]
        )

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return render_markdown(item.minutes)

    def item_pubdate(self, item):
        return item.minutes_published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.minutes_published_at)

    def item_categories(self, item):
        return [item.forum.name]


minutes_feed = login_not_required(MinutesFeed())


def _is_public_attachment(attachment) -> bool:
    """Whether anyone may download it, so a shared cache may keep a copy it revalidates."""
    return minutes_are_public(attachment.mote)


def _attachment_etag(attachment) -> str:
    # A new upload gets a new stored name, so name, size and time change with the bytes.
    version = f"{attachment.file.name}|{attachment.size}|{attachment.uploaded_at.isoformat()}"
    return f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'


@login_not_required
@require_safe
def bilaga(request, pk):
    """Download an attachment; who may is decided by ``Bilaga.objects.visible_to``."""
    attachment = get_object_or_404(
        Bilaga.objects.visible_to(request.user).select_related("mote__forum"), pk=pk
    )
    if _is_public_attachment(attachment):
        # Caches must ask each time, so unpublished minutes stop being served at once.
        etag = _attachment_etag(attachment)
        headers = {"Cache-Control": "no-cache", "ETag": etag}
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return _with_headers(not_modified, headers)
    else:
        headers = {"Cache-Control": "private, no-store"}
    try:
        response = stored_file_response(
            attachment.file,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=BILAGA_CONTENT_TYPES[attachment.file_type],
        )
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["X-Content-Type-Options"] = "nosniff"
    return _with_headers(response, headers)


def _with_headers(response, headers):
    for name, value in headers.items():
        response[name] = value
    return response


BILAGA_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
}


# --- Meetings: the forum members' workspace -------------------------------------------------


def _forum_for_workspace(request, slug):
    """Members see their forum in full; other officials only public forums; the rest 404."""
    forum = get_object_or_404(
        Forum.objects.workspace_visible_to(request.user).prefetch_related("cadence_rules"),
        slug=slug,
    )
    return forum, request.user.has_perm("organisation.add_mote", forum)


def _member_mote(request, pk):
    """A meeting the user may keep, i.e. of one of their forums.

    A meeting the user may not see answers 404; a public meeting of another forum 403.
    """
    mote = get_object_or_404(Mote.objects.visible_to(request.user).select_related("forum"), pk=pk)
    require(request.user, "organisation.change_mote", mote)
    return mote


@require_safe
def arbetsyta_forum(request, slug):
    forum, is_member = _forum_for_workspace(request, slug)
    meetings = list(
        Mote.objects.visible_to(request.user).filter(forum=forum).select_related("forum")
    )
    now = timezone.now()
    year = timezone.localdate().year
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.starts_at < now]
    decisions = Beslut.objects.visible_to(request.user).filter(mote__forum=forum)
    context = {
        "forum": forum,
        "is_member": is_member,
        "year": year,
        "cadence": forum.cadence(year, meetings=meetings),
        "upcoming": upcoming,
        "past": past,
        "overdue_decisions": decisions.overdue(today=timezone.localdate())
        .select_related("mote__forum", "responsible")
        .order_by("due_date"),
    }
    return render(request, "organisation/arbetsyta_forum.html", context)


def _save_mote_with_agenda(form, formset) -> Mote:
    with transaction.atomic():
        mote = form.save()
        formset.instance = mote
        formset.save()
        check_published_minutes(mote)
    return mote


@require_http_methods(["GET", "POST"])
def mote_create(request, slug):
    forum, _can_keep = _forum_for_workspace(request, slug)
    require(request.user, "organisation.add_mote", forum)
    form = MoteForm(request.POST or None, forum=forum)
    formset = DagordningFormSet(
        request.POST or None, instance=Mote(forum=forum), form_kwargs={"user": request.user}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if not forum.is_public:
            form.instance.is_public = False
        try:
            mote = _save_mote_with_agenda(form, formset)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            warn_author(request, mote)
            return redirect(mote.get_workspace_url())
    return render(
        request,
        "organisation/mote_form.html",
        {"form": form, "formset": formset, "forum": forum, "heading": _("New meeting")},
    )


@require_http_methods(["GET", "POST"])
def mote_edit(request, pk):
    mote = _member_mote(request, pk)
    form = MoteForm(request.POST or None, instance=mote, forum=mote.forum)
    formset = DagordningFormSet(
        request.POST or None, instance=mote, form_kwargs={"user": request.user}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            _save_mote_with_agenda(form, formset)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            warn_author(request, mote)
            return redirect(mote.get_workspace_url())
    return render(
        request,
        "organisation/mote_form.html",
        {
            "form": form,
            "formset": formset,
            "forum": mote.forum,
            "mote": mote,
            "heading": _("Edit meeting"),
        },
    )


def _render_arbetsyta_mote(request, mote, *, attachment_form, status=200):
    context = {
        "mote": mote,
        "forum": mote.forum,
        "agenda": mote.agenda_items.select_related("insats"),
        "decisions": mote.decisions.select_related("responsible"),
        "attended_by": mote.attended_by.all(),
        "attachments": mote.attachments.select_related("uploaded_by"),
        "attachment_form": attachment_form,
        "can_publish": request.user.has_perm("organisation.publish_minutes", mote),
    }
    return render(request, "organisation/arbetsyta_mote.html", context, status=status)


@require_safe
def arbetsyta_mote(request, pk):
    mote = _member_mote(request, pk)
    return _render_arbetsyta_mote(request, mote, attachment_form=BilagaForm())


@require_http_methods(["GET", "POST"])
def mote_minutes(request, pk):
    mote = _member_mote(request, pk)
    form = MinnesanteckningarForm(request.POST or None, instance=mote)
    formset = BeslutFormSet(request.POST or None, instance=mote, prefix="beslut")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                form.save()
                formset.save()
                check_published_minutes(mote)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            warn_author(request, mote)
            return redirect(mote.get_workspace_url())
    return render(
        request,
        "organisation/mote_minutes.html",
        {"form": form, "formset": formset, "mote": mote, "forum": mote.forum},
    )


@require_POST
def mote_publish(request, pk):
    mote = _member_mote(request, pk)
    require(request.user, "organisation.publish_minutes", mote)
    try:
        publish_minutes(mote=mote, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The minutes are published on the open pages."))
    return redirect(mote.get_workspace_url())


@require_POST
def mote_unpublish(request, pk):
    mote = _member_mote(request, pk)
    require(request.user, "organisation.publish_minutes", mote)
    unpublish_minutes(mote=mote, user=request.user)
    messages.success(request, _("The minutes are no longer published."))
    return redirect(mote.get_workspace_url())


@csrf_exempt
@require_POST
def bilaga_upload(request, pk):
    # The handler must be in place before anything reads the body, CSRF checking included,
    # so the check runs in the inner view (Django's pattern for changing upload handlers).
    request.upload_handlers.insert(0, AttachmentLimitHandler(request))
    return _bilaga_upload(request, pk)


@csrf_protect
def _bilaga_upload(request, pk):
    mote = _member_mote(request, pk)
    form = BilagaForm(request.POST, request.FILES, instance=Bilaga(mote=mote))
    if form.is_valid():
        attachment = form.save(commit=False)
        attachment.uploaded_by = request.user
        attachment.save()
        messages.success(request, _("The file was attached."))
        return redirect(mote.get_workspace_url())
    return _render_arbetsyta_mote(request, mote, attachment_form=form, status=400)


@require_http_methods(["GET", "POST"])
def bilaga_delete(request, pk):
    """A page that asks first, then the removal: the question works without JavaScript."""
    attachment = get_object_or_404(
        Bilaga.objects.visible_to(request.user).select_related("mote__forum"), pk=pk
    )
    require(request.user, "organisation.delete_bilaga", attachment)
    mote = attachment.mote
    if request.method != "POST":
        return render(
            request,
            "organisation/bilaga_delete.html",
            {"attachment": attachment, "mote": mote, "forum": mote.forum},
        )
    attachment.delete()
    messages.success(request, _("The attachment was removed."))
    return redirect(mote.get_workspace_url())


@require_safe
def mote_history(request, pk):
    mote = _member_mote(request, pk)
    return render(
        request,
        "organisation/mote_history.html",
        {"mote": mote, "forum": mote.forum, "versions": mote_versions(mote=mote)},
    )


@require_POST
def mote_restore(request, pk, history_id):
    mote = _member_mote(request, pk)
    get_object_or_404(mote.history, history_id=history_id)
    try:
        restore_mote_version(mote=mote, history_id=history_id, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The earlier version was restored."))
    return redirect("organisation:mote_history", pk=mote.pk)
