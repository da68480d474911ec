"""Data protection: subject access exports, erasure of a candidate's personal data, and the
retention job that erases records left inactive (docs/security.md, "Data protection")."""
