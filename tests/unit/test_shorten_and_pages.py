"""The two helpers every list uses: `shorten` (labels and list lines) and `page_of` (pages)."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from bot.formatting import escaped, shorten
from bot.services.paging import bounds, page_of


def test_a_name_is_cut_on_a_word_with_an_ellipsis_and_its_quote_closed() -> None:
    assert shorten("МБУ ДО «Центр детского творчества» города Андропова", 30) == "МБУ ДО «Центр детского…»"
    assert shorten("Открытка маме своими руками", 24) == "Открытка маме своими…"
    assert shorten("Шахматы", 24) == "Шахматы"


@given(
    st.text(alphabet=st.sampled_from("аб вг«»&<> \n"), max_size=400), st.integers(min_value=2, max_value=300)
)
def test_shortened_text_fits_and_is_the_texts_beginning(text: str, limit: int) -> None:
    shown = shorten(text, limit)
    assert len(shown) <= limit
    if shown != text.strip():
        cut = shown.removesuffix("»") if shown.endswith("…»") else shown
        assert cut.endswith("…") and text.strip().startswith(cut.removesuffix("…"))
        assert shown.count("«") - shown.count("»") <= max(cut.count("«") - cut.count("»") - 1, 0)


@given(
    st.text(alphabet=st.sampled_from("а &<>\"'"), max_size=3000), st.integers(min_value=10, max_value=2000)
)
def test_escaped_text_fits_once_escaped(text: str, limit: int) -> None:
    shown = escaped(text, limit)
    assert len(shown) <= limit
    assert text.strip().startswith(html.unescape(shown).removesuffix("…"))


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=12))
def test_pages_show_every_item_once(total: int, size: int) -> None:
    items = list(range(total))
    _, pages = bounds(0, total, size)
    seen = [item for page in range(pages) for item in page_of(items, page, size).items]
    assert seen == items
    assert all(len(page_of(items, page, size).items) <= size for page in range(pages))


def test_a_page_out_of_range_shows_the_nearest() -> None:
    items = list(range(12))
    assert page_of(items, 99, 5).items == [10, 11] and page_of(items, 99, 5).first == 11
    assert page_of(items, -3, 5).page == 0
    assert page_of([], 4).pages == 1 and page_of([], 4).items == []
