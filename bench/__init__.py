"""Benchmarks and load tests (make bench, make load); not part of the test suite."""
