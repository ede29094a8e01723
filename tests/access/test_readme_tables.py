"""README's permission tables say what the URL × role matrix checks, cell by cell.

Each table row is a kind of person (a role of the matrix), each column an action, backed by
URLs of the matrix. A cell's verdict ("ja", "nej (403)", "nej (404)", …) must match the
status the matrix expects for that role on those URLs. A cell the test does not understand
fails, so the README cannot drift into wording that promises something unchecked.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.access.matrix import ALLOWED, LOGIN, case

README = Path(settings.BASE_DIR) / "README.md"

# Plain verdicts apply to every URL of the column.
VERDICTS = {
    "ja": "allowed",
    "alla": "allowed",
    "allt, redigera": "allowed",
    "nej (403)": 403,
    "nej (404)": 404,
    "inga (404)": 404,
    "–": LOGIN,
}

# Descriptive cells say what is and is not allowed, URL by URL.
PHRASES = {
    "bara publicerade offentliga": {
        ("samverkan:arbetsyta_insats", "publicerad"): "allowed",
        ("samverkan:arbetsyta_insats", "intern"): 404,
    },
    "öppna möten och publicerade anteckningar; redigera nej (403)": {
        ("organisation:arbetsyta_forum", "öppet"): "allowed",
        ("organisation:mote", "öppet"): "allowed",
        ("organisation:bilaga", "publicerad"): "allowed",
        ("organisation:bilaga", "opublicerad"): 404,
        ("organisation:arbetsyta_mote", "öppet"): 403,
        ("organisation:mote_edit", "öppet"): 403,
    },
    "bara forumets beskrivning; arbetsytan 404": {
        ("organisation:forum", "internt"): "allowed",
        ("organisation:mote", "internt"): 404,
        ("organisation:arbetsyta_forum", "internt"): 404,
        ("organisation:arbetsyta_mote", "internt"): 404,
    },
    "öppna sidor, flöden och kalendrar": {
        ("organisation:mote", "öppet"): "allowed",
        ("organisation:forum_ics", ""): "allowed",
        ("organisation:minutes_feed", ""): "allowed",
        ("organisation:bilaga", "publicerad"): "allowed",
        ("organisation:bilaga", "opublicerad"): 404,
        ("organisation:arbetsyta_forum", "öppet"): LOGIN,
    },
    "bara forumets beskrivning": {
        ("organisation:forum", "internt"): "allowed",
        ("organisation:mote", "internt"): 404,
        ("organisation:arbetsyta_forum", "internt"): LOGIN,
    },
    "lägesbilder för samverkansområdet och för de områden där gruppen har insatser, med "
    "deras åtgärdsplaner": {
        ("lagesbild:detail", ""): "allowed",
        ("lagesbild:atgardsplan", ""): "allowed",
        ("lagesbild:unpublish", ""): 404,
    },
    "nej (404; skapa 403)": {
        ("lagesbild:create", ""): 403,
        ("lagesbild:edit", ""): 404,
        ("lagesbild:faststall", ""): 404,
        ("lagesbild:new_version", ""): 404,
        ("lagesbild:publish", ""): 404,
    },
    "bara publicerade sammanfattningar på de publika sidorna": {
        ("lagesbild:public_detail", "publicerad"): "allowed",
        ("lagesbild:public_detail", "opublicerad"): 404,
        ("lagesbild:detail", ""): LOGIN,
    },
}

LAGESBILD_WRITING = [
    ("lagesbild:create", ""),
    ("lagesbild:edit", ""),
    ("lagesbild:faststall", ""),
    ("lagesbild:new_version", ""),
    ("lagesbild:publish", ""),
]

# section heading → (row label → matrix roles, column → URLs its plain verdicts apply to)
TABLES = {
    "## Insatser": (
        {
            "medlem i insatsens grupp": ["official_a"],
            "tjänsteperson i annan grupp": ["official_b"],
            "samordnare för samverkansområdet": ["area_coordinator"],
            "analytiker": ["analyst"],
            "administratör": ["administrator"],
        },
        {
            "läsa i arbetsytan": [
                ("samverkan:arbetsyta_insats", "publicerad"),
                ("samverkan:arbetsyta_insats", "intern"),
            ],
            "redigera": [("samverkan:insats_edit", "publicerad")],
            "publicera/avpublicera": [("samverkan:insats_unpublish", "")],
        },
    ),
    "## Möten och minnesanteckningar": (
        {
            # Nobody but administrators belongs to the population's internal forum.
            "medlem, administratör": {
                "öppet forum": ["forum_coordinator", "administrator"],
                "internt forum": ["administrator"],
            },
            "annan inloggad tjänsteperson": [
                "official_a",
                "official_b",
                "area_coordinator",
                "analyst",
            ],
            "invånare": ["anonymous"],
        },
        {
            "öppet forum": [
                ("organisation:arbetsyta_forum", "öppet"),
                ("organisation:arbetsyta_mote", "öppet"),
                ("organisation:mote_edit", "öppet"),
                ("organisation:bilaga", "opublicerad"),
            ],
            "internt forum": [
                ("organisation:arbetsyta_forum", "internt"),
                ("organisation:arbetsyta_mote", "internt"),
                ("organisation:mote_edit", "internt"),
            ],
        },
    ),
    "## Lägesbilder och åtgärdsplaner": (
        {
            "analytiker, medlem i Brå (forumet `bra`), administratör": [
                "analyst",
                "administrator",
            ],
            "medlem i en grupp i samverkansområdet, eller dess samordnare": [
                "official_a",
                "area_coordinator",
            ],
            # The matrix's population has no strategic forum.
            "medlem i ett strategiskt forum": [],
            "annan tjänsteperson": ["official_b", "forum_coordinator"],
            "invånare": ["anonymous"],
        },
        {
            "läsa i arbetsytan": [("lagesbild:detail", ""), ("lagesbild:atgardsplan", "")],
            "skapa, redigera, fastställa, ny version, publicera": LAGESBILD_WRITING,
        },
    ),
}


def permission_table(heading: str) -> list[dict[str, str]]:
    """The first table starting with a "vem" column in the README section ``heading``."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| vem |")]
    assert lines, f"no permission table in {heading}"
    table = section[section.index(lines[0]) :].split("\n\n", 1)[0].splitlines()
    header = _cells(table[0])
    return [dict(zip(header, _cells(line), strict=True)) for line in table[2:]]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def _meaning(cell: str, column_urls) -> dict:
    if cell in PHRASES:
        return PHRASES[cell]
    assert cell in VERDICTS, f"README cell not understood: {cell!r}"
    return dict.fromkeys(column_urls, VERDICTS[cell])


def _agrees(expected_status, verdict) -> bool:
    if verdict == "allowed":
        return expected_status in ALLOWED
    return expected_status == verdict


@pytest.mark.parametrize("heading", list(TABLES))
def test_readme_permission_table_says_what_the_url_matrix_checks(heading):
    row_roles, column_urls = TABLES[heading]
    rows = permission_table(heading)
    wrong = []

    assert sorted(row["vem"] for row in rows) == sorted(row_roles), "rows changed"
    for row in rows:
        for column, urls in column_urls.items():
            roles = row_roles[row["vem"]]
            if isinstance(roles, dict):
                roles = roles[column]
            if not roles:
                continue
            for (name, label), verdict in _meaning(row[column], urls).items():
                statuses = case(name, label).statuses
                wrong += [
                    f"{row['vem']} / {column}: README says {row[column]!r}, but {name}"
                    f"[{label}] gives {role} {statuses[role]}"
                    for role in roles
                    if not _agrees(statuses[role], verdict)
                ]

    assert wrong == []


def test_a_cell_the_test_does_not_understand_fails():
    with pytest.raises(AssertionError, match="not understood"):
        _meaning("ibland", [("samverkan:insats_edit", "publicerad")])


def test_a_readme_cell_that_contradicts_the_matrix_is_caught():
    statuses = case("samverkan:insats_edit", "publicerad").statuses

    assert not _agrees(statuses["analyst"], VERDICTS["ja"])
    assert not _agrees(statuses["analyst"], VERDICTS["nej (404)"])
    assert _agrees(statuses["analyst"], VERDICTS["nej (403)"])
