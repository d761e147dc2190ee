"""Morphology-aware text search: words are reduced to Russian stems (Snowball), stored space-separated
in `Program.search_terms`, and a query's stems match stored stems by prefix, so `робототехника` finds
`робототехнике` and `шахматы` finds `шахматный`.

The match uses the database's own word index over the stored stems (migration 0003_search_index):
SQLite FTS5 (the table `<table>_fts`, kept in sync with the column by triggers) and a PostgreSQL GIN
index over the stems as a `tsvector`. The stems are ready-made lexemes, so neither database parses,
lowercases or stems them again: the result does not depend on its text search configuration or on
the database's `LC_CTYPE`. Other databases are not supported (the statement does not compile)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import snowballstemmer
from sqlalchemy import ColumnElement, Select, bindparam, cast, func, literal_column, select, table
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import Boolean

WORD = re.compile(r"[0-9a-zа-я]+")
MIN_QUERY_STEM = 3  # shorter stems would match nearly everything

# A query: every word must match; a word matches when any of its alternative stems is a prefix of a
# stored stem. Today a word has one alternative; typo and synonym handling can add more.
Words = Sequence[Sequence[str]]


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


def fts5_query(words: Words) -> str:
    """FTS5 syntax: `("a"* OR "b"*) AND "c"*`. Stems hold only letters and digits, so quoting is safe."""
    return " AND ".join("(" + " OR ".join(f'"{s}"*' for s in alternatives) + ")" for alternatives in words)


def tsquery(words: Words) -> str:
    """PostgreSQL `tsquery` input (not parsed by a text search configuration): `('a':* | 'b':*) & 'c':*`."""
    return " & ".join("(" + " | ".join(f"'{s}':*" for s in alternatives) + ")" for alternatives in words)


def stem_vector(column: Any) -> ColumnElement[Any]:
    """The stored stems as a `tsvector` (empty words dropped: `array_to_tsvector` refuses them); the
    GIN index of migration 0003 is on exactly this expression, with literals, not parameters, so that
    the planner recognises it."""
    words = func.string_to_array(column, literal_column("' '"))
    return func.array_to_tsvector(func.array_remove(words, literal_column("''")))


class TextMatch(ColumnElement[bool]):
    """Every word of a query matches `column` (stems, see `terms_for`); compiled for SQLite and PostgreSQL.
    The words are part of the statement cache key: the compiled text carries their values."""

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's protocol)
        ("column", InternalTraversal.dp_clauseelement),
        ("words", InternalTraversal.dp_plain_obj),
    ]
    type = Boolean()

    def __init__(self, column: Any, words: Words) -> None:
        self.column = column
        self.words = tuple(tuple(w) for w in words)


@compiles(TextMatch, "sqlite")
def _fts5(element: TextMatch, compiler: SQLCompiler, **kw: Any) -> str:
    owner = element.column.table
    fts = table(f"{owner.name}_fts")
    found: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(fts)
        .where(literal_column(fts.name).op("MATCH")(bindparam(None, fts5_query(element.words))))
    )
    return compiler.process(owner.c.id.in_(found), **kw)


@compiles(TextMatch, "postgresql")
def _tsvector(element: TextMatch, compiler: SQLCompiler, **kw: Any) -> str:
    # The matching ids come from the index once, in a MATERIALIZED CTE. As a condition on each row (or
    # a subquery the planner flattens) the planner may walk the title order instead and test every
    # program's stems until a page is full: 50-600 ms for a word whose titles sort late.
    owner = element.column.table
    inner = owner.alias(f"{owner.name}_words")
    wanted = cast(bindparam(None, tsquery(element.words)), TSQUERY)
    found = (
        select(inner.c.id)
        .where(stem_vector(inner.c[element.column.key]).op("@@")(wanted))
        .cte(f"{owner.name}_matching")
        .prefix_with("MATERIALIZED")
    )
    return compiler.process(owner.c.id.in_(select(found.c.id)), **kw)


def _stem(word: str) -> str:
    """A query word's stem as `query_stems` cuts it."""
    found = query_stems(word)
    return found[0] if found else ""


def query_words(query: str) -> Words:
    """Per word of `query`, its stem and the stems of its synonyms (питон ~ python, изо ~ рисование)."""
    words: list[list[str]] = []
    for word in WORD.findall(normalise(query)):
        stem = _stem(word)
        alternatives = [s for s in (stem, *map(_stem, SYNONYMS.get(word, ()))) if s]
        if alternatives:  # a word too short to search for may still have synonyms (изо)
            words.append(list(dict.fromkeys(alternatives)))
    return words


def matches(column: Any, query: str) -> ColumnElement[bool] | None:
    """A condition that every word of `query` (or one of its synonyms) occurs (as a stem prefix) in
    `column`; None when the query has no searchable words."""
    wanted = query_words(query)
    return TextMatch(column, wanted) if wanted else None


# ---- what the parent meant: synonyms, the wrong keyboard layout, typos ----------------------------

# Words parents use for what the catalogue calls otherwise, both ways where both are used.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "питон": ("python",),
    "пайтон": ("python",),
    "python": ("питон",),
    "изо": ("изобразительное", "рисование", "живопись"),
    "рисование": ("изобразительное", "живопись", "художественная"),
    "лего": ("lego", "конструирование"),
    "lego": ("лего", "конструирование"),
    "танцы": ("хореография", "хореографический", "танцевальный"),
    "хореография": ("танцы", "танцевальный"),
    "программирование": ("scratch", "python"),
    "роботы": ("робототехника",),
    "вокал": ("пение", "вокальная"),
    "пение": ("вокал", "вокальная", "хор"),
    "английский": ("английского", "english"),
}

# A word typed with the Latin layout on: the same keys in the Russian layout («if[vfns» -> «шахматы»).
LAYOUT = str.maketrans("qwertyuiop[]asdfghjkl;'zxcvbnm,.`", "йцукенгшщзхъфывапролджэячсмитьбюё")
LATIN_KEYS = re.compile(r"[a-z\[\];',.`]+")  # a token typed entirely on the Latin layout
MIN_TYPO_WORD = 4  # shorter words are too close to too many others to be corrected
TYPO_SCORE = 75  # rapidfuzz ratio (0-100) a catalogue word must reach to stand for a typed one


@dataclass(frozen=True)
class Vocabulary:
    """The catalogue's own words (normalised), and their stems: what a typed word may have meant."""

    words: tuple[str, ...]
    stems: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        words = sorted(
            {w for text in texts for w in WORD.findall(normalise(text)) if len(w) >= MIN_TYPO_WORD}
        )
        return cls(tuple(words), frozenset(str(s) for s in _stemmer().stemWords(words)))

    def knows(self, word: str) -> bool:
        stem = _stem(word)
        return bool(stem) and any(s.startswith(stem) for s in self.stems)


def understood(query: str, vocabulary: Vocabulary) -> str | None:
    """`query` as the catalogue spells it, when a word of it is not in the catalogue but its Russian
    layout or a close catalogue word is («if[vfns», «шахмоты» -> «шахматы»); None when nothing changed."""
    from rapidfuzz import fuzz, process

    typed: list[str] = []
    meant: list[str] = []
    for token in normalise(query).split():
        switched = WORD.findall(token.translate(LAYOUT)) if LATIN_KEYS.fullmatch(token) else []
        as_typed = WORD.findall(token)
        if switched and not all(map(vocabulary.knows, as_typed)) and all(map(vocabulary.knows, switched)):
            typed += as_typed
            meant += switched
            continue
        for word in WORD.findall(token):
            typed.append(word)
            close = None
            if not (vocabulary.knows(word) or word in SYNONYMS) and len(word) >= MIN_TYPO_WORD:
                close = process.extractOne(word, vocabulary.words, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
            meant.append(close[0] if close else word)
    return " ".join(meant) if meant != typed else None
