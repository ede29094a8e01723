"""Contact addresses that residents see must be a role's or a function's, never a person's.

A public contact (an activity's, say) outlives the official who wrote it and must not lead
residents to one person's inbox. A person's address is one the portal knows as such: the
e-mail of a user account, or a local part that is an account holder's first and last name
(``anna.svensson@…``). A function mailbox (``trygghet@…``, ``lokal.samverkan@…``) passes.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NAME_PARTS = re.compile(r"[._-]")


def validate_role_address(value: str) -> None:
    address = (value or "").strip()
    if not address:
        return
    users = get_user_model().objects
    if users.filter(email__iexact=address).exists():
        raise ValidationError(
            _(
                "This is the e-mail address of a person's account. Give a function mailbox "
                "(e.g. trygghet@kommun.se) that residents can write to whoever does the work."
            ),
            code="personal_address",
        )
    local = address.rsplit("@", 1)[0]
    parts = [part for part in _NAME_PARTS.split(local) if part]
    if len(parts) == 2:
        first, last = parts
        if users.filter(first_name__iexact=first, last_name__iexact=last).exists():
            raise ValidationError(
                _(
                    "The address looks like a person's (first name and last name). Give a "
                    "function mailbox (e.g. trygghet@kommun.se) instead."
                ),
                code="personal_address",
            )
