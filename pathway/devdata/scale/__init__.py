"""Generated data at scale (``flask pathway generate``), for benchmarks and load tests."""
