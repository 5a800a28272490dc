"""The Qt desktop interface: the drafting window, its fact pane, preview and dialogs."""
