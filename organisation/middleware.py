"""Requests carrying control characters are answered before any view or database sees them."""

import re

from django.views.defaults import bad_request

# C0 controls and DEL. PostgreSQL refuses NUL in any text parameter with an error, so a NUL
# that reached a lookup would be a server error; the others have no place in an address.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# In a query value, tab and line breaks are what a resident pastes into the search box with
# the text; they are harmless to the database and read as spaces by the search.
CONTROL_CHARACTERS_IN_VALUES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RefuseControlCharactersMiddleware:
    """400 for a control character in the path or the query string (after decoding).

    A cookie with one is dropped instead of refused: the browser would send it again with
    every request, so a 400 would lock the visitor out, while no cookie only means no session.
    Form bodies are left to the forms (Django's CharField refuses NUL), because reading the
    body here would run before the upload handlers are chosen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if _has_control(name, value)]:
            del request.COOKIES[name]
        if _has_control(request.path_info) or any(
            _has_control(key) or _has_control_in_value(*values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, exception=None)
        return self.get_response(request)


def _has_control(*texts: str) -> bool:
    return any(CONTROL_CHARACTERS.search(text) for text in texts)


def _has_control_in_value(*texts: str) -> bool:
    return any(CONTROL_CHARACTERS_IN_VALUES.search(text) for text in texts)
