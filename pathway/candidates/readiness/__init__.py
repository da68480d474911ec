"""Readiness: the pure rules a candidate must meet for a programme, the assessments that
record their facts, and the programmes and sites that suit them."""
