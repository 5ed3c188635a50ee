/* rt_global.c -- global cells shared between instances, and reference stores.
 *
 * A Global object is one `wasmic_value` cell; instances that define, export
 * or import the global point at it, so a mutation through any of them is
 * seen by all.  Globals that are neither imported nor exported live inside
 * their instance instead (see emit_layout.py).  A cell holding a reference
 * owns it, like a table slot.
 */
#include "rt_internal.h"

void rt_global_set_ref(wasmic_value *cell, char type, void *value) {
    void *old = type == WASMIC_FUNCREF ? (void *)cell->func : (void *)cell->ext;
    rt_ref_retain(type, value);
    if (type == WASMIC_FUNCREF) cell->func = value;
    else cell->ext = value;
    rt_ref_release(type, old);
}

static int is_ref(char type) { return type == WASMIC_FUNCREF || type == WASMIC_EXTERNREF; }

static void *ref_of(char type, wasmic_value v) { return type == WASMIC_FUNCREF ? (void *)v.func : (void *)v.ext; }

PyObject *rt_global_new(char type, int mutable_, wasmic_value value) {
    rt_global_obj *self = PyObject_GC_New(rt_global_obj, &rt_global_type);
    if (self == NULL) return NULL;
    self->type = type;
    self->mutable_ = mutable_ ? 1 : 0;
    self->weakrefs = NULL;
    memset(&self->v, 0, sizeof self->v);
    if (is_ref(type)) rt_global_set_ref(&self->v, type, ref_of(type, value));
    else self->v = value;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static int global_clear(rt_global_obj *self) {
    if (is_ref(self->type)) rt_global_set_ref(&self->v, self->type, NULL);
    return 0;
}

static int global_traverse(rt_global_obj *self, visitproc visit, void *arg) {
    if (is_ref(self->type)) Py_VISIT(rt_ref_object(self->type, ref_of(self->type, self->v)));
    return 0;
}

static void global_dealloc(rt_global_obj *self) {
    PyObject_GC_UnTrack(self);
    if (self->weakrefs) PyObject_ClearWeakRefs((PyObject *)self);
    global_clear(self);
    PyObject_GC_Del(self);
}

static char type_code(const char *name) {
    static const char *const names[] = {"i32", "i64", "f32", "f64", "funcref", "externref"};
    static const char codes[] = {WASMIC_I32, WASMIC_I64, WASMIC_F32, WASMIC_F64, WASMIC_FUNCREF, WASMIC_EXTERNREF};
    for (size_t i = 0; i < sizeof codes; i++)
        if (strcmp(name, names[i]) == 0) return codes[i];
    return 0;
}

static PyObject *global_py_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"type", "mutable", "value", NULL};
    const char *type_name;
    int mutable_;
    PyObject *init;
    wasmic_value v;
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "spO:Global", names, &type_name, &mutable_, &init)) return NULL;
    char code = type_code(type_name);
    if (!code) return rt_error("unknown global value type %s", type_name);
    if (rt_value_from_py(code, init, &v) < 0) return NULL;
    return rt_global_new(code, mutable_, v);
}

static PyObject *global_get_value(rt_global_obj *self, void *closure) {
    (void)closure;
    return rt_value_to_py(self->type, self->v);
}

static int global_set_value(rt_global_obj *self, PyObject *value, void *closure) {
    wasmic_value v;
    (void)closure;
    if (value == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete a global's value");
        return -1;
    }
    if (!self->mutable_) {
        rt_error("cannot set an immutable global");
        return -1;
    }
    if (rt_value_from_py(self->type, value, &v) < 0) return -1;
    if (is_ref(self->type)) rt_global_set_ref(&self->v, self->type, ref_of(self->type, v));
    else self->v = v;
    return 0;
}

static PyObject *global_type(rt_global_obj *self, void *closure) {
    (void)closure;
    return PyUnicode_FromString(rt_type_name(self->type));
}

static PyObject *global_mutable(rt_global_obj *self, void *closure) {
    (void)closure;
    return PyBool_FromLong(self->mutable_);
}

static PyGetSetDef global_getset[] = {
    {"value", (getter)global_get_value, (setter)global_set_value, "the current value", NULL},
    {"type", (getter)global_type, NULL, "the value type: 'i32', 'i64', 'f32', 'f64', 'funcref', 'externref'", NULL},
    {"mutable", (getter)global_mutable, NULL, "whether wasm and Python may change it", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject rt_global_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_wasmic_native_rt.Global",
    .tp_doc = "Global(type, mutable, value): a native global cell.",
    .tp_basicsize = sizeof(rt_global_obj),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = global_py_new,
    .tp_dealloc = (destructor)global_dealloc,
    .tp_traverse = (traverseproc)global_traverse,
    .tp_clear = (inquiry)global_clear,
    .tp_getset = global_getset,
    .tp_weaklistoffset = offsetof(rt_global_obj, weakrefs),
};
