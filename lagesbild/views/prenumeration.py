"""Residents follow an område by e-mail: sign up, confirm, unsubscribe (RFC 8058)."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lagesbild.utskick import prenumeration
from samverkan.models import Omrade


class PrenumerationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    # A field people never see (hidden with CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, max_length=200)


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def prenumerera(request, slug):
    omrade = get_object_or_404(Omrade, slug=slug)
    form = PrenumerationForm(request.POST or None)
    context = {"omrade": omrade, "form": form}
    if request.method != "POST":
        return render(request, "lagesbild/utskick/prenumerera.html", context)
    if prenumeration.over_rate_limit(request):
        context["refusal"] = _(
            "Many sign-ups have been sent from your connection in a short time. Wait an hour "
            "and try again."
        )
        return render(request, "lagesbild/utskick/prenumerera.html", context, status=429)
    if not form.is_valid():
        return render(request, "lagesbild/utskick/prenumerera.html", context, status=400)
    # The same answer whether the address already follows the area or the honeypot was
    # filled in: the page tells nobody who subscribes.
    if not form.cleaned_data["website"]:
        prenumeration.send_confirmation(email=form.cleaned_data["email"].lower(), omrade=omrade)
    return render(request, "lagesbild/utskick/prenumerera_skickat.html", {"omrade": omrade})


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def bekrafta(request, token):
    """GET shows a button, so that a mail scanner opening the link subscribes nobody."""
    parsed = prenumeration.read_confirm_token(token)
    if parsed is None:
        return render(request, "lagesbild/utskick/bekrafta_ogiltig.html", status=400)
    email, omrade_id = parsed
    omrade = get_object_or_404(Omrade, pk=omrade_id)
    if request.method == "POST":
        prenumeration.subscribe(email=email, omrade=omrade)
        return render(request, "lagesbild/utskick/bekraftad.html", {"omrade": omrade})
    return render(request, "lagesbild/utskick/bekrafta.html", {"omrade": omrade, "email": email})


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to this URL with no cookie
# and no CSRF token; the signed token in the URL is the authority, and it can only delete.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def avprenumerera(request, token):
    email = prenumeration.read_unsubscribe_token(token)
    if email is None:
        return render(request, "lagesbild/utskick/bekrafta_ogiltig.html", status=400)
    if request.method == "POST":
        prenumeration.unsubscribe(email)
        return render(request, "lagesbild/utskick/avprenumererad.html")
    return render(request, "lagesbild/utskick/avprenumerera.html", {"email": email})
