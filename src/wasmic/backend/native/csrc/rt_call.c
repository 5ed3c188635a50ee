/* rt_call.c -- the public Func's call, `func(store, *args)`, in C for
 * native functions.
 *
 * make_func_class(base, val_type) makes a subclass of the runtime's Python class for
 * native functions (wasmic.runtime.native_func.NativeFunc, whose state is
 * in __slots__) that adds only a vectorcall entry point.  A call whose
 * first argument is the function's own store (its `_store` slot) and whose
 * arguments are plain ints and floats in range goes straight to the
 * generated entry of the function held in the `_fast` slot: no Python code
 * runs; several results come back as a list, as the public API wants.
 * Every other call -- a Caller as the store, another store, a Val, a wrong
 * count or type, a signature with function references (`_fast` is None)
 * -- goes to the base class's Python __call__, which checks and converts
 * and reports errors, so both paths behave the same.
 *
 * The subclass inherits everything else (slots, GC, dealloc) from the
 * Python base, so it owns no references of its own.
 */
#include "rt_internal.h"
#include <structmember.h>

static Py_ssize_t store_offset, fast_offset; /* of the `_store` and `_fast` slots */
static PyObject *slow_call;                  /* the base's __call__(self, store, *args) */
static PyObject *val_type;                   /* wasmic's Val: always converted in Python */

#define SLOT(self, offset) (*(PyObject **)((char *)(self) + (offset)))

/* Whether the entry converts `o` as a `code` argument exactly as the
 * public rules do, without any error. */
static int plain_argument(char code, PyObject *o) {
    int overflow;
    long long v;
    if (code == WASMIC_EXTERNREF) return Py_TYPE(o) != (PyTypeObject *)val_type;
    if (PyFloat_CheckExact(o)) return code == WASMIC_F32 || code == WASMIC_F64;
    if (!PyLong_CheckExact(o)) return 0;
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow) return 0;
    switch (code) {
    case WASMIC_I32: return v >= -2147483648LL && v <= 4294967295LL;
    case WASMIC_I64: return 1;
    case WASMIC_F32: case WASMIC_F64: return v >= -(1LL << 53) && v <= (1LL << 53);
    default: return 0;
    }
}

static const wasmic_type *type_of(const wasmic_funcref *ref) {
    PyObject *owner = (PyObject *)ref->owner;
    if (owner == NULL || Py_TYPE(owner) != &rt_instance_type) return NULL;
    const wasmic_module_desc *desc = ((rt_instance_obj *)owner)->inst->desc;
    return &desc->types[desc->func_types[ref->func_index]];
}

/* The entry returns several results as a tuple; the public call, a list. */
static PyObject *as_list(PyObject *results) {
    if (results == NULL) return NULL;
    PyObject *list = PySequence_List(results);
    Py_DECREF(results);
    return list;
}

static PyObject *call_slow(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    Py_ssize_t n = PyVectorcall_NARGS(nargsf), total = n + (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
    PyObject *small[8], **stack = total < 8 ? small : PyMem_Malloc((size_t)(total + 1) * sizeof(PyObject *));
    if (stack == NULL) return PyErr_NoMemory();
    stack[0] = self;
    memcpy(stack + 1, args, (size_t)total * sizeof(PyObject *));
    PyObject *result = PyObject_Vectorcall(slow_call, stack, (size_t)(n + 1), kwnames);
    if (stack != small) PyMem_Free(stack);
    return result;
}

static PyObject *func_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    Py_ssize_t n = PyVectorcall_NARGS(nargsf);
    PyObject *fast = SLOT(self, fast_offset);
    if (n >= 1 && kwnames == NULL && fast != NULL && Py_TYPE(fast) == &rt_func_type &&
        args[0] == SLOT(self, store_offset)) {
        const wasmic_funcref *ref = WASMIC_FUNC_REF(fast);
        const wasmic_type *type = ref ? type_of(ref) : NULL;
        if (type) {
            const char *params = type->params;
            Py_ssize_t i = 0;
            while (i < n - 1 && params[i] && plain_argument(params[i], args[i + 1])) i++;
            if (i == n - 1 && params[i] == '\0') {
                PyObject *results = ((wasmic_fastcall)ref->pycall)(fast, args + 1, n - 1);
                return type->results[0] && type->results[1] ? as_list(results) : results;
            }
        }
    }
    return call_slow(self, args, nargsf, kwnames);
}

static PyObject *func_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    (void)args; (void)kwargs;
    PyObject *self = type->tp_alloc(type, 0);
    if (self) *(vectorcallfunc *)((char *)self + type->tp_vectorcall_offset) = func_call;
    return self;
}

static int slot_offset(PyObject *base, const char *name, Py_ssize_t *out) {
    PyObject *descr = PyObject_GetAttrString(base, name);
    if (descr == NULL) return -1;
    int ok = Py_TYPE(descr) == &PyMemberDescr_Type &&
             ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
    if (ok) *out = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    if (!ok) PyErr_Format(PyExc_TypeError, "make_func_class: %s must be a __slots__ attribute", name);
    return ok ? 0 : -1;
}

PyObject *rt_make_func_class(PyObject *module, PyObject *args) {
    PyObject *base, *val;
    (void)module;
    if (!PyArg_ParseTuple(args, "O!O!:make_func_class", &PyType_Type, &base, &PyType_Type, &val)) return NULL;
    if (slow_call) return PyErr_Format(PyExc_RuntimeError, "make_func_class was called already");
    if (slot_offset(base, "_store", &store_offset) < 0 || slot_offset(base, "_fast", &fast_offset) < 0)
        return NULL;
    PyObject *call = PyObject_GetAttrString(base, "__call__");
    if (call == NULL) return NULL;
    Py_ssize_t basic = ((PyTypeObject *)base)->tp_basicsize;
    static PyMemberDef members[] = {{"__vectorcalloffset__", T_PYSSIZET, 0, READONLY, NULL}, {NULL, 0, 0, 0, NULL}};
    members[0].offset = basic;
    PyType_Slot slots[] = {
        {Py_tp_call, (void *)PyVectorcall_Call},
        {Py_tp_new, (void *)func_new},
        {Py_tp_members, members},
        {Py_tp_doc, "A function of a native instance, called from Python without Python code."},
        {0, NULL},
    };
    PyType_Spec spec = {"wasmic.runtime.native_func.NativeFunc", (int)(basic + sizeof(vectorcallfunc)), 0,
                        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_IMMUTABLETYPE, slots};
    PyObject *cls = PyType_FromSpecWithBases(&spec, base);
    if (cls == NULL) {
        Py_DECREF(call);
        return NULL;
    }
    slow_call = call;
    Py_INCREF(val);
    val_type = val;
    return cls;
}

PyObject *rt_unwrap_val(PyObject *obj, char type) {
    static const char *const kinds[][2] = {{"i", "i32"}, {"I", "i64"}, {"f", "f32"}, {"F", "f64"},
                                           {"r", "funcref"}, {"e", "externref"}};
    if (val_type == NULL || !PyObject_TypeCheck(obj, (PyTypeObject *)val_type)) return NULL;
    PyErr_Clear(); /* the failed plain conversion's error, if any */
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i][0][0] == type) return PyObject_CallMethod(obj, "_unwrap_as", "s", kinds[i][1]);
    return PyErr_Format(PyExc_SystemError, "unwrap_val: unknown type code %c", type);
}
