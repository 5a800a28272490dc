"""The Qt desktop interface: the drafting window, its fact pane, preview and dialogs."""

import importlib

# The plain-Python modules the window needs, loaded before Qt: once PySide6 is imported it reads
# the source of every module imported after it (looking for `from __feature__ import`), which
# costs start-up about 30 ms for jinja2 and the core. Loading them first is free; they are needed.
PRELOAD = (
    "opiniondesk.core.matter",
    "opiniondesk.core.templates",
    "opiniondesk.logs",
    "opiniondesk.settings",
    "json",
    "logging",
    "platform",
    "uuid",
    "zipfile",
)
for _name in PRELOAD:
    importlib.import_module(_name)
