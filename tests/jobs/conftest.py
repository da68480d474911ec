"""Fixtures for the job tests."""

from tests.jobs.history import history  # noqa: F401  (fixture)
