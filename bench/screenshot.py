"""Screenshot of the drafting window on the sample, under Xvfb: `python bench/screenshot.py [OUT.png]`.

Run it under a display (it re-runs itself with `xvfb-run -a` when there is none), with a private
OPINIONDESK_HOME so the user's settings and recent files play no part.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "opiniondesk-window.png").resolve()
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            print("screenshot: no DISPLAY and no xvfb-run", file=sys.stderr)
            return 2
        cmd = [xvfb, "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, str(out)]
        return subprocess.call(cmd)
    os.environ.setdefault("OPINIONDESK_HOME", tempfile.mkdtemp(prefix="opiniondesk-shot-"))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from opiniondesk import paths
    from opiniondesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1360, 860)
    window.load_path(paths.sample_matter())
    window.show()

    def shoot() -> None:
        window.preview.render_now()
        app.processEvents()
        screen = window.screen()
        pixmap = screen.grabWindow(window.winId()) if os.environ.get("DISPLAY") else window.grab()
        if pixmap.isNull() or pixmap.width() < 10:
            pixmap = window.grab()
        pixmap.save(str(out), "PNG")
        print(f"wrote {out} ({pixmap.width()}x{pixmap.height()})")
        window.close()
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()
    return 0 if out.is_file() else 1


if __name__ == "__main__":
    sys.exit(main())
