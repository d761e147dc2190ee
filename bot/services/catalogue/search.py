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

from sqlalchemy import ColumnElement, Select, bindparam, case, cast, func, literal_column, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import Boolean

WORD = re.compile(r"[0-9a-zа-я]+")
MIN_QUERY_STEM = 3  # shorter stems would match nearly everything
# Words of a question that name no program («танцы для 7-летней»): any word finds, so these would
# find nearly everything.
STOP_WORDS = frozenset(
    ["для", "или", "как", "где", "чтобы", "лет", "год", "года", "the", "and", "for", "with", "kids", "old"]
)

# A query: per word, its alternative stems (its own and its synonyms'); a word matches when one of
# them is a prefix of a stored stem.
Words = Sequence[Sequence[str]]


@cache
def _stemmer() -> Any:
    # Imported at the first word stemmed: the package loads the stemmers of all its 30 languages
    # (3 MiB the bot would otherwise hold from its start, whether anyone searches or not).
    import snowballstemmer

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


def program_terms(title: str, description: str, provider: str) -> dict[str, str]:
    """Every stems column of a program (see `terms_for`): what its search matches and weighs, the
    title above the description above the provider's name."""
    return {
        "search_terms": terms_for(title, description),
        "title_terms": terms_for(title),
        "provider_terms": terms_for(provider),
    }


def query_stems(query: str) -> list[str]:
    """Stems to look for. A long stem loses its last letter, because Snowball keeps a suffix letter
    in some forms only (`шахматный` -> `шахматн`, `шахматы` -> `шахмат`)."""
    found = (s if len(s) <= MIN_QUERY_STEM + 2 else s[:-1] for s in stems(query))
    return [s for s in dict.fromkeys(found) if len(s) >= MIN_QUERY_STEM]


def fts5_query(words: Words, *, any_word: bool = False) -> str:
    """FTS5 syntax: `("a"* OR "b"*) AND "c"*` (OR between the words when `any_word`). Stems hold only
    letters and digits, so quoting is safe."""
    join = " OR " if any_word else " AND "
    return join.join("(" + " OR ".join(f'"{s}"*' for s in alternatives) + ")" for alternatives in words)


def tsquery(words: Words, *, any_word: bool = False) -> str:
    """PostgreSQL `tsquery` input (not parsed by a text search configuration): `('a':* | 'b':*) & 'c':*`
    (`|` between the words when `any_word`)."""
    join = " | " if any_word else " & "
    return join.join("(" + " | ".join(f"'{s}':*" for s in alternatives) + ")" for alternatives in words)


def stem_vector(column: Any) -> ColumnElement[Any]:
    """The stored stems as a `tsvector` (empty words dropped: `array_to_tsvector` refuses them); the
    GIN index of migration 0003 is on exactly this expression, with literals, not parameters, so that
    the planner recognises it."""
    words = func.string_to_array(column, literal_column("' '"))
    return func.array_to_tsvector(func.array_remove(words, literal_column("''")))


def matched(owner: Any) -> ColumnElement[Any]:
    """The stems a program is found by: its title's and description's and its provider's name."""
    return owner.c.search_terms.op("||")(literal_column("' '")).op("||")(owner.c.provider_terms)


class TextMatch(ColumnElement[bool]):
    """The words of a query (all of them, or any one when `any_word`) match the program's stems (see
    `program_terms`; `column` is one of them, naming the table); compiled for SQLite and PostgreSQL.
    The words are part of the statement cache key: the compiled text carries their values."""

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's protocol)
        ("column", InternalTraversal.dp_clauseelement),
        ("words", InternalTraversal.dp_plain_obj),
        ("any_word", InternalTraversal.dp_plain_obj),
    ]
    type = Boolean()

    def __init__(self, column: Any, words: Words, *, any_word: bool = False) -> None:
        self.column = column
        self.words = tuple(tuple(w) for w in words)
        self.any_word = any_word


@compiles(TextMatch, "sqlite")
def _fts5(element: TextMatch, compiler: SQLCompiler, **kw: Any) -> str:
    owner = element.column.table
    fts = table(f"{owner.name}_fts")
    found: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(fts)
        .where(
            literal_column(fts.name).op("MATCH")(
                bindparam(None, fts5_query(element.words, any_word=element.any_word))
            )
        )
    )
    return compiler.process(owner.c.id.in_(found), **kw)


@compiles(TextMatch, "postgresql")
def _tsvector(element: TextMatch, compiler: SQLCompiler, **kw: Any) -> str:
    # The matching ids come from the index once, in a MATERIALIZED CTE. As a condition on each row (or
    # a subquery the planner flattens) the planner may walk the title order instead and test every
    # program's stems until a page is full: 50-600 ms for a word whose titles sort late.
    owner = element.column.table
    inner = owner.alias(f"{owner.name}_words")
    from sqlalchemy.dialects.postgresql import TSQUERY  # 1 MiB a SQLite deployment does not need

    wanted = cast(bindparam(None, tsquery(element.words, any_word=element.any_word)), TSQUERY)
    found = (
        select(inner.c.id)
        .where(stem_vector(matched(inner)).op("@@")(wanted))
        .cte(f"{owner.name}_matching")
        .prefix_with("MATERIALIZED")
    )
    return compiler.process(owner.c.id.in_(select(found.c.id)), **kw)


def _stem(word: str) -> str:
    """A query word's stem as `query_stems` cuts it."""
    found = query_stems(word)
    return found[0] if found else ""


def _longest_stem(text: str) -> str:
    """A synonym of several words stands for its longest one («мини-футбол» for «футбол»)."""
    return _stem(max(WORD.findall(normalise(text)), key=len, default=""))


def query_words(query: str, synonyms: Synonyms | None = None) -> Words:
    """Per word of `query`, its stem and the stems of its synonyms (питон ~ python, изо ~ рисование;
    `synonyms`: the built-in list merged with the staff's, see `merged`)."""
    synonyms = SYNONYMS if synonyms is None else synonyms
    words: list[list[str]] = []
    for word in WORD.findall(normalise(query)):
        if word in STOP_WORDS:
            continue
        stem = _stem(word)
        alternatives = [s for s in (stem, *map(_longest_stem, synonyms.get(word, ()))) if s]
        if alternatives:  # a word too short to search for may still have synonyms (изо)
            words.append(list(dict.fromkeys(alternatives)))
    return words


def matches(
    column: Any, query: str, synonyms: Synonyms | None = None, *, any_word: bool = False
) -> ColumnElement[bool] | None:
    """A condition that every word of `query` (any one when `any_word`; or one of its synonyms) occurs
    (as a stem prefix) among the program's stems; None when the query has no searchable words."""
    wanted = query_words(query, synonyms)
    return TextMatch(column, wanted, any_word=any_word) if wanted else None


# bm25 weights of programs_fts's columns (title_terms, search_terms, provider_terms): a title word
# counts in the first two, a description word in the second, the provider's name in the third.
FTS5_WEIGHTS = (10.0, 3.0, 1.0)


def ranked(dialect: str, owner: Any, words: Words) -> Any:
    """The programs that match any word of `words`, with what orders them: `whole` (every word
    matches), `in_title` (every word matches the title) and `rank` (lower first: in SQLite bm25,
    weighing the title above the description above the provider's name; in PostgreSQL 0 when a word
    is in the title or description, 1 when only in the provider's name)."""
    any_word, every_word = fts5_query(words, any_word=True), fts5_query(words)
    if dialect == "sqlite":
        fts = table(f"{owner.name}_fts")
        rowid: ColumnElement[Any] = literal_column("rowid")

        def found(query: str) -> ColumnElement[bool]:
            inner = select(rowid).select_from(fts).where(literal_column(fts.name).op("MATCH")(query))
            return rowid.in_(inner)

        return (
            select(
                rowid.label("id"),
                func.bm25(literal_column(fts.name), *FTS5_WEIGHTS).label("rank"),
                (found(every_word) if len(words) > 1 else literal_column("1")).label("whole"),
                found("{title_terms} : (" + every_word + ")").label("in_title"),
            )
            .select_from(fts)
            .where(literal_column(fts.name).op("MATCH")(bindparam(None, any_word)))
            .subquery("ranked")
        )
    from sqlalchemy.dialects.postgresql import TSQUERY

    some = cast(bindparam(None, tsquery(words, any_word=True)), TSQUERY)
    every = cast(bindparam(None, tsquery(words)), TSQUERY)
    inner = owner.alias(f"{owner.name}_ranked")
    # Not ts_rank over weighted vectors: building three vectors a row made a common two-word query
    # (1,500 programs) take 70 ms. Where a word is found ranks instead: the description before only
    # the provider's name (the title comes first through `in_title`).
    in_text = stem_vector(inner.c.search_terms).op("@@")(some)
    return (
        select(
            inner.c.id,
            case((in_text, 0), else_=1).label("rank"),
            stem_vector(matched(inner)).op("@@")(every).label("whole"),
            stem_vector(inner.c.title_terms).op("@@")(every).label("in_title"),
        )
        .where(stem_vector(matched(inner)).op("@@")(some))
        .cte("ranked")
        .prefix_with("MATERIALIZED")
    )


# ---- what the parent meant: synonyms, the wrong keyboard layout, typos ----------------------------

Synonyms = dict[str, tuple[str, ...]]

# Words parents use for what the catalogue calls otherwise, both ways where both are used; staff add
# more (the table search_synonyms, merged in by `merged`).
SYNONYMS: Synonyms = {
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
    "футбол": ("мини-футбол",),
    # The catalogue is written in Russian: a few words as English-speaking parents type them.
    "dance": ("танцы", "хореография"),
    "dancing": ("танцы", "хореография"),
    "chess": ("шахматы",),
    "robotics": ("робототехника",),
    "drawing": ("рисование", "изобразительное"),
    "art": ("изобразительное", "художественная"),
    "music": ("музыка", "музыкальная"),
    "football": ("футбол",),
    "swimming": ("плавание",),
    "theatre": ("театр",),
    "singing": ("вокал", "пение"),
}


def merged(pairs: Iterable[tuple[str, str]]) -> Synonyms:
    """The built-in synonyms and staff's pairs («word = synonym»), each pair both ways where its side
    is a single word (a query is looked up word by word)."""
    found: dict[str, dict[str, None]] = {word: dict.fromkeys(alts) for word, alts in SYNONYMS.items()}
    for word, synonym in pairs:
        for one, other in ((word, synonym), (synonym, word)):
            key = normalise(one).strip()
            if WORD.fullmatch(key):
                found.setdefault(key, {})[normalise(other).strip()] = None
    return {word: tuple(alts) for word, alts in found.items()}


def synonym_pair(text: str) -> tuple[str, str] | None:
    """«слово = синоним» as typed by staff: both sides with a word to search for, one of them a single
    word; None otherwise."""
    word, sep, synonym = (part.strip() for part in normalise(text).partition("="))
    if not sep or word == synonym or max(len(word), len(synonym)) > MAX_SYNONYM:
        return None
    sides = (WORD.findall(word), WORD.findall(synonym))
    if not all(sides) or min(len(side) for side in sides) != 1:
        return None
    return " ".join(WORD.findall(word)), " ".join(WORD.findall(synonym))


MAX_SYNONYM = 60  # characters a side, as the table holds

# A word typed with the wrong layout on: the same keys in the other layout («if[vfns» -> «шахматы»,
# «знерщт» -> «python»).
LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
RUSSIAN = "йцукенгшщзхъфывапролджэячсмитьбюё"
LAYOUT = str.maketrans(LATIN, RUSSIAN)
LAYOUT_BACK = str.maketrans(RUSSIAN, LATIN)
LATIN_KEYS = re.compile(r"[a-z\[\];',.`]+")  # a token typed entirely on the Latin layout
RUSSIAN_KEYS = re.compile(r"[а-я]+")  # ... entirely on the Russian one


def other_layout(token: str) -> list[str]:
    """The words `token` spells on the other keyboard layout ([] when it mixes both)."""
    if LATIN_KEYS.fullmatch(token):
        return WORD.findall(token.translate(LAYOUT))
    if RUSSIAN_KEYS.fullmatch(token):
        return WORD.findall(token.translate(LAYOUT_BACK))
    return []


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


def understood(query: str, vocabulary: Vocabulary, synonyms: Synonyms | None = None) -> str | None:
    """`query` as the catalogue spells it, when a word of it is not in the catalogue but its other
    keyboard layout or a close catalogue word is («if[vfns», «шахмоты» -> «шахматы», «знерщт» ->
    «python»); None when nothing changed."""
    from rapidfuzz import fuzz, process

    typed: list[str] = []
    meant: list[str] = []
    for token in normalise(query).split():
        switched = other_layout(token)
        as_typed = WORD.findall(token)
        if switched and not all(map(vocabulary.knows, as_typed)) and all(map(vocabulary.knows, switched)):
            typed += as_typed
            meant += switched
            continue
        for word in WORD.findall(token):
            typed.append(word)
            close = None
            if (
                not (vocabulary.knows(word) or word in (SYNONYMS if synonyms is None else synonyms))
                and len(word) >= MIN_TYPO_WORD
            ):
                close = process.extractOne(word, vocabulary.words, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
            meant.append(close[0] if close else word)
    return " ".join(meant) if meant != typed else None


# ---- a plain question as filters: «танцы 7 лет Курсавка» -----------------------------------------

AGE_WORDS = re.compile(
    r"(?<![0-9a-zа-я])(\d{1,2})\s*-?\s*(?:лет\w*|год\w*|years?(?:-old)?|year-old|y\.?o\.?)(?![0-9a-zа-я])"
    r"|(?<![0-9a-zа-я])(?:возраст\w*|age)\s*(\d{1,2})(?![0-9a-zа-я])"
)
# Stems that name a direction (Direction's values), as parents write them.
DIRECTION_STEMS = {
    "technical": ("техничес", "technic"),
    "science": ("естественн", "scien"),
    "arts": ("художеств", "arts"),
    "social": ("социальн", "гуманитар", "social"),
    "tourism": ("туризм", "турист", "краевед", "touris"),
    "sport": ("спорт", "физкульт", "sport"),
}
# Words that name what families ask for (ProgramFormat's values; ОВЗ; a trial lesson), as typed.
FORMAT_WORDS = {
    "онлайн": "online",
    "online": "online",
    "дистанционно": "online",
    "дистанционные": "online",
    "дистанционный": "online",
}
OVZ_WORDS = frozenset(["овз", "ovz", "sen", "инвалидностью", "инклюзивные", "инклюзивный", "инклюзия"])
TRIAL_WORDS = frozenset(["пробное", "пробным", "пробного", "trial"])
# Words around «пробное» and «ОВЗ» that name nothing to look for once those are filters
# («с пробным занятием», «для детей с ОВЗ»).
LESSON_WORDS = frozenset(["занятие", "занятием", "занятия", "урок", "уроком", "lesson"])
CHILD_WORDS = frozenset(["детей", "дети", "ребенка", "ребенок", "children", "child"])
# Words of a municipality's name that do not tell one from another.
PLACE_GENERIC = "муниципальный округ район городской сельский municipal district city"
TOWN = re.compile(r":\s*(?:(?:с|г|п|пгт|ст|х)\.\s*)?([^,]+)")  # «Опорный центр: с. Курсавка, ул. …»
MIN_PLACE_STEM = 4  # a shorter stem names a place only whole («воды»)


def place_stems(*names: str, offices: Iterable[str] = ()) -> frozenset[str]:
    """The stems a municipality is named by: its names (without «муниципальный округ»), and the town
    where its Support Centre sits as its office texts say it («Опорный центр: с. Курсавка, …»)."""
    towns = [m.group(1) for office in offices for m in TOWN.finditer(normalise(office))]
    found = {s for text in (*names, *towns) for s in stems(text) if len(s) >= MIN_QUERY_STEM}
    return frozenset(found - _generic_place_stems())


@cache
def _generic_place_stems() -> frozenset[str]:
    return frozenset(stems(PLACE_GENERIC))


def _names(stem: str, known: frozenset[str]) -> bool:
    return stem in known or (len(stem) >= MIN_PLACE_STEM and any(s.startswith(stem) for s in known))


@dataclass(frozen=True)
class Question:
    """What a typed search says beyond words: an age, a municipality, a direction (None: not said),
    and the words left to search for."""

    words: str
    age: int | None = None
    municipality_id: int | None = None
    direction: str | None = None
    format: str | None = None
    ovz: bool = False
    trial: bool = False


def question(text: str, places: dict[int, frozenset[str]], ages: range) -> Question:
    """`text` read as filters where it can be: «7 лет», «для 7-летней», «age 7» (an age in `ages`);
    a word naming one municipality of `places` (id -> `place_stems`); a word naming a direction
    («спорт», «техническое»); «онлайн», «ОВЗ», «пробное (занятие)». What is read is taken out of the
    words."""
    text = normalise(text)
    age = None
    for m in AGE_WORDS.finditer(text):
        said = int(m.group(1) or m.group(2))
        if said in ages:
            age = said
            text = text[: m.start()] + " " + text[m.end() :]
            break
    left: list[str] = []
    place = direction = shape = None
    ovz = trial = False
    for token in text.split():  # tokens as typed: «if[vfns» is a word on the wrong layout
        words = WORD.findall(token)
        if len(words) != 1:
            left += [token] if words else []
            continue
        word = words[0]
        if word in FORMAT_WORDS or word in OVZ_WORDS or word in TRIAL_WORDS:
            shape = FORMAT_WORDS.get(word, shape)
            ovz, trial = ovz or word in OVZ_WORDS, trial or word in TRIAL_WORDS
            continue
        stem = _stem(word)
        named = [pid for pid, known in places.items() if stem and _names(stem, known)]
        kind = next(
            (d for d, prefixes in DIRECTION_STEMS.items() if stem and stem.startswith(prefixes)), None
        )
        if len(named) == 1 and place in (None, named[0]):
            place = named[0]
        elif kind is not None and direction in (None, kind):
            direction = kind
        elif word not in STOP_WORDS and (stem or word in SYNONYMS):  # what the search would look for
            left.append(word)
    dropped = (LESSON_WORDS if trial else frozenset()) | (CHILD_WORDS if ovz else frozenset())
    left = [word for word in left if word not in dropped]
    return Question(" ".join(left), age, place, direction, shape, ovz, trial)
