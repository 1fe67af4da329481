"""Reports of a run: figures (charts and map), self-contained HTML, PDF and an Excel workbook."""
