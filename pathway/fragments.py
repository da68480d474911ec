"""htmx: when to answer with a fragment rather than a whole page (DESIGN.md principle 6)."""

from pathway.extensions import htmx


def wants_fragment() -> bool:
    """An htmx request, except history restores, which need the whole page."""
    return bool(htmx) and not htmx.history_restore_request
