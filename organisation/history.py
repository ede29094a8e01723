"""Reading django-simple-history records as the changes an official made, field by field."""


def versions_of(obj, *, fields: list[str], limit: int = 100) -> list[dict]:
    """The saved versions of ``obj``, newest first, each with its changes in ``fields``."""
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date")[:limit])
    versions = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older, included_fields=fields).changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "label": str(field.verbose_name).capitalize(),
                        "old": display_value(field, change.old),
                        "new": display_value(field, change.new),
                    }
                )
        versions.append({"record": newer, "changes": changes})
    return versions


def display_value(field, value) -> str:
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    return str(value)
