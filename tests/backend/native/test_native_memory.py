"""Linear memory in the native tier: bounds at the last byte, growth to the
maximum, bulk operations, data segments, and the buffer protocol."""

from __future__ import annotations

import pytest

from wasmic.runtime.trap import Trap, TrapCode

WAT = """(module
  (memory (export "mem") 1 3)
  (data (i32.const 65530) "\\01\\02\\03\\04\\05\\06")
  (data $passive "abcdef")
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "load64_off") (param i32) (result i64) local.get 0 i64.load offset=0xfffffff0)
  (func (export "load16_s") (param i32) (result i32) local.get 0 i32.load16_s)
  (func (export "store64") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func (export "storef32") (param i32 f32) local.get 0 local.get 1 f32.store)
  (func (export "loadf32") (param i32) (result f32) local.get 0 f32.load)
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $passive)
  (func (export "drop") data.drop $passive)
)"""


@pytest.fixture
def mem(native):
    return native.instantiate(WAT)


def trap_code(call, *args):
    with pytest.raises(Trap) as info:
        call(*args)
    return info.value.trap_code


def test_data_segment_and_last_byte(mem):
    assert mem["load8"](65535) == 6
    assert mem["load32"](65532) == 0x06050403
    assert trap_code(mem["load32"], 65533) == TrapCode.MEMORY_OUT_OF_BOUNDS
    assert trap_code(mem["load8"], 65536) == TrapCode.MEMORY_OUT_OF_BOUNDS
    assert trap_code(mem["load8"], -1) == TrapCode.MEMORY_OUT_OF_BOUNDS


def test_offset_does_not_wrap(mem):
    # address + offset is computed in 64 bits: 0x10 + 0xfffffff0 is 2**32, out of bounds
    assert trap_code(mem["load64_off"], 0x10) == TrapCode.MEMORY_OUT_OF_BOUNDS


def test_stores_and_sign_extension(mem):
    mem["store64"](8, -2)
    assert mem["load16_s"](8) == -2
    assert mem["load32"](12) == -1
    mem["storef32"](100, 1.5)
    assert mem["loadf32"](100) == 1.5
    assert trap_code(mem["store64"], 65529, 0) == TrapCode.MEMORY_OUT_OF_BOUNDS
    assert mem["load8"](65529) == 0  # a trapping store writes nothing


def test_grow_to_max(mem):
    assert mem["size"]() == 1
    assert mem["grow"](1) == 1
    assert mem["load8"](65536 * 2 - 1) == 0
    assert mem["grow"](2) == -1  # past the max of 3
    assert mem["grow"](1) == 2
    assert mem["size"]() == 3
    assert mem["grow"](0) == 3
    assert mem["grow"](1) == -1
    assert mem["mem"].pages == 3 and mem["mem"].data_len == 3 * 65536


def test_bulk_memory_bounds(mem):
    mem["fill"](10, 0xAB, 4)
    assert mem["load32"](10) == -0x54545455
    mem["copy"](20, 10, 4)
    assert mem["load32"](20) == mem["load32"](10)
    mem["fill"](65536, 0, 0)  # a zero-length access at the end is fine
    assert trap_code(mem["fill"], 65535, 0, 2) == TrapCode.MEMORY_OUT_OF_BOUNDS
    assert trap_code(mem["copy"], 0, 65535, 2) == TrapCode.MEMORY_OUT_OF_BOUNDS
    mem["init"](0, 2, 3)
    assert bytes(memoryview(mem["mem"])[0:3]) == b"cde"
    assert trap_code(mem["init"], 0, 4, 3) == TrapCode.MEMORY_OUT_OF_BOUNDS
    mem["drop"]()
    mem["init"](0, 0, 0)
    assert trap_code(mem["init"], 0, 0, 1) == TrapCode.MEMORY_OUT_OF_BOUNDS


def test_buffer_protocol_is_zero_copy(mem):
    view = memoryview(mem["mem"])
    assert len(view) == 65536 and not view.readonly
    view[200] = 42
    assert mem["load8"](200) == 42
    mem["store64"](300, 0x0102030405060708)
    assert bytes(view[300:308]) == bytes(range(8, 0, -1))


def test_grow_keeps_existing_views_valid(mem):
    view = memoryview(mem["mem"])
    view[0] = 7
    assert mem["grow"](2) == 1  # mapped memory never moves; elsewhere growth fails while viewed
    view[1] = 8
    assert mem["load8"](1) == 8 and len(view) == 65536
    assert len(memoryview(mem["mem"])) == 3 * 65536
    view.release()


def test_numpy_view(mem):
    import numpy
    array = numpy.frombuffer(mem["mem"], dtype=numpy.uint32)
    array[4] = 0xDEADBEEF
    assert mem["load32"](16) == -0x21524111


def test_memory_shared_between_instances(native):
    exporter = native.instantiate(WAT)
    importer = native.instantiate("""(module (import "m" "mem" (memory 1))
      (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u)
      (func (export "grow") (result i32) i32.const 1 memory.grow))""", [exporter["mem"]])
    assert importer["peek"](65535) == 6
    assert importer["grow"]() == 1
    assert exporter["size"]() == 2  # grown through the other instance


def test_memory_object_from_python(native):
    memory = native.types()["Memory"](1, 2)
    memoryview(memory)[5] = 9
    importer = native.instantiate("""(module (import "m" "mem" (memory 1 2))
      (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u))""", [memory])
    assert importer["peek"](5) == 9
    assert memory.grow(1) == 1 and memory.grow(1) == -1


def test_realloc_memory_refuses_to_grow_under_a_view(native):
    """Without an address-space reservation memory may move on growth, so it
    does not grow while a buffer is exported (growth fails as wasm allows)."""
    from wasmic.backend.native import runtime

    runtime().set_memory_mapping(False)
    try:
        exports = native.instantiate(WAT)
    finally:
        runtime().set_memory_mapping(True)
    view = memoryview(exports["mem"])
    assert exports["grow"](1) == -1
    view.release()
    assert exports["grow"](1) == 1
    assert exports["load8"](65535) == 6 and exports["load8"](2 * 65536 - 1) == 0


def test_static_size_bounds_keep_the_checks_they_must(native):
    """Generated code tells the C compiler that memory holds at least its
    declared (or imported) minimum and at most its maximum, so it can drop
    checks of accesses it proves in bounds; checks of constant addresses
    just past the minimum must stay, and pass once the memory grew."""
    wat = """(module (import "m" "mem" (memory 1 3))
      (func (export "last_of_min") (result i32) i32.const 65535 i32.load8_u)
      (func (export "past_min") (result i32) i32.const 65536 i32.load8_u)
      (func (export "straddling") (result i32) i32.const 65534 i32.load)
      (func (export "past_max") (result i32) i32.const 196608 i32.load8_u)
      (func (export "grow") (result i32) i32.const 1 memory.grow))"""
    memory = native.types()["Memory"](1, 3)
    exports = native.instantiate(wat, [memory])
    assert exports["last_of_min"]() == 0
    assert trap_code(exports["past_min"]) == TrapCode.MEMORY_OUT_OF_BOUNDS
    assert trap_code(exports["straddling"]) == TrapCode.MEMORY_OUT_OF_BOUNDS
    memory.grow(1)  # from Python, between calls
    memoryview(memory)[65536:65538] = b"\x07\x08"
    assert exports["past_min"]() == 7
    assert exports["straddling"]() == 0x0807_0000
    assert exports["grow"]() == 2
    assert trap_code(exports["past_max"]) == TrapCode.MEMORY_OUT_OF_BOUNDS


def test_an_imported_memory_bigger_than_its_import_type(native):
    """The static lower bound is the import's minimum; the memory behind it
    may be bigger, and all of it is accessible."""
    memory = native.types()["Memory"](4, None)
    exports = native.instantiate("""(module (import "m" "mem" (memory 1))
      (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u)
      (func (export "top") (result i32) i32.const 262143 i32.load8_u))""", [memory])
    memoryview(memory)[262143] = 5
    assert exports["top"]() == 5 and exports["peek"](262143) == 5
    assert trap_code(exports["peek"], 262144) == TrapCode.MEMORY_OUT_OF_BOUNDS
