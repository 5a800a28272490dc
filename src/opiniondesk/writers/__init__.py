"""Writers: each turns the one letter model into one output format (DOCX, text, PDF)."""
