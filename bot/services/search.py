"""Morphology-aware text search: words are reduced to Russian stems (Snowball), stored space-separated
in `Program.search_terms`, and a query's stems match stored stems by prefix, so `робототехника` finds
`робототехнике` and `шахматы` finds `шахматный`. Plain LIKE keeps the SQL portable."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import snowballstemmer
from sqlalchemy import ColumnElement, and_

WORD = re.compile(r"[0-9a-zа-я]+")
MIN_QUERY_STEM = 3  # shorter stems would match nearly everything


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("russian")


def normalise(text: str) -> str:
    return text.lower().replace("ё", "е")


def stems(text: str) -> list[str]:
    return [str(s) for s in _stemmer().stemWords(WORD.findall(normalise(text)))]


def terms_for(*texts: str) -> str:
    """What to store in `search_terms`: unique stems, with a leading and trailing space so that
    `LIKE '% stem%'` matches at the start of any stored word."""
    unique = dict.fromkeys(s for text in texts for s in stems(text))
    return " " + " ".join(unique) + " " if unique else ""


def query_stems(query: str) -> list[str]:
    """Stems to look for. A long stem loses its last letter, because Snowball keeps a suffix letter
    in some forms only (`шахматный` -> `шахматн`, `шахматы` -> `шахмат`)."""
    found = (s if len(s) <= MIN_QUERY_STEM + 2 else s[:-1] for s in stems(query))
    return [s for s in dict.fromkeys(found) if len(s) >= MIN_QUERY_STEM]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches(column: Any, query: str) -> ColumnElement[bool] | None:
    """A condition that every word of `query` occurs (as a stem prefix) in `column`; None when the
    query has no searchable words."""
    wanted = query_stems(query)
    if not wanted:
        return None
    return and_(*(column.like(f"% {_escape(s)}%", escape="\\") for s in wanted))
