"""Translation helpers for texts defined at import time.

``N_`` marks a text for ``pybabel extract`` without translating it: the French text stays plain data
(stored, compared, exported) and is translated where it is shown. ``Labels`` holds such texts for
stored codes and ``Texts`` an ordered list of such texts; both hand them out translated, always as
plain ``str`` (safe for ``str.join``, CSV and XLSX).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar, overload

from flask_babel import gettext

K = TypeVar("K")


def N_(text: str) -> str:
    """Mark ``text`` for extraction; return it untranslated."""
    return text


class Labels(Mapping[K, str]):
    """Labels of stored codes (marked with ``N_``), translated each time they are read."""

    def __init__(self, labels: Mapping[K, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: K) -> str:
        return gettext(self._labels[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def plain(self, key: K) -> str:
        """Return the untranslated French label, for data that is stored."""
        return self._labels[key]

    def __repr__(self) -> str:
        return f"Labels({self._labels!r})"


class Texts(Sequence[str]):
    """An ordered list of texts (marked with ``N_``), translated each time they are read."""

    def __init__(self, *texts: str) -> None:
        self._texts = texts

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [gettext(text) for text in self._texts[index]]
        return gettext(self._texts[index])

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Texts{self._texts!r}"
