"""Hand-assembly of small binary modules for the decoder and encoder tests.

Independent of the code under test, so a test's input is what it says.
"""

from __future__ import annotations

HEADER = b"\x00asm\x01\x00\x00\x00"
VOID_TYPE = b"\x60\x00\x00"  # [] -> []


def uleb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sleb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        done = (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40)
        out.append(byte | (0 if done else 0x80))
        if done:
            return bytes(out)


def vec(items: list[bytes]) -> bytes:
    return uleb(len(items)) + b"".join(items)


def name(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return uleb(len(raw)) + raw


def section(section_id: int, payload: bytes) -> bytes:
    return bytes((section_id,)) + uleb(len(payload)) + payload


def custom(section_name: str | bytes, payload: bytes = b"") -> bytes:
    return section(0, name(section_name) + payload)


def module(*sections: bytes) -> bytes:
    return HEADER + b"".join(sections)


def code_entry(body: bytes, local_decls: bytes = b"\x00") -> bytes:
    """One code section entry; ``body`` must include its final ``end``."""
    contents = local_decls + body
    return uleb(len(contents)) + contents


def func_module(body: bytes, local_decls: bytes = b"\x00", *, memory: bool = False,
                data_count: int | None = None, after_code: bytes = b"") -> bytes:
    """A module with one [] -> [] function (and optionally a memory)."""
    sections = [section(1, vec([VOID_TYPE])), section(3, vec([b"\x00"]))]
    if memory:
        sections.append(section(5, vec([b"\x00\x01"])))
    if data_count is not None:
        sections.append(section(12, uleb(data_count)))
    sections.append(section(10, vec([code_entry(body, local_decls)])))
    return module(*sections, after_code)
