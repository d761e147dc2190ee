"""What callback data fields are made of. A button's data comes back from the client: from an old
keyboard, or forged. Every field says what it may hold, so data outside it fails to unpack: the
factory's filter does not match and the catch-all (bot/handlers/common/fallback.py) says the button is old.
No handler parses a field by hand, and nothing out of range reaches the database, whose integers are
64-bit (an id of 2**63 does not fit in SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

DB_INT_MAX = 2**63 - 1

Id = Annotated[int, Field(ge=0, le=DB_INT_MAX)]
"""A row's id (0: none), a page or an option's index: never negative, never past what the database
holds."""


@dataclass(frozen=True)
class OneOf:
    """`Annotated[str, one_of(...)]`: the field holds one of `allowed`, anything else fails."""

    allowed: tuple[str, ...]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def _check(self, value: str) -> str:
        if value not in self.allowed:
            raise ValueError(f"not one of {self.allowed}")
        return value


def one_of(*choices: Iterable[str]) -> OneOf:
    """The choices: tuples of names, StrEnums, the keys of a dict."""
    return OneOf(tuple(dict.fromkeys(str(choice) for group in choices for choice in group)))


NONE = ("",)
"""The empty value of a field the action does not use."""

PAGES = tuple(str(n) for n in range(1000))
"""A page number in a text field, for the factories whose number fields are taken by ids."""
