"""Pages of a list: every list a person sees is shown a page at a time, so no message outgrows
Telegram's limits however long the list gets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 5  # items with a line of text each
LIST_BUTTONS = 10  # items that are only buttons


def bounds(page: int, total: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """(page, pages): the page asked for, kept within the list (an old button may ask for a page the
    shrunk list no longer has), and how many pages there are (at least one)."""
    pages = max((total + size - 1) // size, 1)
    return min(max(page, 0), pages - 1), pages


@dataclass(frozen=True)
class Slice(Generic[T]):
    items: list[T]
    page: int
    pages: int
    first: int  # the number the first item shows (1-based, counting from the list's start)
    total: int


def page_of(items: Sequence[T], page: int, size: int = PAGE_SIZE) -> Slice[T]:
    page, pages = bounds(page, len(items), size)
    start = page * size
    return Slice(list(items[start : start + size]), page, pages, start + 1, len(items))
