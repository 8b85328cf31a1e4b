"""Pages rendered once and filled in on every request: rendered HTML with named holes.

A page that is the same for everyone but for a few values (a CSRF token, a personal link) is
rendered once with a hole in place of each of those values and cut at the holes. Filling it
then costs a join instead of a template render. A hole is a marker with a random part chosen
per process, so no text a user typed (a company name in a kept report) can pass for one.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import NamedTuple

from markupsafe import Markup, escape

_NONCE = secrets.token_hex(8)
_HOLE = re.compile(rf"\x1e{_NONCE}:([a-z_]+)\x1f")


class Stencil(NamedTuple):
    """Rendered HTML cut at its holes: parts[0], holes[0], parts[1], ... parts[-1]."""

    parts: tuple[str, ...]
    holes: tuple[str, ...]

    def fill(self, values: Mapping[str, str]) -> Markup:
        """The page with each hole replaced by its value, escaped unless it is Markup."""
        pieces = [self.parts[0]]
        for name, part in zip(self.holes, self.parts[1:], strict=True):
            pieces.append(escape(values[name]))
            pieces.append(part)
        return Markup("".join(pieces))  # noqa: S704 (rendered HTML and escaped values)


def hole(name: str) -> Markup:
    """The marker to render where the value called `name` goes."""
    return Markup(f"\x1e{_NONCE}:{name}\x1f")  # noqa: S704 (a marker, no user text)


def cut(html: str) -> Stencil:
    """The rendered HTML cut at every hole() in it."""
    pieces = _HOLE.split(html)
    return Stencil(parts=tuple(pieces[0::2]), holes=tuple(pieces[1::2]))
