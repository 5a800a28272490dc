"""PyInstaller hook for python-docx: its default document and header/footer templates are data files."""

from PyInstaller.utils.hooks import collect_data_files

# docx/templates/default.docx, default-header.xml, default-footer.xml, default-styles.xml, ...
# python-docx opens these when a document gains its first header or footer.
datas = collect_data_files("docx")
