"""PyInstaller hook for python-docx: its default document and header/footer templates are data files."""

from PyInstaller.utils.hooks import collect_data_files

# docx/templates/default.docx, default-header.xml, default-footer.xml, default-styles.xml, ...
# python-docx opens these when a document gains its first header, footer, comments or styles part.
datas = collect_data_files("docx")

# python-docx finds the header and footer templates as `docx/parts/../templates/...`: that path
# only resolves if the folder `docx/parts` exists in the bundle, which it does not when the
# modules live only in the bundle's archive. Collecting docx.parts' source files as well gives
# it the folder (a few kilobytes). `OpinionDesk --self-test` checks this ("python-docx default
# template"), which failed without it.
module_collection_mode = {"docx.parts": "pyz+py"}
