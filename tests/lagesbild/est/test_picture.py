"""The weekly picture counts the right reports in the right week, in Swedish time."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.est_picture import Week
from tests.lagesbild.est.picture_data import SUNDAY_LATE, hulta, kategori, report


@pytest.fixture
def est(db):
    return hulta()


def _page(client, est, vecka=None, **params):
    client.force_login(est.member)
    query = {"vecka": vecka, **params} if vecka else params
    response = client.get(reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}), query)
    assert response.status_code == 200
    return response


def _district_row(response, slug):
    (district,) = response.context["picture"].districts
    return next(row for row in district.rows if row.kategori.slug == slug)


def _total(response):
    (district,) = response.context["picture"].districts
    return district.total.count


def _at_stockholm(monkeypatch, *args):
    moment = datetime(*args, tzinfo=timezone.get_default_timezone())
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(UTC))


def test_a_report_at_half_past_eleven_on_a_sunday_evening_counts_in_that_week(client, est):
    report(
        est.grupp,
        est.omrade,
        date(2026, 11, 29),
        at=SUNDAY_LATE,
        kategori=kategori("klotter"),
        organ=est.polisen,
    )

    assert _total(_page(client, est, "2026-W48")) == 1
    assert _total(_page(client, est, "2026-W49")) == 0


def test_the_current_week_is_the_week_in_stockholm_not_in_utc(client, est, monkeypatch):
    # Monday 00:30 in Stockholm is still Sunday 23:30 in UTC.
    _at_stockholm(monkeypatch, 2026, 11, 30, 0, 30)

    response = _page(client, est)

    assert response.context["week"] == Week(2026, 49)
    assert "vecka 49, 2026" in response.content.decode()


def test_sunday_evening_in_stockholm_is_still_the_week_that_ends_that_day(client, est, monkeypatch):
    _at_stockholm(monkeypatch, 2026, 11, 29, 23, 30)

    assert _page(client, est).context["week"] == Week(2026, 48)


@pytest.mark.parametrize(
    ("monday", "dst_sunday", "param"),
    [
        (date(2026, 3, 23), date(2026, 3, 29), "2026-W13"),
        (date(2026, 10, 19), date(2026, 10, 25), "2026-W43"),
    ],
    ids=["summer time starts", "summer time ends"],
)
def test_the_week_of_a_daylight_saving_change_holds_its_monday_and_its_sunday(
    client, est, monday, dst_sunday, param
):
    for day in (monday - timedelta(days=1), monday, dst_sunday, dst_sunday + timedelta(days=1)):
        report(est.grupp, est.omrade, day, kategori=kategori("klotter"), organ=est.polisen)

    assert _total(_page(client, est, param)) == 2


def test_week_53_of_2026_runs_into_january_2027(client, est):
    report(
        est.grupp, est.omrade, date(2026, 12, 28), kategori=kategori("klotter"), organ=est.polisen
    )
    report(est.grupp, est.omrade, date(2027, 1, 3), kategori=kategori("klotter"), organ=est.polisen)
    report(est.grupp, est.omrade, date(2027, 1, 4), kategori=kategori("klotter"), organ=est.polisen)

    response = _page(client, est, "2026-W53")

    assert _total(response) == 2
    assert "vecka 53, 2026" in response.content.decode()
    # 2025 had 52 weeks: week 53 has nothing to compare with last year.
    assert _district_row(response, "klotter").last_year is None


def test_new_years_eve_2024_is_week_1_of_2025(client, est):
    report(
        est.grupp, est.omrade, date(2024, 12, 31), kategori=kategori("klotter"), organ=est.polisen
    )

    assert _total(_page(client, est, "2025-W01")) == 1
    assert _total(_page(client, est, "2024-W52")) == 0


@pytest.mark.parametrize(
    "vecka",
    [
        "2025-W53",
        "2026-W54",
        "2026-W00",
        "2026-w48",
        "2026W48",
        "٢٠٢٦-W48",
        "1999-W10",
        " 2026-W48",
    ],
)
def test_a_week_that_does_not_exist_shows_the_current_week(client, est, vecka):
    response = _page(client, est, vecka)

    assert response.context["week"] == Week.current()


def test_counts_per_category_compare_with_the_previous_four_weeks_and_last_year(client, est):
    def add(day, slug, times=1):
        for _ in range(times):
            report(est.grupp, est.omrade, day, kategori=kategori(slug), organ=est.polisen)

    week = date(2026, 11, 23)  # Monday of 2026-W48
    add(week, "klotter", 4)
    add(week + timedelta(days=6), "skadegorelse")
    for weeks_back, times in [(1, 2), (2, 0), (3, 1), (4, 3)]:
        add(week - timedelta(weeks=weeks_back), "klotter", times)
    add(week - timedelta(weeks=5), "klotter", 9)  # five weeks back is not compared
    add(date(2025, 11, 26), "klotter")  # Wednesday of 2025-W48

    response = _page(client, est, "2026-W48")

    klotter = _district_row(response, "klotter")
    assert (klotter.count, klotter.last_year) == (4, 1)
    assert klotter.previous_mean_text == "1,5"
    assert klotter.change_previous_text == "+2,5"
    assert klotter.change_last_year_text == "+3"
    skadegorelse = _district_row(response, "skadegorelse")
    assert (skadegorelse.count, skadegorelse.change_previous_text) == (1, "+1,0")
    assert _total(response) == 5
    html = response.content.decode()
    assert ">+2,5<" in html and ">+3<" in html


def test_withdrawn_reports_and_other_groups_reports_never_count(client, est):
    day = date(2026, 11, 24)
    report(est.grupp, est.omrade, day, kategori=kategori("klotter"), organ=est.polisen)
    report(
        est.grupp,
        est.omrade,
        day,
        kategori=kategori("klotter"),
        organ=est.polisen,
        description="Återkallad rapport",
        created_at=timezone.now() - timedelta(hours=1),
        withdrawn_at=timezone.now(),
    )
    report(est.other, est.other_omrade, day, kategori=kategori("klotter"), organ=est.polisen)

    response = _page(client, est, "2026-W48")

    assert _total(response) == 1
    assert "Återkallad rapport" not in response.content.decode()
    assert [r.pk for r in response.context["page"]] != []


def test_heat_table_prints_every_number_with_a_colour_class(client, est):
    day = date(2026, 11, 24)
    for _ in range(3):
        report(
            est.grupp,
            est.omrade,
            day,
            plats=est.torg,
            kategori=kategori("klotter"),
            organ=est.polisen,
        )
    report(
        est.grupp,
        est.omrade,
        day - timedelta(weeks=2),
        plats=est.tunnel,
        kategori=kategori("klotter"),
        organ=est.polisen,
    )
    report(est.grupp, est.omrade, day, kategori=kategori("klotter"), organ=est.polisen)

    response = _page(client, est, "2026-W48")

    rows = {
        (row.plats.name if row.plats else None): row
        for row in response.context["picture"].heat_rows
    }
    assert [count for _w, count, _css in rows["Hulta torg"].cells] == [0] * 7 + [3]
    assert rows["Hulta torg"].cells[-1][2] == "est-heat-3"
    assert rows["Gångtunneln vid skolan"].cells[5][1:] == (1, "est-heat-1")
    assert rows[None].cells[-1][1] == 1
    html = response.content.decode()
    assert re.search(
        rf'<td class="est-heat-3"><a href="[^"]*plats={est.torg.pk}#rapporter">3</a></td>', html
    )
    assert "Ingen plats angiven" in html


def test_the_reports_behind_a_number_are_listed_by_category_and_place(client, est):
    day = date(2026, 11, 24)
    report(
        est.grupp,
        est.omrade,
        day,
        plats=est.torg,
        kategori=kategori("klotter"),
        organ=est.polisen,
        description="Klotter på torget",
    )
    report(
        est.grupp,
        est.omrade,
        day,
        plats=est.tunnel,
        kategori=kategori("klotter"),
        organ=est.polisen,
        description="Klotter i tunneln",
    )
    report(
        est.grupp,
        est.omrade,
        day,
        plats=est.torg,
        kategori=kategori("skadegorelse"),
        organ=est.polisen,
        description="Krossad ruta",
    )

    by_category = _page(client, est, "2026-W48", kategori="klotter").content.decode()
    by_place = _page(client, est, "2026-W48", plats=str(est.torg.pk)).content.decode()

    assert "Klotter på torget" in by_category and "Klotter i tunneln" in by_category
    assert "Krossad ruta" not in by_category
    assert "Klotter på torget" in by_place and "Krossad ruta" in by_place
    assert "Klotter i tunneln" not in by_place


def test_a_place_of_another_group_is_no_filter(client, est):
    report(
        est.grupp,
        est.omrade,
        date(2026, 11, 24),
        kategori=kategori("klotter"),
        organ=est.polisen,
        description="Hultas rapport",
    )

    html = _page(client, est, "2026-W48", plats=str(est.other_place.pk)).content.decode()

    assert "Hultas rapport" in html
    assert "Hässleholmens centrum" not in html


def test_trend_chart_is_an_svg_with_its_numbers_as_a_table(client, est):
    report(
        est.grupp, est.omrade, date(2026, 11, 24), kategori=kategori("klotter"), organ=est.polisen
    )

    html = _page(client, est, "2026-W48").content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="est-trend"' in html
    assert "v48 2026: 1" in html  # the chart's description
    # Each week's number links to that week's reports, as the weekly counts do.
    assert re.search(
        r'<th scope="row" class="fw-normal">vecka 48, 2026</th><td class="text-end">'
        r'<a href="\?vecka=2026-W48#rapporter">1</a></td>',
        html,
    )
    assert re.search(
        r'<th scope="row" class="fw-normal">vecka 47, 2026</th><td class="text-end">0</td>', html
    )


@pytest.mark.parametrize("viewer", ["member", "analyst"])
def test_query_count_does_not_grow_with_the_number_of_reports(
    client, est, request, django_assert_num_queries, viewer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if viewer == "analyst":
        from organisation.roles import ANALYTIKER
        from tests.factories import UserFactory

        client.force_login(UserFactory(roles=[ANALYTIKER]))
    else:
        client.force_login(est.member)
    url = reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}) + "?vecka=2026-W48"
    monday = date(2026, 11, 23)
    categories = [kategori("klotter"), kategori("skadegorelse"), kategori("otrygg-plats")]

    def grow_to(total):
        from lagesbild.models import Handelserapport

        for n in range(Handelserapport.objects.count(), total):
            report(
                est.grupp,
                est.omrade,
                monday - timedelta(days=n % 60),
                plats=[est.torg, est.tunnel, None][n % 3],
                kategori=categories[n % 3],
                organ=est.polisen,
                description=f"Rapport {n}",
            )

    grow_to(10)
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_to(200)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_last_years_count_links_to_the_reports_of_that_week(client, est):
    report(
        est.grupp,
        est.omrade,
        date(2025, 11, 26),  # Wednesday of 2025-W48
        kategori=kategori("klotter"),
        organ=est.polisen,
        description="Förra årets klotter",
    )

    html = _page(client, est, "2026-W48").content.decode()
    listed = _page(client, est, "2025-W48", kategori="klotter", omrade=str(est.omrade.pk))

    link = f"?vecka=2025-W48&amp;omrade={est.omrade.pk}&amp;kategori=klotter#rapporter"
    assert f'<a href="{link}">1</a>' in html
    assert "Förra årets klotter" in listed.content.decode()


def test_a_week_without_reports_makes_as_many_queries_as_a_week_with_them(client, est):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(est.member)
    url = reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug})
    report(
        est.grupp,
        est.omrade,
        date(2026, 11, 23),
        plats=est.torg,
        kategori=kategori("klotter"),
        organ=est.polisen,
        description="Rapport veckan 48",
    )
    counts = {}
    for week in ("2026-W48", "2026-W20"):
        client.get(f"{url}?vecka={week}")  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"{url}?vecka={week}").content.decode()
        counts[week] = len(queries)
        assert ("Rapport veckan 48" in html) == (week == "2026-W48")

    assert counts["2026-W48"] == counts["2026-W20"]


def test_the_list_says_how_many_reports_it_holds_and_pages_them_by_every_filter(
    client, est, monkeypatch
):
    """The list's count comes from the picture's own counts (no COUNT query of its own):
    it must still be the number of reports the list holds, whichever filter is chosen."""
    monkeypatch.setattr("lagesbild.views.est.REPORTS_PER_PAGE", 2)
    klotter, skadegorelse = kategori("klotter"), kategori("skadegorelse")
    day = date(2026, 11, 24)
    for plats, kind in [
        (est.torg, klotter),
        (est.torg, klotter),
        (est.torg, skadegorelse),
        (est.tunnel, klotter),
        (None, skadegorelse),
    ]:
        report(est.grupp, est.omrade, day, plats=plats, kategori=kind, organ=est.polisen)
    withdrawn = report(est.grupp, est.omrade, day, kategori=klotter, organ=est.polisen)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    report(est.grupp, est.omrade, day - timedelta(days=7), kategori=klotter, organ=est.polisen)

    expected = {
        (): 5,
        (("kategori", "klotter"),): 3,
        (("omrade", str(est.omrade.pk)),): 5,
        (("plats", str(est.torg.pk)),): 3,
        (("plats", "ingen"),): 1,
        (("plats", str(est.torg.pk)), ("kategori", "klotter")): 2,
    }
    for filters, count in expected.items():
        first = _page(client, est, "2026-W48", **dict(filters))
        last = _page(client, est, "2026-W48", sida="9", **dict(filters))
        page = first.context["page"]

        assert page.paginator.count == count, filters
        assert page.paginator.num_pages == (count + 1) // 2, filters
        assert len(page) == min(count, 2), filters
        assert len(last.context["page"]) == count - 2 * (page.paginator.num_pages - 1), filters
