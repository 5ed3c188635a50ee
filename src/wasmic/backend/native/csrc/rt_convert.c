/* rt_convert.c -- values between Python and wasm (the generic, by-type-code
 * path used by tables and globals; entries use the inline ones) and the
 * errors of the boundary: TypeError for a wrong Python type, WasmError for
 * a wrong argument count or an int out of range. */
#include "rt_internal.h"
#include <stdarg.h>

const char *rt_type_name(char type) {
    switch (type) {
    case WASMIC_I32: return "i32";
    case WASMIC_I64: return "i64";
    case WASMIC_F32: return "f32";
    case WASMIC_F64: return "f64";
    case WASMIC_FUNCREF: return "funcref";
    case WASMIC_EXTERNREF: return "externref";
    default: return "?";
    }
}

PyObject *rt_error(const char *format, ...) {
    va_list args;
    va_start(args, format);
    PyObject *message = PyUnicode_FromFormatV(format, args);
    va_end(args);
    if (message) {
        PyErr_SetObject(rt_wasm_error ? rt_wasm_error : PyExc_ValueError, message);
        Py_DECREF(message);
    }
    return NULL;
}

PyObject *rt_value_to_py(char type, wasmic_value v) {
    switch (type) {
    case WASMIC_I32: return wasmic_i32_py(v.i32);
    case WASMIC_I64: return wasmic_i64_py(v.i64);
    case WASMIC_F32: return wasmic_f32_py(v.f32);
    case WASMIC_F64: return wasmic_f64_py(v.f64);
    case WASMIC_FUNCREF: return rt_funcref_to_py(v.func);
    default: return wasmic_ext_py(v.ext);
    }
}

static int describe_failure(char type, PyObject *obj) {
    int is_number = PyLong_Check(obj) || (type != WASMIC_I32 && type != WASMIC_I64 && PyFloat_Check(obj));
    if ((type == WASMIC_I32 || type == WASMIC_I64) && PyLong_Check(obj)) {
        PyErr_Clear();
        rt_error("integer %R out of range for %s", obj, rt_type_name(type));
        return -1;
    }
    if (!is_number || !PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "expected %s, got %.100s", rt_type_name(type), Py_TYPE(obj)->tp_name);
    }
    return -1;
}

int rt_value_from_py(char type, PyObject *obj, wasmic_value *out) {
    int failed;
    memset(out, 0, sizeof *out);
    switch (type) {
    case WASMIC_I32: failed = wasmic_py_i32(obj, &out->i32); break;
    case WASMIC_I64: failed = wasmic_py_i64(obj, &out->i64); break;
    case WASMIC_F32: failed = wasmic_py_f32(obj, &out->f32); break;
    case WASMIC_F64: failed = wasmic_py_f64(obj, &out->f64); break;
    case WASMIC_FUNCREF:
        if (obj == Py_None) return 0;
        return rt_funcref_from_py(obj, &out->func);
    default: return wasmic_py_ext(obj, &out->ext);
    }
    return failed ? describe_failure(type, obj) : 0;
}

static PyObject *func_name(PyObject *func) {
    PyObject *name = PyObject_GetAttrString(func, "__name__");
    if (name == NULL) {
        PyErr_Clear();
        name = PyUnicode_FromString("?");
    }
    return name;
}

PyObject *rt_argc_error(PyObject *func, intptr_t got) {
    const wasmic_funcref *ref = WASMIC_FUNC_REF(func);
    PyObject *owner = (PyObject *)ref->owner;
    Py_ssize_t expected = -1;
    if (owner && Py_TYPE(owner) == &rt_instance_type) {
        const wasmic_module_desc *desc = ((rt_instance_obj *)owner)->inst->desc;
        expected = (Py_ssize_t)strlen(desc->types[desc->func_types[ref->func_index]].params);
    }
    PyObject *name = func_name(func);
    if (name) {
        rt_error("%U() takes %zd argument%s but %zd were given", name, expected,
                 expected == 1 ? "" : "s", (Py_ssize_t)got);
        Py_DECREF(name);
    }
    return NULL;
}

PyObject *rt_arg_error(PyObject *func, int index, char type, PyObject *got) {
    if (describe_failure(type, got) < 0 && PyErr_Occurred()) {
        PyObject *exc_type, *value, *tb;
        PyErr_Fetch(&exc_type, &value, &tb);
        PyObject *name = func_name(func);
        if (name && value) {
            PyErr_Format(exc_type, "argument %d of %U: %S", index, name, value);
            Py_XDECREF(exc_type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
        } else {
            PyErr_Restore(exc_type, value, tb);
        }
        Py_XDECREF(name);
    }
    return NULL;
}

void rt_result_error(PyObject *callable, int index, char type, PyObject *got) {
    if (index == -1) {
        PyErr_Format(PyExc_TypeError, "host function %R returned %.100s, expected None",
                     callable, Py_TYPE(got)->tp_name);
    } else if (index < -1) {
        PyErr_Format(PyExc_TypeError, "host function %R returned %.100s, expected a tuple of %d values",
                     callable, Py_TYPE(got)->tp_name, -index - 1);
    } else {
        describe_failure(type, got);
        PyObject *exc_type, *value, *tb;
        PyErr_Fetch(&exc_type, &value, &tb);
        if (value) {
            PyErr_Format(exc_type, "result %d of host function %R: %S", index, callable, value);
            Py_XDECREF(exc_type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
        } else {
            PyErr_Restore(exc_type, value, tb);
        }
    }
}

int rt_store_cell(PyObject *cells, int index, int writable, int optional, Py_buffer *view, void **out) {
    *out = NULL;
    view->obj = NULL;
    if (cells == NULL || cells == Py_None) return 0;
    if (PyObject_GetBuffer(cells, view, writable ? PyBUF_WRITABLE : PyBUF_SIMPLE) < 0) return -1;
    int aligned = (uintptr_t)view->buf % 8 == 0, long_enough = view->len >= 8 * (index + 1);
    if (aligned && long_enough) {
        *out = (uint64_t *)view->buf + index;
        return 0;
    }
    PyBuffer_Release(view);
    view->obj = NULL;
    if (aligned && optional) return 0;
    rt_error("expected an aligned buffer of at least %d 64-bit cells", index + 1);
    return -1;
}
