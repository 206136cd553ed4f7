"""Writing: files, the report folder, CSV and workbooks (hikinet replaces only what it wrote)."""
