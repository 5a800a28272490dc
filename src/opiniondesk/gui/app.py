"""The application: one running instance, its windows, files handed over by the system or a second launch."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import paths
from ..core.errors import OpinionDeskError
from . import collector
from .main_window import MainWindow

T = TypeVar("T")
EXIT_NO_DISPLAY = 69  # EX_UNAVAILABLE: no display to open the window on
HANDOFF_TIMEOUT_MS = 1000
MAX_MESSAGE_BYTES = 64 * 1024  # a second launch's message: a file's path, as JSON
COLLECTOR_AFTER_MS = 1500  # the collector takes over once the window is up
MSG_RECOVERY_KEPT = (
    "The unsaved work on {name} could not be restored now. It is kept in:\n\n{file}\n\n"
    "OpinionDesk will offer it again the next time it starts (after the problem above is fixed, "
    "such as a department template folder being available again)."
)
MSG_UNEXPECTED = "Something went wrong ({kind}: {error}). Details are in {log}."
MSG_NO_DISPLAY = (
    "opiniondesk: no display found ({why}), so the window cannot open; without a display, use "
    "the command line (opiniondesk --help) or check the installation with {self_test}"
)
MSG_START = "OpinionDesk could not use everything it found at start:\n\n{problems}"
MSG_LAST_MATTER = (
    "The matter open when OpinionDesk last closed, {file}, cannot be opened:\n{problem}"
)
MSG_SAMPLE_INSTEAD = "The built-in sample matter is open instead."
MSG_RECOVERY_SET_ASIDE = (
    "Unsaved work autosaved earlier cannot be read ({problem}). The file was moved to {moved}; "
    "it is kept there and not offered again."
)
MSG_RECOVERY_NOT_MOVED = (
    "Unsaved work autosaved earlier cannot be read ({problem}). It stays in {file}."
)
MSG_SETTINGS_DAMAGED = (
    "The settings cannot be read, so no department template folders are used until they are "
    "set again in Edit > Preferences:\n{problem}"
)
MSG_STORE_SET_ASIDE = "The window's settings cannot be read: {problem}."


def server_name() -> str:
    """Return the local socket name of this user's running instance (OPINIONDESK_HOME gives its own)."""
    digest = hashlib.sha1(str(paths.user_config_dir()).encode("utf-8")).hexdigest()[:16]
    return f"opiniondesk-{digest}"


def send_to_running_instance(file: str | None, timeout_ms: int = HANDOFF_TIMEOUT_MS) -> bool:
    """Hand a file (or just "come to the front") to a running instance; False if none is running."""
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(timeout_ms):
        return False
    message = json.dumps({"open": str(Path(file).resolve()) if file else None}) + "\n"
    socket.write(QByteArray(message.encode("utf-8")))
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return ok


class DeskApplication(QApplication):
    """The Qt application, which passes on the files the system asks it to open (macOS).

    Overriding `event` sees only the events sent to the application object itself; an
    application-wide event filter would see every event of every widget, in Python.
    """

    file_open_requested = Signal(str)

    def event(self, event: QEvent) -> bool:
        """Emit `file_open_requested` for a QFileOpenEvent (Finder, Dock)."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            file = event.file() or event.url().toLocalFile()
            if file:
                self.file_open_requested.emit(file)
                return True
        return super().event(event)


class DeskApp(QObject):
    """The running OpinionDesk: its windows, the single-instance server, and file-open events."""

    file_received = Signal(str)

    def __init__(self, app: DeskApplication) -> None:
        super().__init__(app)
        self.app = app
        self.windows: list[MainWindow] = []
        self.server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}
        app.file_open_requested.connect(self._file_open_requested)

    # ---- single instance ---------------------------------------------------------------------------

    def start_server(self) -> bool:
        """Listen for files handed over by a second launch; clear a stale socket left by a crash."""
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(server_name()):
            QLocalServer.removeServer(server_name())
            if not self.server.listen(server_name()):
                return False
        self.server.newConnection.connect(self._new_connection)
        return True

    def stop_server(self) -> None:
        """Stop listening."""
        if self.server is not None:
            self.server.close()
            self.server = None

    def _new_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._closed(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        # Handling a line may run a nested event loop (an error dialog) in which the socket closes
        # and leaves the table: take the complete lines first, and never index the table after.
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        *lines, rest = data.split(b"\n")
        if socket in self._buffers:
            # A line longer than any message of ours is dropped, not kept growing.
            self._buffers[socket] = rest if len(rest) <= MAX_MESSAGE_BYTES else b""
        for line in lines:
            self._handle(line)

    def _closed(self, socket: QLocalSocket) -> None:
        self._read(socket)
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _handle(self, line: bytes) -> None:
        if len(line) > MAX_MESSAGE_BYTES:
            return
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return
        file = message.get("open") if isinstance(message, dict) else None
        if isinstance(file, str) and file:
            self.open_file(file)
            self.file_received.emit(file)
        else:
            self.raise_window()

    # ---- macOS: files opened from the Finder --------------------------------------------------------

    def _file_open_requested(self, file: str) -> None:
        self.open_file(file)
        self.file_received.emit(file)

    # ---- windows -----------------------------------------------------------------------------------

    def new_window(self) -> MainWindow:
        """Return a new window, tracked until it closes."""
        window = MainWindow()
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.windows.append(window)
        return window

    def _forget(self, window: MainWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def active_window(self) -> MainWindow | None:
        """Return the window in front, or the last one opened."""
        active = self.app.activeWindow()
        if isinstance(active, MainWindow) and active in self.windows:
            return active
        live = [w for w in self.windows if w.isVisible()] or self.windows
        return live[-1] if live else None

    def raise_window(self) -> None:
        """Bring the front window up."""
        window = self.active_window()
        if window is not None:
            window.show()
            window.raise_()
            window.activateWindow()

    def open_file(self, file: str | Path) -> MainWindow | None:
        """Open a matter file: in the front window if it holds no unsaved work, else in a new one."""
        path = Path(file).resolve()
        for window in self.windows:
            if (
                window.doc is not None
                and window.doc.path is not None
                and window.doc.path.resolve() == path
            ):
                window.show()
                window.raise_()
                window.activateWindow()
                return window
        window = self.active_window()
        if window is None or (window.doc is not None and window.doc.modified):
            window = self.new_window()
            if not window.load_path(path):
                if window.doc is None:
                    window.deleteLater()
                    self._forget(window)
                    return None
        elif not window.load_path(path):
            return None
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def offer_recovery(self, problems: list[str] | None = None) -> list[MainWindow]:
        """Offer to restore each matter autosaved by a session that did not close cleanly.

        A recovery file that cannot be read is moved aside (never deleted) and listed in
        `problems` for the start to report.
        """
        from . import recovery

        scan = recovery.scan_recovery()
        for bad in scan.set_aside:
            if problems is not None:
                problems.append(
                    MSG_RECOVERY_SET_ASIDE.format(problem=bad.problem, moved=bad.moved_to)
                    if bad.moved_to is not None
                    else MSG_RECOVERY_NOT_MOVED.format(problem=bad.problem, file=bad.file)
                )
        restored = []
        for found in scan.found:
            name = found.original.name if found.original else "an untitled matter"
            answer = QMessageBox.question(
                None,
                "Restore unsaved work",
                "OpinionDesk closed without saving changes to {name} (autosaved {time}). "
                "Restore them?".format(name=name, time=found.saved.replace("T", " ") or "earlier"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                recovery.discard_recovery(found.file)
                continue
            found.matter.path = found.original
            window = self.new_window()
            if window.set_matter(found.matter, recovered_from=found.file):
                # The window autosaved the work to its own recovery file: the old one can go.
                recovery.discard_recovery(found.file)
                restored.append(window)
                window.show()
                continue
            self._forget(window)
            window.deleteLater()
            QMessageBox.information(
                None,
                "Unsaved work kept",
                MSG_RECOVERY_KEPT.format(name=name, file=found.file),
            )
        return restored

    def start(self, file: str | None) -> MainWindow:
        """Open the first windows: recovered work, then the file asked for, the last matter or the sample.

        Nothing found at start can stop it: a damaged settings file, recovery file or last matter
        is reported in the window that opens (on the sample, or empty if even that fails).
        """
        from ..settings import load_settings
        from . import settings

        problems: list[str] = []
        damaged_store = settings.check_store()
        if damaged_store:
            problems.append(MSG_STORE_SET_ASIDE.format(problem=damaged_store))
        try:
            load_settings()
        except OpinionDeskError as exc:
            problems.append(MSG_SETTINGS_DAMAGED.format(problem=_first_lines(exc)))
        restored = _guard(lambda: self.offer_recovery(problems), [], problems)
        window: MainWindow | None = None
        if file:
            window = _guard(lambda: self.open_file(file), None, problems)
        if window is None and restored:
            window = restored[-1]
        if window is None:
            window = self.new_window()
            last = settings.last_matter()
            opened = False
            if last is not None:

                def report(exc: OpinionDeskError, last: Path = last) -> None:
                    problems.append(MSG_LAST_MATTER.format(file=last, problem=_first_lines(exc)))

                opened = _guard(lambda: window.load_path(last, report=report), False, problems)
            if not opened:
                if last is not None:
                    problems.append(MSG_SAMPLE_INSTEAD)
                _guard(window.open_sample, False, problems)
        window.show()
        if problems:
            QMessageBox.warning(
                window, "OpinionDesk", MSG_START.format(problems="\n\n".join(problems))
            )
        return window


def _first_lines(exc: OpinionDeskError, count: int = 3) -> str:
    """Return an error's first problems, one a line (a file may have hundreds)."""
    lines = [str(p) for p in exc.problems[:count]]
    if len(exc.problems) > count:
        lines.append(f"(and {len(exc.problems) - count} more)")
    return "\n".join(lines)


def _guard(step: Callable[[], T], fallback: T, problems: list[str]) -> T:
    """Run one step of the start; an unexpected error is logged and reported, never fatal."""
    from ..logs import log_exception

    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - the start must go on; the log keeps the traceback
        log = log_exception(exc)
        problems.append(MSG_UNEXPECTED.format(kind=type(exc).__name__, error=exc, log=log))
        return fallback


def application_icon() -> QIcon:
    """Return the program's icon, from the PNGs drawn from resources/icons/opiniondesk.svg."""
    from .. import paths

    icon = QIcon()
    for size in (32, 64, 128, 256):
        icon.addFile(str(paths.resource("icons", f"opiniondesk-{size}.png")))
    return icon


def install_excepthook() -> None:
    """Make an error escaping a slot visible: log its traceback and say so in a dialog.

    A windowed build has no console (sys.stderr may be None), so Python's default hook would
    leave the user with nothing. Installed by run_app only, so tests keep their own hook.
    """
    previous = sys.excepthook
    showing: list[bool] = []  # an error while the dialog is up (a repeating paint) is only logged

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        from ..core.errors import OpinionDeskError
        from ..logs import log_exception
        from .errors import error_text, show_error

        try:
            log = log_exception(exc)
            if showing:
                return
            if isinstance(exc, OpinionDeskError):
                text = error_text(exc)
            else:
                text = MSG_UNEXPECTED.format(kind=kind.__name__, error=exc, log=log)
            showing.append(True)
            try:
                show_error(QApplication.activeWindow(), "Unexpected error", text)
            finally:
                showing.clear()
        except Exception:  # noqa: BLE001 - the hook must never raise; fall back to the console
            if sys.stderr is not None:
                previous(kind, exc, tb)

    sys.excepthook = hook


def no_display_line() -> str:
    """Return the one line saying why the window cannot open here, and what works instead."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    self_test = "opiniondesk --self-test"
    if platform:
        why = f'the Qt platform "{platform}" named by QT_QPA_PLATFORM cannot start'
        self_test = f"QT_QPA_PLATFORM=offscreen {self_test}"
    elif sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        why = "neither DISPLAY nor WAYLAND_DISPLAY is set"
    elif os.environ.get("DISPLAY"):
        why = f"the display {os.environ['DISPLAY']} cannot be reached"
    else:
        why = "Qt cannot start its platform plugin"
    return MSG_NO_DISPLAY.format(why=why, self_test=self_test)


def make_application() -> DeskApplication:
    """Make the Qt application; with no display, say so in one line and exit EXIT_NO_DISPLAY.

    Qt cannot tell us beforehand: its platform plugin fails inside the constructor, which then
    reports a fatal message and aborts the process (exit 134, silent but for the log). A message
    handler catches that fatal message while the constructor runs, so checking costs nothing.
    """
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    previous = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if previous is not None:
            previous(mode, context, message)  # the log keeps Qt's own words
        if mode == QtMsgType.QtFatalMsg:
            line = no_display_line()
            from ..logs import logger

            logger().error(line)
            if sys.stderr is not None:
                print(line, file=sys.stderr, flush=True)
            os._exit(EXIT_NO_DISPLAY)  # Qt aborts once this returns: leave first

    previous = qInstallMessageHandler(handler)
    try:
        return DeskApplication(sys.argv[:1])
    finally:
        qInstallMessageHandler(previous)


def run_app(file: str | None) -> int:
    """Run the drafting window on a file (or the last matter, or the sample); return the exit code."""
    from ..logs import route_qt_messages

    route_qt_messages()
    install_excepthook()
    app = QApplication.instance() or make_application()
    assert isinstance(app, DeskApplication)
    app.setApplicationName("OpinionDesk")
    app.setWindowIcon(application_icon())
    app.setOrganizationName("OpinionDesk")
    if send_to_running_instance(file):
        return 0
    desk = DeskApp(app)
    desk.start_server()
    desk.start(file)
    # Once the window is up and its first checks have run, not on the way to showing it: from then
    # on the garbage collector runs while counsel pause (opiniondesk.gui.collector).
    QTimer.singleShot(COLLECTOR_AFTER_MS, lambda: collector.install(app))
    try:
        return app.exec()
    finally:
        desk.stop_server()
