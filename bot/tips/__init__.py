"""Daily pinned code tips."""
