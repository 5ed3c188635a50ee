/* as_boundary.c -- AssemblyScript values moved across the boundary in C.
 *
 * The pure-Python codecs (strings.py, arrays.py) spend most of a small
 * call's time in interpreter overhead between the allocations; this
 * extension does the same steps -- allocate with the module's __new, pin
 * what the next allocation could collect, write the payload and the
 * header fields -- without Python code in between.  The wasm functions are
 * still called through their public Python objects (the native tier's
 * vectorcall fast path), and memory is reached through the buffer protocol
 * of the object that owns the memory's bytes, taken afresh after every
 * allocation (an allocation may grow the memory) and never held across a
 * call into wasm.  Semantics are those of the Python codecs, which remain
 * the reference (and the path of the Python tier).
 *
 * A Boundary(store, new, pin, unpin, exporter) object serves one heap:
 *   string(text)                       -> address of a new String
 *   buffer(data, class_id)             -> a new object holding data's bytes
 *   view(data, class_id, header, count)-> a new ArrayBuffer holding data and a
 *       typed-array (header 12) or Array (header 16, `count` elements) over it
 *   numbers(values, code, class_id, header)
 *                                      -> the same from a list of numbers (NotImplemented:
 *                                         not plain numbers, the Python codecs decide)
 *   string_array(texts, class_id, header, nullable)
 *                                      -> an Array/StaticArray (header 0) of new Strings
 *   numbers_at(address, code, static) -> list of the numbers of an Array/StaticArray
 *   string_at(address)                 -> str, or None for 0
 *   strings_at(start, count)           -> list of the strings at `count` addresses
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define STRING_ID 2
#define BUFFER_ID 1
#define HEADER_SIZE 20 /* bytes of the object header before a payload */

static PyObject *wasm_error; /* wasmic.errors.WasmError, set by configure() */

typedef struct {
    PyObject_HEAD
    PyObject *store, *new_, *pin, *unpin, *exporter;
} Boundary;

/* ---- memory ------------------------------------------------------------- */

/* The memory's bytes [address, address + size) of objects just allocated,
 * through `view` (released by the caller); NULL with a WasmError when they
 * are out of bounds (only a broken or hostile __new gives such addresses). */
static uint8_t *reach(Boundary *b, uint64_t address, uint64_t size, Py_buffer *view) {
    if (PyObject_GetBuffer(b->exporter, view, PyBUF_WRITABLE) < 0) return NULL;
    if (address + size > (uint64_t)view->len) {
        PyBuffer_Release(view);
        PyErr_Format(wasm_error, "the module's allocator (__new) gave an object whose %llu bytes at %#llx "
                     "reach past the end of its memory (%zd bytes)",
                     (unsigned long long)size, (unsigned long long)address, view->len);
        return NULL;
    }
    return (uint8_t *)view->buf + address;
}

static void put_u32(uint8_t *at, uint32_t value) {
    at[0] = (uint8_t)value, at[1] = (uint8_t)(value >> 8), at[2] = (uint8_t)(value >> 16), at[3] = (uint8_t)(value >> 24);
}

static uint32_t get_u32(const uint8_t *at) {
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

/* ---- calls into wasm ------------------------------------------------------ */

/* func(store, a[, b]) as an unsigned 32-bit result; -1 with an exception. */
static int64_t call_wasm(Boundary *b, PyObject *func, uint64_t a, int has_b, uint32_t second) {
    PyObject *args[3] = {b->store, PyLong_FromUnsignedLongLong(a), has_b ? PyLong_FromUnsignedLong(second) : NULL};
    if (args[1] == NULL || (has_b && args[2] == NULL)) {
        Py_XDECREF(args[1]);
        Py_XDECREF(args[2]);
        return -1;
    }
    PyObject *result = PyObject_Vectorcall(func, args, has_b ? 3 : 2, NULL);
    Py_DECREF(args[1]);
    Py_XDECREF(args[2]);
    if (result == NULL) return -1;
    int64_t value = 0;
    if (result != Py_None) {
        long long signed_value = PyLong_AsLongLong(result);
        value = signed_value == -1 && PyErr_Occurred() ? -1 : (int64_t)((uint64_t)signed_value & 0xFFFFFFFFu);
    }
    Py_DECREF(result);
    return value;
}

/* A new unpinned object of `size` payload bytes and class `id`; -1 with an exception. */
static int64_t alloc(Boundary *b, uint64_t size, uint32_t id) {
    if (size > 0xFFFFFFFFu - HEADER_SIZE) {
        PyErr_Format(wasm_error, "an object of %llu bytes does not fit a 32-bit memory", (unsigned long long)size);
        return -1;
    }
    return call_wasm(b, b->new_, size, 1, id);
}

static int pin(Boundary *b, uint32_t address) { return call_wasm(b, b->pin, address, 0, 0) < 0 ? -1 : 0; }

/* Undo pin(), keeping a pending exception (the error that made us unpin) first. */
static int unpin(Boundary *b, uint32_t address) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    int failed = call_wasm(b, b->unpin, address, 0, 0) < 0;
    if (type != NULL) {
        if (failed) PyErr_Clear();
        PyErr_Restore(type, value, traceback);
        return -1;
    }
    return failed ? -1 : 0;
}

/* ---- strings -------------------------------------------------------------- */

/* UTF-16 code units of `text`: astral characters take two, lone surrogates
 * (kept, as the surrogatepass codec does) one. */
static Py_ssize_t utf16_units(PyObject *text) {
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), units = length;
    if (PyUnicode_KIND(text) == PyUnicode_4BYTE_KIND) {
        const Py_UCS4 *chars = PyUnicode_4BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < length; i++) units += chars[i] > 0xFFFF;
    }
    return units;
}

static void write_utf16(uint8_t *out, PyObject *text) {
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: {
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < length; i++) out[2 * i] = chars[i], out[2 * i + 1] = 0;
        break;
    }
    case PyUnicode_2BYTE_KIND: {
        const Py_UCS2 *chars = PyUnicode_2BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < length; i++) out[2 * i] = (uint8_t)chars[i], out[2 * i + 1] = (uint8_t)(chars[i] >> 8);
        break;
    }
    default: {
        const Py_UCS4 *chars = PyUnicode_4BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < length; i++) {
            Py_UCS4 c = chars[i];
            if (c > 0xFFFF) {
                Py_UCS4 high = 0xD800 + ((c - 0x10000) >> 10), low = 0xDC00 + ((c - 0x10000) & 0x3FF);
                *out++ = (uint8_t)high, *out++ = (uint8_t)(high >> 8);
                c = low;
            }
            *out++ = (uint8_t)c, *out++ = (uint8_t)(c >> 8);
        }
    }
    }
}

/* A new String holding `text` (a str); -1 with an exception. */
static int64_t new_string(Boundary *b, PyObject *text) {
    if (PyUnicode_READY(text) < 0) return -1;
    uint64_t size = 2 * (uint64_t)utf16_units(text);
    int64_t address = alloc(b, size, STRING_ID);
    if (address < 0) return -1;
    Py_buffer view;
    uint8_t *at = reach(b, (uint64_t)address, size, &view);
    if (at == NULL) return -1;
    write_utf16(at, text);
    PyBuffer_Release(&view);
    return address;
}

static PyObject *decode_string(const uint8_t *memory, Py_ssize_t memory_size, uint32_t address) {
    if (address < HEADER_SIZE || (Py_ssize_t)address > memory_size)
        return PyErr_Format(PyExc_IndexError, "no string at %#x in a memory of %zd bytes", address, memory_size);
    uint32_t size = get_u32(memory + address - 4);
    if ((uint64_t)address + size > (uint64_t)memory_size)
        return PyErr_Format(PyExc_IndexError, "the string at %#x reaches past the end of memory", address);
    if (size & 1) return PyErr_Format(PyExc_ValueError, "the string at %#x has an odd byte length", address);
    int byteorder = -1; /* little-endian */
    return PyUnicode_DecodeUTF16((const char *)memory + address, size, "surrogatepass", &byteorder);
}

/* ---- the Boundary type ------------------------------------------------------- */

static int boundary_init(Boundary *self, PyObject *args, PyObject *kwargs) {
    PyObject *store, *new_, *pin_, *unpin_, *exporter;
    static char *names[] = {"store", "new", "pin", "unpin", "exporter", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOOO:Boundary", names, &store, &new_, &pin_, &unpin_, &exporter))
        return -1;
    if (!PyObject_CheckBuffer(exporter)) {
        PyErr_SetString(PyExc_TypeError, "Boundary: the exporter must support the buffer protocol");
        return -1;
    }
    PyObject *olds[] = {self->store, self->new_, self->pin, self->unpin, self->exporter};
    Py_INCREF(store), Py_INCREF(new_), Py_INCREF(pin_), Py_INCREF(unpin_), Py_INCREF(exporter);
    self->store = store, self->new_ = new_, self->pin = pin_, self->unpin = unpin_, self->exporter = exporter;
    for (size_t i = 0; i < sizeof olds / sizeof olds[0]; i++) Py_XDECREF(olds[i]);
    return 0;
}

static int boundary_traverse(Boundary *self, visitproc visit, void *arg) {
    Py_VISIT(self->store);
    Py_VISIT(self->new_);
    Py_VISIT(self->pin);
    Py_VISIT(self->unpin);
    Py_VISIT(self->exporter);
    return 0;
}

static int boundary_clear(Boundary *self) {
    Py_CLEAR(self->store);
    Py_CLEAR(self->new_);
    Py_CLEAR(self->pin);
    Py_CLEAR(self->unpin);
    Py_CLEAR(self->exporter);
    return 0;
}

static void boundary_dealloc(Boundary *self) {
    PyObject_GC_UnTrack(self);
    boundary_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int ready(Boundary *self) {
    if (self->new_ != NULL) return 1;
    PyErr_SetString(PyExc_RuntimeError, "Boundary used before __init__");
    return 0;
}

static int parse_u32(PyObject *obj, uint32_t *out, const char *what) {
    unsigned long long value = PyLong_AsUnsignedLongLong(obj);
    if (value == (unsigned long long)-1 && PyErr_Occurred()) return -1;
    if (value > 0xFFFFFFFFu) {
        PyErr_Format(PyExc_OverflowError, "%s %llu is not a 32-bit unsigned integer", what, value);
        return -1;
    }
    *out = (uint32_t)value;
    return 0;
}

static PyObject *expect_str(PyObject *obj) {
    return PyErr_Format(PyExc_TypeError, "expected a str, got %s", Py_TYPE(obj)->tp_name);
}

static PyObject *boundary_string(Boundary *self, PyObject *text) {
    if (!ready(self)) return NULL;
    if (!PyUnicode_Check(text)) return expect_str(text);
    int64_t address = new_string(self, text);
    return address < 0 ? NULL : PyLong_FromLongLong(address);
}

/* A new object of class `id` holding the bytes of `data`; -1 with an exception. */
static int64_t new_filled(Boundary *b, Py_buffer *data, uint32_t id) {
    int64_t address = alloc(b, (uint64_t)data->len, id);
    if (address < 0) return -1;
    Py_buffer view;
    uint8_t *at = reach(b, (uint64_t)address, (uint64_t)data->len, &view);
    if (at == NULL) return -1;
    memcpy(at, data->buf, (size_t)data->len);
    PyBuffer_Release(&view);
    return address;
}

static PyObject *boundary_buffer(Boundary *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t id;
    Py_buffer data;
    if (!ready(self)) return NULL;
    if (nargs != 2) return PyErr_Format(PyExc_TypeError, "buffer(data, class_id) takes 2 arguments (%zd given)", nargs);
    if (parse_u32(args[1], &id, "class id") < 0 || PyObject_GetBuffer(args[0], &data, PyBUF_C_CONTIGUOUS) < 0) return NULL;
    int64_t address = new_filled(self, &data, id);
    PyBuffer_Release(&data);
    return address < 0 ? NULL : PyLong_FromLongLong(address);
}

/* A new ArrayBuffer of `size` bytes (copied from `data` unless NULL: zeros)
 * and a new `header`-byte object of class `id` over it (the buffer pinned
 * while the header is allocated); the header's address, -1 with an exception. */
static int64_t new_view(Boundary *b, const void *data, uint64_t size, uint32_t id, uint32_t header, uint32_t count) {
    int64_t buffer = alloc(b, size, BUFFER_ID);
    if (buffer < 0 || pin(b, (uint32_t)buffer) < 0) return -1;
    int64_t object = alloc(b, header, id);
    if (unpin(b, (uint32_t)buffer) < 0) return -1;
    uint64_t buffer_end = (uint64_t)buffer + size, object_end = (uint64_t)object + header;
    Py_buffer view;
    uint8_t *memory = reach(b, 0, buffer_end > object_end ? buffer_end : object_end, &view);
    if (memory == NULL) return -1;
    if (data != NULL) memcpy(memory + buffer, data, (size_t)size);
    put_u32(memory + object, (uint32_t)buffer);     /* buffer */
    put_u32(memory + object + 4, (uint32_t)buffer); /* dataStart */
    put_u32(memory + object + 8, (uint32_t)size);   /* byteLength (an Array's capacity) */
    if (header >= 16) put_u32(memory + object + 12, count); /* an Array's length */
    PyBuffer_Release(&view);
    return object;
}

static int header_size(PyObject *obj, uint32_t *out) {
    if (parse_u32(obj, out, "header size") < 0) return -1;
    if (*out == 0 || *out == 12 || *out == 16) return 0;
    PyErr_Format(PyExc_ValueError, "header size %u is none of 0 (StaticArray), 12 (typed array), 16 (Array)", *out);
    return -1;
}

static PyObject *boundary_view(Boundary *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t id, header, count;
    Py_buffer data;
    if (!ready(self)) return NULL;
    if (nargs != 4)
        return PyErr_Format(PyExc_TypeError, "view(data, class_id, header, count) takes 4 arguments (%zd given)", nargs);
    if (parse_u32(args[1], &id, "class id") < 0 || header_size(args[2], &header) < 0 ||
        parse_u32(args[3], &count, "element count") < 0)
        return NULL;
    if (header == 0) return PyErr_Format(PyExc_ValueError, "view() needs a header of 12 or 16 bytes");
    if (PyObject_GetBuffer(args[0], &data, PyBUF_C_CONTIGUOUS) < 0) return NULL;
    int64_t object = new_view(self, data.buf, (uint64_t)data.len, id, header, count);
    PyBuffer_Release(&data);
    return object < 0 ? NULL : PyLong_FromLongLong(object);
}

/* ---- numbers --------------------------------------------------------------- */

/* Size of the elements of struct/array code `code`, 0 if unsupported. */
static int element_size(int code) {
    switch (code) {
    case 'b': case 'B': return 1;
    case 'h': case 'H': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'q': case 'Q': case 'd': return 8;
    default: return 0;
    }
}

/* Convert `item` as an element of `code` to little-endian bytes at `out`:
 * only exact ints in range and exact floats (for float codes), the cases
 * where array.array gives the same bytes without a question; 0 for
 * anything else (the Python codecs then convert, or report the error). */
static int put_number(uint8_t *out, int code, PyObject *item) {
    uint64_t bits;
    if (code == 'f' || code == 'd') {
        double value;
        if (PyFloat_CheckExact(item)) {
            value = PyFloat_AS_DOUBLE(item);
        } else if (PyLong_CheckExact(item)) {
            value = PyLong_AsDouble(item);
            if (value == -1.0 && PyErr_Occurred()) return PyErr_Clear(), 0;
        } else {
            return 0;
        }
        if (code == 'f') {
            float single = (float)value;
            uint32_t word;
            memcpy(&word, &single, 4);
            put_u32(out, word);
            return 1;
        }
        memcpy(&bits, &value, 8);
    } else {
        if (!PyLong_CheckExact(item)) return 0;
        int overflow;
        long long value = PyLong_AsLongLongAndOverflow(item, &overflow);
        if (value == -1 && PyErr_Occurred()) return PyErr_Clear(), 0;
        if (overflow > 0 && code == 'Q') {
            unsigned long long big = PyLong_AsUnsignedLongLong(item);
            if (big == (unsigned long long)-1 && PyErr_Occurred()) return PyErr_Clear(), 0;
            bits = big;
        } else if (overflow) {
            return 0;
        } else {
            switch (code) {
            case 'b': if (value < -128 || value > 127) return 0; break;
            case 'B': if (value < 0 || value > 255) return 0; break;
            case 'h': if (value < -32768 || value > 32767) return 0; break;
            case 'H': if (value < 0 || value > 65535) return 0; break;
            case 'i': if (value < INT32_MIN || value > INT32_MAX) return 0; break;
            case 'I': case 'Q': if (value < 0 || (code == 'I' && value > 0xFFFFFFFFLL)) return 0; break;
            default: break;
            }
            bits = (uint64_t)value;
        }
    }
    for (int i = 0, size = element_size(code); i < size; i++) out[i] = (uint8_t)(bits >> (8 * i));
    return 1;
}

static PyObject *boundary_numbers(Boundary *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t id, header;
    if (!ready(self)) return NULL;
    if (nargs != 4)
        return PyErr_Format(PyExc_TypeError, "numbers(values, code, class_id, header) takes 4 arguments (%zd given)", nargs);
    PyObject *values = args[0];
    Py_ssize_t code_length;
    const char *code_text = PyUnicode_Check(args[1]) ? PyUnicode_AsUTF8AndSize(args[1], &code_length) : NULL;
    int size = code_text && code_length == 1 ? element_size(code_text[0]) : 0;
    if (size == 0) return PyErr_Format(PyExc_ValueError, "numbers(): unsupported element code %R", args[1]);
    if (parse_u32(args[2], &id, "class id") < 0 || header_size(args[3], &header) < 0) return NULL;
    if (!PyList_CheckExact(values) && !PyTuple_CheckExact(values)) Py_RETURN_NOTIMPLEMENTED;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(values);
    PyObject **items = PySequence_Fast_ITEMS(values);
    uint64_t bytes = (uint64_t)count * (uint64_t)size;
    uint8_t small[1024], *data = bytes <= sizeof small ? small : PyMem_Malloc(bytes ? bytes : 1);
    if (data == NULL) return PyErr_NoMemory();
    Py_ssize_t done = 0;
    while (done < count && put_number(data + done * size, code_text[0], items[done])) done++;
    int64_t object = -2;
    if (done == count) {
        if (header == 0) {
            Py_buffer filled = {.buf = data, .len = (Py_ssize_t)bytes};
            object = new_filled(self, &filled, id);
        } else {
            object = new_view(self, data, bytes, id, header, (uint32_t)count);
        }
    }
    if (data != small) PyMem_Free(data);
    if (object == -2) Py_RETURN_NOTIMPLEMENTED;
    return object < 0 ? NULL : PyLong_FromLongLong(object);
}

/* The element of `code` at `at` as a Python number (bool for '?'). */
static PyObject *get_number(const uint8_t *at, int code) {
    uint64_t bits = 0;
    int size = code == '?' ? 1 : element_size(code);
    for (int i = 0; i < size; i++) bits |= (uint64_t)at[i] << (8 * i);
    switch (code) {
    case '?': return PyBool_FromLong(bits != 0);
    case 'b': return PyLong_FromLong((int8_t)bits);
    case 'h': return PyLong_FromLong((int16_t)bits);
    case 'i': return PyLong_FromLong((int32_t)bits);
    case 'q': return PyLong_FromLongLong((int64_t)bits);
    case 'f': {
        float single;
        uint32_t word = (uint32_t)bits;
        memcpy(&single, &word, 4);
        return PyFloat_FromDouble(single);
    }
    case 'd': {
        double value;
        memcpy(&value, &bits, 8);
        return PyFloat_FromDouble(value);
    }
    default: return PyLong_FromUnsignedLongLong(bits); /* B H I Q */
    }
}

static PyObject *boundary_numbers_at(Boundary *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t address;
    Py_buffer view;
    if (!ready(self)) return NULL;
    if (nargs != 3)
        return PyErr_Format(PyExc_TypeError, "numbers_at(address, code, static) takes 3 arguments (%zd given)", nargs);
    Py_ssize_t code_length;
    const char *code_text = PyUnicode_Check(args[1]) ? PyUnicode_AsUTF8AndSize(args[1], &code_length) : NULL;
    int code = code_text && code_length == 1 ? code_text[0] : 0, size = code == '?' ? 1 : element_size(code);
    int is_static = PyObject_IsTrue(args[2]);
    if (size == 0) return PyErr_Format(PyExc_ValueError, "numbers_at(): unsupported element code %R", args[1]);
    if (is_static < 0 || parse_u32(args[0], &address, "address") < 0) return NULL;
    if (address == 0) Py_RETURN_NONE;
    if (PyObject_GetBuffer(self->exporter, &view, PyBUF_SIMPLE) < 0) return NULL;
    const uint8_t *memory = view.buf;
    uint64_t start = 0, count = 0, limit = (uint64_t)view.len;
    PyObject *list = NULL;
    if (address < HEADER_SIZE || (uint64_t)address + (is_static ? 0 : 16) > limit) {
        PyErr_Format(PyExc_IndexError, "no array at %#x in a memory of %zd bytes", address, view.len);
    } else {
        if (is_static) start = address, count = get_u32(memory + address - 4) / (uint32_t)size;
        else start = get_u32(memory + address + 4), count = get_u32(memory + address + 12);
        if (start + count * (uint64_t)size > limit)
            PyErr_Format(PyExc_IndexError, "the array at %#x reaches past the end of memory", address);
        else
            list = PyList_New((Py_ssize_t)count);
    }
    for (uint64_t i = 0; list != NULL && i < count; i++) {
        PyObject *item = get_number(memory + start + i * (uint64_t)size, code);
        if (item == NULL) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    PyBuffer_Release(&view);
    return list;
}

/* Store a new String for each of `texts` at `slots + 4 * i` (the array
 * holding the slots is pinned, so each string is reachable once stored). */
static int store_strings(Boundary *b, PyObject *texts, uint32_t slots, int nullable) {
    Py_ssize_t count = PySequence_Fast_GET_SIZE(texts);
    PyObject **items = PySequence_Fast_ITEMS(texts);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *text = items[i];
        if (text == Py_None) {
            if (nullable) continue; /* the slot holds 0 already */
            PyErr_Format(PyExc_TypeError, "element %zd: String must not be None (the type is not nullable)", i);
            return -1;
        }
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "expected a str element, got %s", Py_TYPE(text)->tp_name);
            return -1;
        }
        int64_t address = new_string(b, text);
        if (address < 0) return -1;
        Py_buffer view;
        uint8_t *at = reach(b, slots + 4 * (uint64_t)i, 4, &view);
        if (at == NULL) return -1;
        put_u32(at, (uint32_t)address);
        PyBuffer_Release(&view);
    }
    return 0;
}

static PyObject *boundary_string_array(Boundary *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t id, header;
    if (!ready(self)) return NULL;
    if (nargs != 4)
        return PyErr_Format(PyExc_TypeError, "string_array(texts, class_id, header, nullable) takes 4 arguments (%zd given)", nargs);
    int nullable = PyObject_IsTrue(args[3]);
    if (nullable < 0 || parse_u32(args[1], &id, "class id") < 0 || header_size(args[2], &header) < 0) return NULL;
    if (PyUnicode_Check(args[0]) || PyBytes_Check(args[0]))
        return PyErr_Format(PyExc_TypeError, "expected a sequence of str, got %s", Py_TYPE(args[0])->tp_name);
    PyObject *texts = PySequence_Fast(args[0], "expected a sequence of str");
    if (texts == NULL) return NULL;
    uint64_t size = 4 * (uint64_t)PySequence_Fast_GET_SIZE(texts);
    int64_t object, slots;
    if (header == 0) { /* a StaticArray holds its slots: nulls until stored */
        object = slots = alloc(self, size, id);
        Py_buffer view;
        uint8_t *at = object < 0 ? NULL : reach(self, (uint64_t)object, size, &view);
        if (at == NULL) {
            object = -1;
        } else {
            memset(at, 0, (size_t)size);
            PyBuffer_Release(&view);
        }
    } else {
        object = new_view(self, NULL, size, id, header, (uint32_t)(size / 4));
        slots = -1;
        if (object >= 0) {
            Py_buffer view;
            uint8_t *at = reach(self, (uint64_t)object + 4, 4, &view);
            if (at != NULL) {
                slots = get_u32(at);
                PyBuffer_Release(&view);
            }
        }
    }
    if (object < 0 || slots < 0 || pin(self, (uint32_t)object) < 0) {
        Py_DECREF(texts);
        return NULL;
    }
    int failed = store_strings(self, texts, (uint32_t)slots, nullable) < 0;
    Py_DECREF(texts);
    if (unpin(self, (uint32_t)object) < 0 || failed) return NULL;
    return PyLong_FromLongLong(object);
}

static PyObject *boundary_string_at(Boundary *self, PyObject *address_obj) {
    uint32_t address;
    Py_buffer view;
    if (!ready(self) || parse_u32(address_obj, &address, "address") < 0) return NULL;
    if (address == 0) Py_RETURN_NONE;
    if (PyObject_GetBuffer(self->exporter, &view, PyBUF_SIMPLE) < 0) return NULL;
    PyObject *text = decode_string(view.buf, view.len, address);
    PyBuffer_Release(&view);
    return text;
}

static PyObject *boundary_strings_at(Boundary *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t start, count;
    Py_buffer view;
    if (!ready(self)) return NULL;
    if (nargs != 2) return PyErr_Format(PyExc_TypeError, "strings_at(start, count) takes 2 arguments (%zd given)", nargs);
    if (parse_u32(args[0], &start, "address") < 0 || parse_u32(args[1], &count, "count") < 0) return NULL;
    if (PyObject_GetBuffer(self->exporter, &view, PyBUF_SIMPLE) < 0) return NULL;
    PyObject *list = NULL;
    const uint8_t *memory = view.buf;
    if ((uint64_t)start + 4 * (uint64_t)count > (uint64_t)view.len) {
        PyErr_Format(PyExc_IndexError, "the array at %#x reaches past the end of memory", start);
    } else if ((list = PyList_New(count)) != NULL) {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t address = get_u32(memory + start + 4 * (uint64_t)i);
            PyObject *text = address ? decode_string(memory, view.len, address) : Py_NewRef(Py_None);
            if (text == NULL) {
                Py_CLEAR(list);
                break;
            }
            PyList_SET_ITEM(list, i, text);
        }
    }
    PyBuffer_Release(&view);
    return list;
}

static PyMethodDef boundary_methods[] = {
    {"string", (PyCFunction)boundary_string, METH_O, "A new String holding text; its address."},
    {"buffer", (PyCFunction)(void (*)(void))boundary_buffer, METH_FASTCALL,
     "buffer(data, class_id): a new object of class_id holding data's bytes; its address."},
    {"view", (PyCFunction)(void (*)(void))boundary_view, METH_FASTCALL,
     "view(data, class_id, header, count): a new ArrayBuffer holding data and a typed array (header 12) "
     "or Array (header 16) of count elements over it; the view object's address."},
    {"numbers", (PyCFunction)(void (*)(void))boundary_numbers, METH_FASTCALL,
     "numbers(values, code, class_id, header): a new StaticArray (header 0), typed array (12) or Array (16) "
     "of the numbers in the list or tuple values, as elements of struct code; NotImplemented when an element "
     "is not an exact int in range or float (the Python codecs then convert or report it)."},
    {"numbers_at", (PyCFunction)(void (*)(void))boundary_numbers_at, METH_FASTCALL,
     "numbers_at(address, code, static): the numbers of the Array (or StaticArray) at address, as a list."},
    {"string_array", (PyCFunction)(void (*)(void))boundary_string_array, METH_FASTCALL,
     "string_array(texts, class_id, header, nullable): a new Array (header 16) or StaticArray (header 0) "
     "of new Strings; its address."},
    {"string_at", (PyCFunction)boundary_string_at, METH_O, "The str at an address (None for 0)."},
    {"strings_at", (PyCFunction)(void (*)(void))boundary_strings_at, METH_FASTCALL,
     "strings_at(start, count): the strings at the count addresses stored from start."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject boundary_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_wasmic_as_boundary.Boundary",
    .tp_basicsize = sizeof(Boundary),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "AssemblyScript values written to and read from one instance's heap in C.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)boundary_init,
    .tp_traverse = (traverseproc)boundary_traverse,
    .tp_clear = (inquiry)boundary_clear,
    .tp_dealloc = (destructor)boundary_dealloc,
    .tp_methods = boundary_methods,
};

static PyObject *configure(PyObject *module, PyObject *error) {
    (void)module;
    Py_XSETREF(wasm_error, Py_NewRef(error));
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"configure", configure, METH_O, "configure(WasmError): the exception raised for objects too big for memory."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_wasmic_as_boundary",
    "AssemblyScript values across the wasm boundary, in C (see wasmic.assemblyscript.accelerator).",
    -1, module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__wasmic_as_boundary(void) {
    if (PyType_Ready(&boundary_type) < 0) return NULL;
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) return NULL;
    if (PyModule_AddObjectRef(module, "Boundary", (PyObject *)&boundary_type) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    wasm_error = Py_NewRef(PyExc_RuntimeError);
    return module;
}
