"""Plain records: what typing.NamedTuple gave aihub's small data classes, without typing.

Every warm run loads these classes, and importing typing (with collections and functools
behind it) would cost it more than its own work. A record names its fields in `__slots__`;
it compares, hashes, prints and copies by them.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from typing_extensions import Self


class Record:
    __slots__: tuple[str, ...] = ()

    def fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes`, by field name (NamedTuple's _replace)."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return type(self)(**values)
