"""The password-reset request, throttled per e-mail address and per client address.

Django's view sends the mail; before it runs, each request is counted twice in the shared
cache through django-ratelimit (whose keys are SHA-256 hashes, so neither the e-mail
address nor the client's address is stored): per address asked for, so nobody can fill one
official's inbox, and per client, so nobody can try address after address. Both counters
count whether or not the address has an account, and the page over the limit says the same
in either case, so the throttle tells nobody which addresses exist.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from saker_trygg.client_ip import client_ip

TEMPLATE = "registration/password_reset_form.html"
MAX_EMAIL_LENGTH = 254

_django_view = auth_views.PasswordResetView.as_view(
    template_name=TEMPLATE,
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("organisation:password_reset_done"),
)


def _email(group, request) -> str:
    return request.POST.get("email", "").strip().lower()[:MAX_EMAIL_LENGTH]


def _client(group, request) -> str:
    return client_ip(request) or "unknown"


def _over_limit(request) -> bool:
    over = False
    for group, key, rate in [
        ("organisation.password_reset.email", _email, settings.PASSWORD_RESET_RATE_PER_EMAIL),
        ("organisation.password_reset.client", _client, settings.PASSWORD_RESET_RATE_PER_CLIENT),
    ]:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        over = over or bool(usage and usage["should_limit"])
    return over


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request):
    if request.method == "POST" and _over_limit(request):
        message = _(
            "Too many requests for a new password have been made for this address or from "
            "your connection. Wait an hour and try again. If you are in a hurry, contact the "
            "portal's administrator."
        )
        response = render(
            request,
            TEMPLATE,
            {"form": PasswordResetForm(request.POST), "throttled_message": message},
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
    return _django_view(request)
