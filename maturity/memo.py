"""Results kept per app, so per worker: rendered pages, charts, signed tokens."""

from __future__ import annotations

import functools

from flask import current_app


def app_cache(name: str, size: int, function):
    """function with its results kept for its `size` latest arguments, per app (so per worker)."""
    cached = current_app.extensions.get(name)
    if cached is None:
        cached = current_app.extensions[name] = functools.lru_cache(maxsize=size)(function)
    return cached
