"""What hostile and large attachments cost the upload check: time and memory per case.

    make benchmark-uploads

Each case runs in a fresh interpreter, so its peak resident memory is its own. The cases:
zip bombs of 2 GiB in about 2 MB (the .odt from issue 11, a .docx, and one whose headers
understate the entry), the text extraction for the personnummer guard on the .docx bomb,
and the largest image that is still accepted, whose full decode is the dearest legitimate
check. Targets: every bomb refused with a tracemalloc peak under 64 MB, in well under a
second, whatever the size it would unpack to.
"""

import multiprocessing
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saker_trygg.settings")
    import django

    django.setup()


def _build(case: str) -> tuple[str, bytes]:
    """The file of a case, built in the parent so building it counts in no measurement."""
    from tests.organisation import files

    if case == "odt_bomb":
        return "bomb.odt", files.odt_bomb()
    if case in {"docx_bomb", "docx_bomb_text"}:
        return "bomb.docx", files.docx_bomb()
    if case == "odt_bomb_lying_header":
        return "bomb.odt", files.odt_bomb(declared=len(files.ODT_MIMETYPE))
    if case == "png_50_megapixels":
        return "karta.png", files.png_bytes((7_000, 7_000))
    return "baseline.txt", b""


def _run(case: str, name: str, content: bytes, results):
    _setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organisation.filetext import extract_attachment_text
    from organisation.validators import validate_attachment

    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    started = time.perf_counter()
    outcome = "accepted"
    try:
        if case == "docx_bomb_text":
            extract_attachment_text(upload, "docx")
        elif case != "baseline":
            validate_attachment(upload)
    except ValidationError as exc:
        outcome = f"refused ({exc.code})"
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results.put(
        {
            "seconds": elapsed,
            "tracemalloc_peak_mb": peak / 1024 / 1024,
            "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "outcome": outcome,
        }
    )


def measure(case: str) -> dict:
    name, content = _build(case)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_run, args=(case, name, content, results))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"{case}: the measuring process failed ({process.exitcode})")
    result = results.get()
    return result | {"size_mb": len(content) / 1024 / 1024}


def main():
    _setup()
    baseline = measure("baseline")["rss_peak_mb"]
    print(f"baseline_rss_mb: {baseline:.0f}")
    print("bomb_unpacked_mb: 2048")
    for case in (
        "odt_bomb",
        "docx_bomb",
        "odt_bomb_lying_header",
        "docx_bomb_text",
        "png_50_megapixels",
    ):
        result = measure(case)
        print(f"{case}_file_mb: {result['size_mb']:.1f}")
        print(f"{case}_outcome: {result['outcome']}")
        print(f"{case}_seconds: {result['seconds']:.3f}")
        print(f"{case}_tracemalloc_peak_mb: {result['tracemalloc_peak_mb']:.1f}")
        print(f"{case}_rss_over_baseline_mb: {result['rss_peak_mb'] - baseline:.0f}")


if __name__ == "__main__":
    main()
