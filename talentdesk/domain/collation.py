"""The order a clerk expects for names: by pinyin (汉语拼音排序), as a dictionary, Excel or the CLDR
"pinyin" collation sort them — 安 < 白 < 陈 < 张, not by code point (张 < 李 < 王 happens to be code order
for a few names, 陈 > 王 is not).

Each character compares by its pinyin letters, then its tone (1–4, neutral 5), then the character
itself, so the order is total and stable. A character has one reading here, the one a dictionary
lists first (单 dān, 曾 céng), as the CLDR collation does. Digits, Latin letters and punctuation come
before Chinese characters; a character the pinyin data does not know (some rare Ext-B characters)
comes after all known ones. Readings come from pypinyin (a maintained pinyin dictionary).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any, TypeVar

_OTHER, _HAN, _UNKNOWN = 0, 1, 2


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF or o == 0x3007


T = TypeVar("T")


@cache
def _char_key(ch: str) -> tuple[int, str, int, str]:
    if not _is_han(ch):
        return (_OTHER, ch.casefold(), 0, ch)
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    text = reading[0] if reading else ""
    if not text:
        return (_UNKNOWN, "", 0, ch)
    tone = int(text[-1]) if text[-1].isdigit() else 5
    return (_HAN, text.rstrip("012345"), tone, ch)


@lru_cache(maxsize=262_144)
def sort_key(text: str | None) -> tuple[tuple[int, str, int, str], ...]:
    """Key for sorted(): pinyin order of TEXT (None and "" sort first; callers put empties last)."""
    if not text:
        return ()
    return tuple(_char_key(ch) for ch in str(text))


def sort_by_name(rows: Iterable[T], key: Callable[[T], Any] = lambda r: r) -> list[T]:
    """ROWS sorted in pinyin order of key(row) (a list; the input is not changed)."""
    return sorted(rows, key=lambda r: sort_key(key(r)))
