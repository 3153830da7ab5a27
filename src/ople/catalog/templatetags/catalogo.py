from django import template

register = template.Library()


@register.filter
def miles(valor) -> str:
    """12345 → '12,345' (separador de miles de es-MX)."""
    try:
        return f"{int(valor or 0):,}"
    except (TypeError, ValueError):
        return ""
