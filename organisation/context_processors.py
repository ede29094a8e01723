from django.utils.functional import SimpleLazyObject

from organisation.models import Kommun


def kommun(request):
    """The kommun this installation serves; queried only by templates that use it."""
    return {"kommun": SimpleLazyObject(lambda: Kommun.objects.first())}


def single_sign_on(request):
    """Whether the login page offers the kommun's login (OpenID Connect)."""
    from organisation import oidc

    return {"sso_enabled": oidc.enabled()}
