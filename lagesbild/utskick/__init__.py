"""E-mail the portal sends: officials' digests of what they can act on and residents' news
of the areas they follow. ``manage.py send_reminders`` runs both (``sending``)."""
