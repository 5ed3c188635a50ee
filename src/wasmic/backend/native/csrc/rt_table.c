/* rt_table.c -- tables, element segments, and reference ownership.
 *
 * A table slot owns a reference to what keeps its value alive: a funcref's
 * owner (its instance) or the externref object itself.  Overwritten values
 * are released through rt_keep, i.e. later if wasm is running (see
 * rt_internal.h).  All bounds are checked before anything is written, so a
 * trapping bulk operation changes nothing (the 2.0 semantics).
 */
#include "rt_internal.h"

PyObject *rt_ref_object(char type, void *value) {
    if (value == NULL) return NULL;
    return type == WASMIC_FUNCREF ? (PyObject *)((const wasmic_funcref *)value)->owner : (PyObject *)value;
}

void rt_ref_retain(char type, void *value) { Py_XINCREF(rt_ref_object(type, value)); }

void rt_ref_release(char type, void *value) {
    PyObject *obj = rt_ref_object(type, value);
    if (obj) rt_keep(obj);
}

void rt_table_set(wasmic_table *t, uint32_t i, void *value) {
    void *old = t->elems[i];
    rt_ref_retain(t->elem, value);
    t->elems[i] = value;
    rt_ref_release(t->elem, old);
}

/* Make room for `size` slots; 0 on success. */
static int table_reserve(wasmic_table *t, uint64_t size) {
    if (size <= t->capacity) return 0;
    uint64_t cap = t->capacity ? t->capacity : 4;
    while (cap < size) cap *= 2;
    if (cap > t->max) cap = t->max > size ? t->max : size;
    if (cap > PY_SSIZE_T_MAX / sizeof(void *)) return -1;
    void **grown = PyMem_Realloc(t->elems, (size_t)cap * sizeof(void *));
    if (grown == NULL) return -1;
    t->elems = grown;
    t->capacity = (uint32_t)cap;
    return 0;
}

uint32_t rt_table_grow(wasmic_table *t, void *init, uint32_t delta) {
    uint64_t old = t->size, size = old + delta;
    if (size > t->max || (t->limit && size > *t->limit) || table_reserve(t, size) != 0) return UINT32_MAX;
    for (uint64_t i = old; i < size; i++) {
        rt_ref_retain(t->elem, init);
        t->elems[i] = init;
    }
    t->size = (uint32_t)size;
    return (uint32_t)old;
}

int32_t rt_table_fill(wasmic_table *t, uint32_t i, void *value, uint32_t n) {
    if ((uint64_t)i + n > t->size) return WASMIC_TRAP_TABLE_OUT_OF_BOUNDS;
    for (uint32_t k = 0; k < n; k++) rt_table_set(t, i + k, value);
    return 0;
}

int32_t rt_table_copy(wasmic_table *dst, wasmic_table *src, uint32_t d, uint32_t s, uint32_t n) {
    if ((uint64_t)s + n > src->size || (uint64_t)d + n > dst->size) return WASMIC_TRAP_TABLE_OUT_OF_BOUNDS;
    if (dst == src && d > s) {
        for (uint32_t k = n; k > 0; k--) rt_table_set(dst, d + k - 1, src->elems[s + k - 1]);
    } else {
        for (uint32_t k = 0; k < n; k++) rt_table_set(dst, d + k, src->elems[s + k]);
    }
    return 0;
}

int32_t rt_table_init(wasmic_inst *inst, uint32_t seg, wasmic_table *t, uint32_t d, uint32_t s, uint32_t n) {
    uint64_t len = inst->elem_sizes[seg];
    if ((uint64_t)s + n > len || (uint64_t)d + n > t->size) return WASMIC_TRAP_TABLE_OUT_OF_BOUNDS;
    for (uint32_t k = 0; k < n; k++) rt_table_set(t, d + k, inst->elem_items[seg][s + k]);
    return 0;
}

void rt_elem_drop(wasmic_inst *inst, uint32_t seg) { inst->elem_sizes[seg] = 0; }

/* ---- the Python object -------------------------------------------------- */
PyObject *rt_table_new(char elem, uint32_t min, uint32_t max, int has_max, void *init, PyObject *store_cells) {
    rt_table_obj *self = PyObject_GC_New(rt_table_obj, &rt_table_type);
    if (self == NULL) return NULL;
    wasmic_table *t = &self->tab;
    memset(t, 0, sizeof *t);
    self->weakrefs = NULL;
    t->elem = elem;
    t->has_max = has_max ? 1 : 0;
    t->max = has_max ? max : UINT32_MAX;
    PyObject_GC_Track(self);
    void *limit;
    if (rt_store_cell(store_cells, RT_CELL_TABLE_LIMIT, 0, 1, &self->limit_view, &limit) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    t->limit = limit;
    if (t->limit && min > *t->limit) {
        Py_DECREF(self);
        return rt_error("table minimum size of %u elements exceeds table limits", min);
    }
    if (min > t->max || rt_table_grow(t, init, min) == UINT32_MAX) {
        Py_DECREF(self);
        return rt_error("cannot allocate a table of %u elements", min);
    }
    return (PyObject *)self;
}

static int table_clear(rt_table_obj *self) {
    wasmic_table *t = &self->tab;
    for (uint32_t i = 0; i < t->size; i++) {
        void *old = t->elems[i];
        t->elems[i] = NULL;
        rt_ref_release(t->elem, old);
    }
    return 0;
}

static int table_traverse(rt_table_obj *self, visitproc visit, void *arg) {
    wasmic_table *t = &self->tab;
    for (uint32_t i = 0; i < t->size; i++) Py_VISIT(rt_ref_object(t->elem, t->elems[i]));
    return 0;
}

static void table_dealloc(rt_table_obj *self) {
    PyObject_GC_UnTrack(self);
    if (self->weakrefs) PyObject_ClearWeakRefs((PyObject *)self);
    table_clear(self);
    if (self->limit_view.obj) PyBuffer_Release(&self->limit_view);
    PyMem_Free(self->tab.elems);
    PyObject_GC_Del(self);
}

static PyObject *table_py_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"elem", "min", "max", "init", "store_cells", NULL};
    const char *elem;
    unsigned int min;
    PyObject *max = Py_None, *init = Py_None, *cells = Py_None;
    wasmic_value v;
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "sI|OOO:Table", names, &elem, &min, &max, &init, &cells))
        return NULL;
    char code = strcmp(elem, "funcref") == 0 ? WASMIC_FUNCREF : strcmp(elem, "externref") == 0 ? WASMIC_EXTERNREF : 0;
    if (!code) return rt_error("table element type must be 'funcref' or 'externref', not %s", elem);
    unsigned long max_value = 0;
    if (max != Py_None) {
        max_value = PyLong_AsUnsignedLong(max);
        if (max_value == (unsigned long)-1 && PyErr_Occurred()) return NULL;
        if (max_value > UINT32_MAX) return rt_error("table maximum must be below 2**32");
    }
    if (rt_value_from_py(code, init, &v) < 0) return NULL;
    return rt_table_new(code, min, (uint32_t)max_value, max != Py_None,
                        code == WASMIC_FUNCREF ? (void *)v.func : v.ext, cells);
}

static int table_index(rt_table_obj *self, PyObject *arg, uint32_t *out) {
    unsigned long i = PyLong_AsUnsignedLong(arg);
    if (i == (unsigned long)-1 && PyErr_Occurred()) return -1;
    if (i >= self->tab.size) {
        PyErr_Format(PyExc_IndexError, "table index %lu out of bounds (size %u)", i, self->tab.size);
        return -1;
    }
    *out = (uint32_t)i;
    return 0;
}

static PyObject *table_get(rt_table_obj *self, PyObject *arg) {
    uint32_t i;
    wasmic_value v;
    if (table_index(self, arg, &i) < 0) return NULL;
    v.ext = self->tab.elems[i];
    if (self->tab.elem == WASMIC_FUNCREF) v.func = self->tab.elems[i];
    return rt_value_to_py(self->tab.elem, v);
}

static PyObject *table_set_py(rt_table_obj *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t i;
    wasmic_value v;
    if (nargs != 2) return rt_error("Table.set takes an index and a value");
    if (table_index(self, args[0], &i) < 0 || rt_value_from_py(self->tab.elem, args[1], &v) < 0) return NULL;
    rt_table_set(&self->tab, i, self->tab.elem == WASMIC_FUNCREF ? (void *)v.func : v.ext);
    Py_RETURN_NONE;
}

static PyObject *table_grow_py(rt_table_obj *self, PyObject *const *args, Py_ssize_t nargs) {
    wasmic_value v;
    if (nargs != 2) return rt_error("Table.grow takes a delta and an initial value");
    unsigned long delta = PyLong_AsUnsignedLong(args[0]);
    if (delta == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    if (rt_value_from_py(self->tab.elem, args[1], &v) < 0) return NULL;
    if (delta > UINT32_MAX) return PyLong_FromLong(-1);
    uint32_t old = rt_table_grow(&self->tab, self->tab.elem == WASMIC_FUNCREF ? (void *)v.func : v.ext,
                                 (uint32_t)delta);
    return PyLong_FromLong(old == UINT32_MAX ? -1L : (long)old);
}

static PyObject *table_size(rt_table_obj *self, void *closure) {
    (void)closure;
    return PyLong_FromUnsignedLong(self->tab.size);
}

static PyObject *table_max(rt_table_obj *self, void *closure) {
    (void)closure;
    if (!self->tab.has_max) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(self->tab.max);
}

static PyObject *table_elem(rt_table_obj *self, void *closure) {
    (void)closure;
    return PyUnicode_FromString(rt_type_name(self->tab.elem));
}

static PyMethodDef table_methods[] = {
    {"get", (PyCFunction)table_get, METH_O, "get(index) -> the element (a function, an object or None)"},
    {"set", (PyCFunction)(void (*)(void))table_set_py, METH_FASTCALL, "set(index, value)"},
    {"grow", (PyCFunction)(void (*)(void))table_grow_py, METH_FASTCALL,
     "grow(delta, init) -> previous size, or -1 if the table cannot grow"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef table_getset[] = {
    {"size", (getter)table_size, NULL, "current number of elements", NULL},
    {"max", (getter)table_max, NULL, "declared maximum, or None", NULL},
    {"elem", (getter)table_elem, NULL, "'funcref' or 'externref'", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject rt_table_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_wasmic_native_rt.Table",
    .tp_doc = "Table(elem, min, max=None, init=None, store_cells=None): a native table of "
              "references; growth stops at the store's table limit (store cell 3) when given.",
    .tp_basicsize = sizeof(rt_table_obj),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = table_py_new,
    .tp_dealloc = (destructor)table_dealloc,
    .tp_traverse = (traverseproc)table_traverse,
    .tp_clear = (inquiry)table_clear,
    .tp_methods = table_methods,
    .tp_getset = table_getset,
    .tp_weaklistoffset = offsetof(rt_table_obj, weakrefs),
};
