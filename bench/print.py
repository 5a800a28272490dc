"""Time writing the sample's signed copy as a PDF (layout + painting + QPdfWriter): first call and steady state.

Run: .venv/bin/python bench/print.py [repeats]
Target: 200 ms or less per signed PDF (LibreOffice takes about 1 s to convert the same letter).
"""

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPINIONDESK_HOME", tempfile.mkdtemp(prefix="opiniondesk-bench-"))

TARGET_MS = 200.0


def signature_png() -> bytes:
    """Return a drawn signature, trimmed and scaled as an imported one would be."""
    from opiniondesk.selftest import draw_signature
    from opiniondesk.signers import prepare_signature_image

    return prepare_signature_image(draw_signature())


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    start = time.perf_counter()
    from opiniondesk import paths
    from opiniondesk.core.matter import load_matter
    from opiniondesk.pages import ensure_gui_application
    from opiniondesk.writers.pdf import write_pdf

    imported = time.perf_counter()
    ensure_gui_application()
    app_ready = time.perf_counter()
    matter = load_matter(paths.sample_matter())
    image = signature_png()

    def once() -> tuple[float, int]:
        t0 = time.perf_counter()
        letter = matter.render("signed", signature_image=image)
        data = write_pdf(letter)
        return (time.perf_counter() - t0) * 1000, len(data)

    first_ms, size = once()
    times = [once()[0] for _ in range(repeats)]
    median = statistics.median(times)
    print(f"imports:                 {(imported - start) * 1000:7.1f} ms")
    print(f"Qt application start:    {(app_ready - imported) * 1000:7.1f} ms")
    print(f"signed PDF, first call:  {first_ms:7.1f} ms  (render + layout + paint; loads fonts)")
    print(
        f"signed PDF, steady:      {median:7.1f} ms median, {min(times):.1f} min, "
        f"{max(times):.1f} max over {repeats}"
    )
    print(f"PDF size:                {size:,} bytes")
    verdict = "meets" if median <= TARGET_MS and first_ms <= TARGET_MS else "MISSES"
    print(f"target {TARGET_MS:.0f} ms:           {verdict} (first call and steady state)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
