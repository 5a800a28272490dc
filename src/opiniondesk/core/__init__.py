"""The rendering core: facts, templates, the letter model and matter files; no Qt widgets here."""
