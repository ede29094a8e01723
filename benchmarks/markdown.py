"""How the Markdown renderer's time and memory grow on hostile text.

    make benchmark-markdown      (or: uv run python benchmarks/markdown.py)

renders each known worst case for Markdown parsers at 10 000, 20 000 and 40 000 characters
through the portal's whole pipeline (markdown-it-py, then nh3), without the cache, and prints
`name: value` lines: the best of five CPU timings per size, the time ratio per doubling and the
peak memory (tracemalloc) at 40 000 characters. The target is linear growth: at most 2.5× per
doubling for every case; the script exits with status 1 when a case misses it.

The cases come from the parsers' published pathological inputs (cmark's
test/pathological_tests.py, Python-Markdown #798, markdown-it #583) plus tables, which the
minutes use. tests/organisation/test_rich_text.py runs the same cases and asserts the growth
by counting function calls, which does not depend on the machine's load.
"""

import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _backtick_runs(n: int) -> str:
    # Code spans whose closers never match: `, ``, ```, ... as in cmark's pathological tests.
    parts, size, run = [], 0, 1
    while size < n:
        parts.append("e" + "`" * run)
        size += run + 1
        run += 1
    return "".join(parts)[:n]


def _long_table(n: int) -> str:
    header = "| Organ | Närvarande | Anteckning |\n|---|:---:|---|\n"
    return (header + _repeat("| Polisen | ja | *[punkt](https://example.org)* |\n")(n))[:n]


def _wide_table(n: int) -> str:
    columns = n // 12
    return ("|a" * columns + "|\n" + "|-" * columns + "|\n" + _repeat("|x")(n))[:n]


def _nested_brackets(n: int) -> str:
    return "[" * (n // 2) + "a" + "]" * (n // 2 - 1)


def _nested_lists(n: int) -> str:
    # Each item opens a deeper list until the line gets long; then it starts over.
    lines, depth, size = [], 0, 0
    while size < n:
        line = "  " * depth + "- a\n"
        lines.append(line)
        size += len(line)
        depth = (depth + 1) % 200
    return "".join(lines)[:n]


WORST_CASES: dict[str, Callable[[int], str]] = {
    "brackets": _repeat("["),
    "nested_brackets": _nested_brackets,
    "image_openers": _repeat("!["),
    "backticks": _repeat("`"),
    "backtick_runs": _backtick_runs,
    "links": _repeat("[x](y)"),
    "unclosed_links": _repeat("[a](b"),
    "link_openers_emphasis_closers": _repeat("[ a_"),
    "nested_emphasis": _repeat("*a **b "),
    "emphasis_openers": _repeat("_a "),
    "emphasis_closers": _repeat("a_ "),
    "mixed_emphasis": _repeat("*_"),
    "long_table": _long_table,
    "wide_table": _wide_table,
    "blockquotes": _repeat(">"),
    "blockquotes_spaced": _repeat("> "),
    "nested_lists": _nested_lists,
    "list_markers": _repeat("- "),
    "less_than": _repeat("<"),
    "html_openers": _repeat("<a"),
    "html_comments": _repeat("<!--"),
    "cdata": _repeat("a <![CDATA["),
    "processing_instructions": _repeat("a <?"),
    "entities": _repeat("&#"),
    "reference_definitions": _repeat("[a]: b\n"),
    "unfinished_references": _repeat("[a\n"),
}

REALISTIC = (
    "## Lägesbild från Polisen\n\nAnmälningarna om *skadegörelse* minskade i Hulta; se "
    "[Polisens statistik](https://polisen.se).\n\n- Belysningen i gångtunneln är lagad\n"
    "- Fältgruppen går kvällstid\n\n| Organ | Närvarande |\n|---|---|\n| Polisen | ja |\n"
    "| Fritidsförvaltningen | ja |\n\n"
)

SIZES = (10_000, 20_000, 40_000)
TARGET_RATIO = 2.5
RUNS = 5
ATTEMPTS = 3
# Each timing repeats the render until it takes this long, so short cases are not noise.
MIN_TIMING = 0.05


def _best_times(render: Callable[[str], str], texts: list[str], number: int) -> list[float]:
    """Best CPU time per text over RUNS rounds. CPU time, not wall time, leaves out the time
    other processes on the machine take; the sizes take turns so a busy spell hits them all."""
    best = [float("inf")] * len(texts)
    for _ in range(RUNS):
        for index, text in enumerate(texts):
            start = time.process_time()
            for _ in range(number):
                render(text)
            best[index] = min(best[index], (time.process_time() - start) / number)
    return best


def _worst_ratio(times: list[float]) -> float:
    return max(later / earlier for earlier, later in zip(times, times[1:], strict=False))


def _peak_kib(render: Callable[[str], str], text: str) -> float:
    tracemalloc.start()
    render(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024


def main() -> int:
    # The project root instead of this folder, whose markdown.py would shadow any `markdown`.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saker_trygg.settings")
    import django

    django.setup()
    from organisation.rich_text import RENDER_CAP, render, render_uncached

    worst_ratio, missed = 0.0, []
    for name, make in WORST_CASES.items():
        texts = [make(size) for size in SIZES]
        start = time.process_time()
        render_uncached(texts[0])
        number = max(1, round(MIN_TIMING / max(time.process_time() - start, 1e-6)))
        # The machine is shared: a case over the target is timed again before it counts.
        attempts = 1
        times = _best_times(render_uncached, texts, number)
        while _worst_ratio(times) > TARGET_RATIO and attempts < ATTEMPTS:
            attempts += 1
            times = _best_times(render_uncached, texts, number)
        if attempts > 1:
            print(f"markdown.{name}.attempts: {attempts}")
        for size, seconds in zip(SIZES, times, strict=True):
            print(f"markdown.{name}.ms_{size // 1000}k: {seconds * 1000:.2f}")
        ratios = [later / earlier for earlier, later in zip(times, times[1:], strict=False)]
        for size, ratio in zip(SIZES[1:], ratios, strict=True):
            print(f"markdown.{name}.ratio_{size // 1000}k: {ratio:.2f}")
        print(
            f"markdown.{name}.peak_kib_{SIZES[-1] // 1000}k: {_peak_kib(render_uncached, texts[-1]):.0f}"
        )
        worst_ratio = max(worst_ratio, *ratios)
        if max(ratios) > TARGET_RATIO:
            missed.append(name)
    # What officials actually write, at the longest a field allows, parsed and then cached.
    minutes = _repeat(REALISTIC)(RENDER_CAP)
    print(
        f"markdown.realistic_minutes.ms_50k: {_best_times(render_uncached, [minutes], 1)[0] * 1000:.2f}"
    )
    render(minutes)
    print(
        f"markdown.realistic_minutes_cached.ms_50k: {_best_times(render, [minutes], 100)[0] * 1000:.3f}"
    )
    print(f"markdown.worst_ratio_per_doubling: {worst_ratio:.2f}")
    print(f"markdown.target_ratio_per_doubling: {TARGET_RATIO}")
    print(f"markdown.cases_over_target: {len(missed)}")
    for name in missed:
        print(f"markdown.over_target: {name}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
