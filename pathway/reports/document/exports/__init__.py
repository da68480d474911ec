"""The report as files: CSV, JSON and PDF, each from the same published document."""
