from django import template

from organisation.rich_text import render

register = template.Library()


@register.filter(name="markdown")
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML; see organisation.rich_text."""
    return render(text)
