"""The report document - the one thing every page, export and statement renders - and its
renderings: the page, PDF, CSV, JSON, charts and statement text."""
