/* rt_func.c -- wasm functions as Python objects.
 *
 * A Func object stands for one funcref (at most one at a time, cached in
 * the funcref, so the same function always comes back as equal objects).
 * Exports are METH_FASTCALL built-ins whose `self` is the Func and whose
 * body is the generated entry for the function's signature: calling one is
 * a plain built-in call.  A Func is also callable itself (vectorcall), and
 * passing either back into wasm gives the funcref again, which is how
 * native instances link to each other without going through Python.
 */
#include "rt_internal.h"

static PyObject *func_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    if (kwnames && PyTuple_GET_SIZE(kwnames)) {
        PyErr_SetString(PyExc_TypeError, "wasm functions take no keyword arguments");
        return NULL;
    }
    const wasmic_funcref *ref = WASMIC_FUNC_REF(self);
    if (ref == NULL) {
        PyErr_SetString(PyExc_ReferenceError, "the function's instance was collected");
        return NULL;
    }
    return ((wasmic_fastcall)ref->pycall)(self, args, PyVectorcall_NARGS(nargsf));
}

PyObject *rt_host_pycall(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    return PyObject_Vectorcall((PyObject *)WASMIC_FUNC_REF(self)->ctx, args, (size_t)nargs, NULL);
}

static PyObject *default_name(const wasmic_funcref *ref) {
    PyObject *owner = (PyObject *)ref->owner;
    if (owner && Py_TYPE(owner) == &rt_instance_type) {
        const wasmic_module_desc *desc = ((rt_instance_obj *)owner)->inst->desc;
        if (ref->func_index < desc->n_funcs && desc->func_names[ref->func_index])
            return PyUnicode_FromString(desc->func_names[ref->func_index]);
    }
    return PyUnicode_FromFormat("<wasm function %u>", (unsigned)ref->func_index);
}

PyObject *rt_func_new(const wasmic_funcref *ref, PyObject *name) {
    wasmic_func_obj *self = PyObject_GC_New(wasmic_func_obj, &rt_func_type);
    if (self == NULL) return NULL;
    self->ref = ref;
    self->owner = (PyObject *)ref->owner;
    Py_XINCREF(self->owner);
    self->name = name ? (Py_INCREF(name), name) : default_name(ref);
    self->vectorcall = func_vectorcall;
    memset(&self->def, 0, sizeof self->def);
    if (self->name == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    self->def.ml_name = PyUnicode_AsUTF8(self->name);
    self->def.ml_meth = (PyCFunction)(void (*)(void))ref->pycall;
    self->def.ml_flags = METH_FASTCALL;
    if (self->def.ml_name == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

/* The Func for `ref`, made once and cached in it while alive (new reference). */
static PyObject *func_for(const wasmic_funcref *ref, PyObject *name) {
    if (ref->pyfunc) {
        Py_INCREF(ref->pyfunc);
        return (PyObject *)ref->pyfunc;
    }
    PyObject *func = rt_func_new(ref, name);
    if (func) ((wasmic_funcref *)ref)->pyfunc = func;
    return func;
}

PyObject *rt_export_builtin(const wasmic_funcref *ref, PyObject *name) {
    PyObject *func = func_for(ref, name);
    if (func == NULL) return NULL;
    PyObject *builtin = PyCFunction_NewEx(&((wasmic_func_obj *)func)->def, func, NULL);
    Py_DECREF(func);
    return builtin;
}

PyObject *rt_funcref_to_py(const wasmic_funcref *ref) {
    if (ref == NULL) Py_RETURN_NONE;
    return rt_export_builtin(ref, NULL);
}

int rt_funcref_from_py(PyObject *obj, const wasmic_funcref **out) {
    PyObject *func = obj;
    if (PyCFunction_Check(obj)) func = PyCFunction_GET_SELF(obj);
    if (func && Py_TYPE(func) == &rt_func_type && WASMIC_FUNC_REF(func)) {
        *out = WASMIC_FUNC_REF(func);
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "expected a wasm function of a native instance or None, got %.100s",
                 Py_TYPE(obj)->tp_name);
    return -1;
}

/* ---- the type ---------------------------------------------------------------- */
static int func_traverse(wasmic_func_obj *self, visitproc visit, void *arg) {
    Py_VISIT(self->owner);
    return 0;
}

/* Forget the funcref (it lives in the owner, which may go away now). */
static void func_forget(wasmic_func_obj *self) {
    if (self->ref && self->ref->pyfunc == (wasmic_pyobj *)self) ((wasmic_funcref *)self->ref)->pyfunc = NULL;
    self->ref = NULL;
}

static int func_clear(wasmic_func_obj *self) {
    func_forget(self);
    Py_CLEAR(self->owner);
    return 0;
}

static void func_dealloc(wasmic_func_obj *self) {
    PyObject_GC_UnTrack(self);
    func_forget(self);
    if (self->owner) rt_keep(self->owner); /* the funcref may be on a wasm stack */
    Py_XDECREF(self->name);
    PyObject_GC_Del(self);
}

static PyObject *func_repr(wasmic_func_obj *self) {
    return PyUnicode_FromFormat("<wasm function %U>", self->name);
}

static PyObject *func_get_name(wasmic_func_obj *self, void *closure) {
    (void)closure;
    Py_INCREF(self->name);
    return self->name;
}

static PyObject *func_get_index(wasmic_func_obj *self, void *closure) {
    (void)closure;
    if (self->ref == NULL) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(self->ref->func_index);
}

static PyObject *func_get_type_id(wasmic_func_obj *self, void *closure) {
    (void)closure;
    if (self->ref == NULL) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(self->ref->type_id);
}

static PyObject *func_get_instance(wasmic_func_obj *self, void *closure) {
    (void)closure;
    PyObject *owner = self->owner ? self->owner : Py_None;
    Py_INCREF(owner);
    return owner;
}

static PyGetSetDef func_getset[] = {
    {"__name__", (getter)func_get_name, NULL, "the function's name", NULL},
    {"index", (getter)func_get_index, NULL, "index in its module's function index space", NULL},
    {"type_id", (getter)func_get_type_id, NULL, "engine-canonical id of its signature", NULL},
    {"instance", (getter)func_get_instance, NULL, "the instance that owns it", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject rt_func_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_wasmic_native_rt.Func",
    .tp_doc = "A function of a native instance (or a host function it imported).",
    .tp_basicsize = sizeof(wasmic_func_obj),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_vectorcall_offset = offsetof(wasmic_func_obj, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_dealloc = (destructor)func_dealloc,
    .tp_traverse = (traverseproc)func_traverse,
    .tp_clear = (inquiry)func_clear,
    .tp_repr = (reprfunc)func_repr,
    .tp_getset = func_getset,
};
