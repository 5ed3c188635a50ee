"""What the public type classes share: equality and hashing by structure
(wasmtime-py compares most types by identity; wasmic by what they describe),
and, for the classes that are a face over one ``wasmic.syntax.types`` value,
the conversions to and from it."""

from __future__ import annotations

from typing import Any, TypeVar

_Face = TypeVar("_Face", bound="SyntaxFace")


class Structural:
    """Instances are equal when of the same class with equal ``_key()``,
    and hash by it."""

    __slots__ = ()

    def _key(self) -> Any:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())


class SyntaxFace(Structural):
    """A public type that is an immutable face over one internal type,
    ``_ty``, and compares by it."""

    __slots__ = ("_ty",)
    _ty: Any

    @classmethod
    def _from_syntax(cls: type[_Face], ty: Any) -> _Face:
        """The public face of the internal type ``ty``."""
        face = object.__new__(cls)
        face._ty = ty
        return face

    def _to_syntax(self) -> Any:
        return self._ty

    def _key(self) -> Any:
        return self._ty
