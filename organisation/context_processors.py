from django.utils.functional import SimpleLazyObject

from organisation.models import Kommun


def kommun(request):
    """The kommun this installation serves; queried only by templates that use it."""
    return {"kommun": SimpleLazyObject(lambda: Kommun.objects.first())}
