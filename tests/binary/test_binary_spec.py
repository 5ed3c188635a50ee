"""The spec suite's modules through the binary format.

Every module of every wg-2.0 script is obtained as a binary with wabt's
``wast2json`` (the session's ``wast2json_output``, see conftest), then:
well-formed ones must satisfy decode(encode(m)) == m with an idempotent
canonical encoding, and every ``(module binary ...)`` of an
``assert_malformed`` must raise ``DecodeError`` with the spec's message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wasmic.binary import decode_module, encode_module
from wasmic.errors import DecodeError

# wabt writes no data count section for a module whose only data segment
# use is in code (the spec's encoder does); those binaries are malformed.
WABT_WITHOUT_DATA_COUNT = {("memory_init.wast", 190), ("memory_init.wast", 227)}


def binary_commands(wast2json_output: Path, wast_path: Path):
    """(command, bytes) for each command of the script that carries a binary module."""
    folder = wast2json_output / wast_path.stem
    for command in json.loads((folder / "commands.json").read_text())["commands"]:
        filename = command.get("filename", "")
        if filename.endswith(".wasm"):
            yield command, (folder / filename).read_bytes()


def test_round_trip(wast2json_output, wast_path):
    checked = 0
    for command, data in binary_commands(wast2json_output, wast_path):
        if command["type"] == "assert_malformed":
            continue
        where = f"{wast_path.name}:{command['line']}"
        if (wast_path.name, command["line"]) in WABT_WITHOUT_DATA_COUNT:
            with pytest.raises(DecodeError, match="data count section required"):
                decode_module(data)
            continue
        module = decode_module(data)
        encoded = encode_module(module)
        assert decode_module(encoded) == module, where
        assert encode_module(decode_module(encoded)) == encoded, where
        assert len(encoded) <= len(data), where
        checked += 1
    if wast_path.name == "binary.wast":
        assert checked >= 20


def test_malformed_binaries_are_rejected(wast2json_output, wast_path):
    for command, data in binary_commands(wast2json_output, wast_path):
        if command["type"] != "assert_malformed" or command.get("module_type") != "binary":
            continue
        with pytest.raises(DecodeError) as info:
            decode_module(data)
        assert command["text"] in str(info.value), f"{wast_path.name}:{command['line']}"
