from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lagesbild.search import KINDS, search
from organisation.parsing import parse_int
from organisation.public_cache import FAMILIES, public_page
from organisation.textsearch import QUERY_CAP, clean_query

PAGE_SIZE = 20


@login_not_required
@require_safe
@public_page(*FAMILIES)
def sok(request):
    """One search over everything residents may read; see ``lagesbild.search``."""
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("typ") if request.GET.get("typ") in KINDS else ""
    hits = search(query, kind=kind or None) if query else []
    page = Paginator(hits, PAGE_SIZE).get_page(parse_int(request.GET.get("sida"), min_value=1))
    context = {
        "query": query,
        "kind": kind,
        "kinds": KINDS.values(),
        "page": page,
        "query_cap": QUERY_CAP,
        "truncated": len(request.GET.get("q") or "") > QUERY_CAP,
    }
    return render(request, "lagesbild/sok.html", context)
