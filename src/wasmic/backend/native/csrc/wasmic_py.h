/* wasmic_py.h -- the Python side of the boundary, shared by each module's
 * glue file (entries, host trampolines) and the runtime.
 *
 * Conversions follow the public value rules: i32/i64 accept ints in
 * -2**(N-1) .. 2**N-1 (wrapped to the bit pattern) and come back signed;
 * f32/f64 accept floats and anything with __float__/__index__; a f32 NaN
 * keeps its payload bit-exactly both ways (a hardware float<->double
 * conversion would quiet a signalling NaN).  A failed conversion returns
 * nonzero and the caller reports it (TypeError for a wrong type, WasmError
 * for an int out of range).
 */
#ifndef WASMIC_PY_H
#define WASMIC_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "wasmic.h"

/* The C type of METH_FASTCALL functions (named differently across versions). */
typedef PyObject *(*wasmic_fastcall)(PyObject *self, PyObject *const *args, Py_ssize_t nargs);

/* A wasm function as a Python object: the `self` of export built-ins. */
typedef struct {
    PyObject_HEAD
    const wasmic_funcref *ref;
    PyObject *owner;   /* ref->owner, strong */
    PyObject *name;    /* str: what ml_name points into */
    PyMethodDef def;   /* METH_FASTCALL, ml_meth = ref->pycall */
    vectorcallfunc vectorcall;
} wasmic_func_obj;

#define WASMIC_FUNC_REF(self) (((wasmic_func_obj *)(self))->ref)

/* ---- f32 <-> double, NaN payloads kept ------------------------------------- */
WASMIC_INLINE double wasmic_f32_to_double(float f) {
    uint32_t b = wasmic_f32_bits(f);
    if (WASMIC_LIKELY((b & 0x7f800000u) != 0x7f800000u || (b & 0x007fffffu) == 0)) return (double)f;
    return wasmic_f64_from(((uint64_t)(b & 0x80000000u) << 32) | 0x7ff0000000000000ull
                           | ((uint64_t)(b & 0x007fffffu) << 29));
}

WASMIC_INLINE float wasmic_double_to_f32(double d) {
    uint64_t b = wasmic_f64_bits(d);
    uint32_t payload = (uint32_t)((b >> 29) & 0x007fffffu);
    if (WASMIC_LIKELY(d == d) || payload == 0) return (float)d;
    return wasmic_f32_from((uint32_t)((b >> 32) & 0x80000000u) | 0x7f800000u | payload);
}

/* ---- Python -> wasm ----------------------------------------------------------- */
WASMIC_INLINE int wasmic_py_i32(PyObject *o, uint32_t *out) {
    if (WASMIC_LIKELY(PyLong_Check(o))) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (!overflow && v >= -2147483648LL && v <= 4294967295LL) { *out = (uint32_t)v; return 0; }
    }
    return -1;
}

WASMIC_INLINE int wasmic_py_i64(PyObject *o, uint64_t *out) {
    if (WASMIC_LIKELY(PyLong_Check(o))) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (!overflow) { *out = (uint64_t)v; return 0; }
        if (overflow > 0) {
            unsigned long long u = PyLong_AsUnsignedLongLong(o);
            if (!(u == (unsigned long long)-1 && PyErr_Occurred())) { *out = u; return 0; }
            PyErr_Clear();
        }
    }
    return -1;
}

WASMIC_INLINE int wasmic_py_f64(PyObject *o, double *out) {
    if (WASMIC_LIKELY(PyFloat_CheckExact(o))) { *out = PyFloat_AS_DOUBLE(o); return 0; }
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred()) return -1;
    *out = d;
    return 0;
}

WASMIC_INLINE int wasmic_py_f32(PyObject *o, float *out) {
    double d;
    if (wasmic_py_f64(o, &d)) return -1;
    *out = wasmic_double_to_f32(d);
    return 0;
}

/* externref arguments are borrowed: the caller's reference outlives the call. */
WASMIC_INLINE int wasmic_py_ext(PyObject *o, wasmic_pyobj **out) {
    *out = o == Py_None ? NULL : o;
    return 0;
}

WASMIC_INLINE int wasmic_py_func(PyObject *o, const wasmic_funcref **out) {
    if (o == Py_None) { *out = NULL; return 0; }
    return WASMIC_RT->funcref_from_py(o, out);
}

/* ---- wasm -> Python (new references, NULL with an exception on failure) ----- */
WASMIC_INLINE PyObject *wasmic_i32_py(uint32_t v) { return PyLong_FromLong((long)(int32_t)v); }
WASMIC_INLINE PyObject *wasmic_i64_py(uint64_t v) { return PyLong_FromLongLong((long long)(int64_t)v); }
WASMIC_INLINE PyObject *wasmic_f32_py(float v) { return PyFloat_FromDouble(wasmic_f32_to_double(v)); }
WASMIC_INLINE PyObject *wasmic_f64_py(double v) { return PyFloat_FromDouble(v); }
WASMIC_INLINE PyObject *wasmic_ext_py(wasmic_pyobj *v) { PyObject *o = v ? v : Py_None; Py_INCREF(o); return o; }
WASMIC_INLINE PyObject *wasmic_func_py(const wasmic_funcref *v) { return WASMIC_RT->funcref_to_py(v); }

/* ---- host results: Python -> wasm, keeping references alive ----------------- */
/* A reference a host function returns must outlive the host call: the
 * runtime keeps it until no wasm runs on any thread. */
WASMIC_INLINE int wasmic_res_ext(PyObject *o, wasmic_pyobj **out) {
    PyObject *inner = WASMIC_RT->unwrap_val(o, 'e');
    if (inner == NULL) {
        if (PyErr_Occurred()) return -1;
        Py_INCREF(o);
        inner = o;
    }
    if (inner == Py_None) { Py_DECREF(inner); *out = NULL; return 0; }
    WASMIC_RT->keep(inner);
    *out = inner;
    return 0;
}

WASMIC_INLINE int wasmic_res_func(PyObject *o, const wasmic_funcref **out) {
    if (wasmic_py_func(o, out)) return -1;
    Py_INCREF(o);
    WASMIC_RT->keep(o);
    return 0;
}

/* A numeric host result: a plain number, or a Val of the result's type (as
 * on the Python tier); the Val check runs only when the plain one failed. */
#define WASMIC_NUMERIC_RESULT(field, ctype, code)                                  \
    WASMIC_INLINE int wasmic_res_##field(PyObject *o, ctype *out) {               \
        if (WASMIC_LIKELY(wasmic_py_##field(o, out) == 0)) return 0;              \
        PyObject *inner = WASMIC_RT->unwrap_val(o, code);                         \
        if (inner == NULL) return -1;                                              \
        int failed = wasmic_py_##field(inner, out);                                \
        Py_DECREF(inner);                                                          \
        return failed;                                                             \
    }
WASMIC_NUMERIC_RESULT(i32, uint32_t, 'i')
WASMIC_NUMERIC_RESULT(i64, uint64_t, 'I')
WASMIC_NUMERIC_RESULT(f32, float, 'f')
WASMIC_NUMERIC_RESULT(f64, double, 'F')

#endif
