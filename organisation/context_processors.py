from django.utils.functional import SimpleLazyObject

from organisation.models import Kommun


def kommun_of(request):
    """The kommun this installation serves, read once per request: the page frame and the
    page itself (the key figures, the område page's sections) ask for it."""
    if not hasattr(request, "_kommun"):
        request._kommun = Kommun.objects.first()
    return request._kommun


def kommun(request):
    """The kommun for the templates; queried only by templates that use it."""
    return {"kommun": SimpleLazyObject(lambda: kommun_of(request))}


def single_sign_on(request):
    """Whether the login page offers the kommun's login (OpenID Connect)."""
    from organisation import oidc

    return {"sso_enabled": oidc.enabled()}
