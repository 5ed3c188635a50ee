/* rt_instance.c -- instantiating a compiled module from its descriptor.
 *
 * instantiate(imports, type_ids, stack_budget, epoch=None, store_cells=None, run_start=True):
 *   imports      one object per import, in the module's import order: a
 *                Func/export built-in of a native instance or any Python
 *                callable for functions; a Table, Memory or Global object;
 *   type_ids     the engine-canonical id of each type of the module;
 *   stack_budget bytes of C stack wasm may use below an entry from Python;
 *   epoch        a buffer whose first 8 bytes are the engine's epoch (uint64);
 *   store_cells  a writable buffer of 64-bit cells: the fuel left (int64),
 *                the epoch deadline, and optionally the store's limits on a
 *                memory's bytes and a table's elements (see rt_internal.h) --
 *                read (and the fuel written) in place by compiled code and
 *                by the memories and tables the instance defines.
 * Then, as the spec orders it: imports are checked and linked, tables,
 * memory and globals created, element segments then data segments applied
 * (a trap there raises, leaving earlier writes in place), and the start
 * function run -- unless run_start is false: then the caller runs it with
 * the instance's start() once it has made the instance known (a host
 * function the start function calls may look at the instance's exports).
 * The Instance keeps alive everything it points to.
 */
#include "rt_internal.h"

#define CONTAINER(ptr, type, field) ((type *)((char *)(ptr) - offsetof(type, field)))

int rt_instance_keep(rt_instance_obj *self, PyObject *obj) { return PyList_Append(self->refs, obj); }

static void *ref_ptr(char type, wasmic_value v) { return type == WASMIC_FUNCREF ? (void *)v.func : (void *)v.ext; }

static int is_ref(char type) { return type == WASMIC_FUNCREF || type == WASMIC_EXTERNREF; }

/* The value of a constant expression (all globals and functions are set). */
static wasmic_value eval_const(const wasmic_inst *inst, const wasmic_const *c) {
    wasmic_value v;
    memset(&v, 0, sizeof v);
    switch (c->kind) {
    case 'i': v.i32 = (uint32_t)c->value; break;
    case 'I': v.i64 = c->value; break;
    case 'f': v.i32 = (uint32_t)c->value; break; /* the bits */
    case 'F': v.i64 = c->value; break;
    case 'r': v.func = inst->funcs[c->value]; break;
    case 'g': v = *inst->globals[c->value]; break;
    default: break; /* 'n': null */
    }
    return v;
}

/* ---- defining entities -------------------------------------------------------- */
static int define_entities(rt_instance_obj *self) {
    wasmic_inst *inst = self->inst;
    const wasmic_module_desc *desc = inst->desc;
    for (uint32_t j = desc->n_imported_funcs; j < desc->n_funcs; j++) {
        wasmic_funcref *f = &inst->func_store[j];
        f->type_id = inst->type_ids[desc->func_types[j]];
        f->func_index = j;
        f->fn = desc->func_ptrs[j - desc->n_imported_funcs];
        f->ctx = inst;
        f->owner = (wasmic_pyobj *)self;
        f->pycall = (void *)desc->pycalls[j - desc->n_imported_funcs];
        inst->funcs[j] = f;
    }
    for (uint32_t i = desc->n_imported_tables; i < desc->n_tables; i++) {
        const wasmic_limits *l = &desc->tables[i];
        PyObject *t = rt_table_new(l->elem, (uint32_t)l->min, (uint32_t)l->max, l->has_max, NULL,
                                   self->store_view.obj);
        if (t == NULL || rt_instance_keep(self, t) < 0) return Py_XDECREF(t), -1;
        inst->tables[i] = &((rt_table_obj *)t)->tab;
        Py_DECREF(t);
    }
    if (desc->n_mems > desc->n_imported_mems) {
        const wasmic_limits *l = &desc->mems[0];
        PyObject *m = rt_memory_new(l->min, l->max, l->has_max, self->store_view.obj);
        if (m == NULL || rt_instance_keep(self, m) < 0) return Py_XDECREF(m), -1;
        inst->mem0 = &((rt_memory_obj *)m)->mem;
        Py_DECREF(m);
    }
    wasmic_value *private_cells = (wasmic_value *)((char *)inst + desc->off_private);
    for (uint32_t g = desc->n_imported_globals; g < desc->n_globals; g++) {
        const wasmic_global_desc *gd = &desc->globals[g];
        wasmic_value v = eval_const(inst, &gd->init);
        if (gd->private_slot >= 0) {
            wasmic_value *cell = &private_cells[gd->private_slot];
            if (is_ref(gd->type)) rt_global_set_ref(cell, gd->type, ref_ptr(gd->type, v));
            else *cell = v;
            inst->globals[g] = cell;
            continue;
        }
        PyObject *obj = rt_global_new(gd->type, gd->mutable_, v);
        if (obj == NULL || rt_instance_keep(self, obj) < 0) return Py_XDECREF(obj), -1;
        inst->globals[g] = &((rt_global_obj *)obj)->v;
        Py_DECREF(obj);
    }
    for (uint32_t i = 0; i < desc->n_elems; i++) {
        const wasmic_elem_desc *e = &desc->elems[i];
        inst->elem_items[i] = PyMem_Calloc(e->n ? e->n : 1, sizeof(void *));
        if (inst->elem_items[i] == NULL) return PyErr_NoMemory(), -1;
        for (uint32_t k = 0; k < e->n; k++) inst->elem_items[i][k] = ref_ptr(e->elem, eval_const(inst, &e->items[k]));
        inst->elem_sizes[i] = e->n;
    }
    return 0;
}

static PyObject *export_object(rt_instance_obj *self, const wasmic_export *ex, PyObject *name) {
    wasmic_inst *inst = self->inst;
    PyObject *obj;
    switch (ex->kind) {
    case 'f': return rt_export_builtin(inst->funcs[ex->index], name);
    case 't': obj = (PyObject *)CONTAINER(inst->tables[ex->index], rt_table_obj, tab); break;
    case 'm': obj = (PyObject *)CONTAINER(inst->mem0, rt_memory_obj, mem); break;
    default: obj = (PyObject *)CONTAINER(inst->globals[ex->index], rt_global_obj, v); break;
    }
    Py_INCREF(obj);
    return obj;
}

static int define_exports(rt_instance_obj *self) {
    const wasmic_module_desc *desc = self->inst->desc;
    for (uint32_t i = 0; i < desc->n_exports; i++) {
        const wasmic_export *ex = &desc->exports[i];
        PyObject *name = PyUnicode_DecodeUTF8(ex->name, ex->name_len, "surrogateescape");
        PyObject *obj = name ? export_object(self, ex, name) : NULL;
        int status = obj ? PyDict_SetItem(self->exports, name, obj) : -1;
        Py_XDECREF(name);
        Py_XDECREF(obj);
        if (status < 0) return -1;
    }
    return 0;
}

/* ---- segments and start ----------------------------------------------------------- */
static int apply_segments(rt_instance_obj *self) {
    wasmic_inst *inst = self->inst;
    const wasmic_module_desc *desc = inst->desc;
    for (uint32_t i = 0; i < desc->n_elems; i++) {
        const wasmic_elem_desc *e = &desc->elems[i];
        if (e->mode == 'a') {
            uint32_t offset = eval_const(inst, &e->offset).i32;
            int32_t code = rt_table_init(inst, i, inst->tables[e->table], offset, 0, e->n);
            if (code) return rt_raise_trap(desc, code, UINT32_MAX, 0), -1;
        }
        if (e->mode != 'p') rt_elem_drop(inst, i);
    }
    for (uint32_t i = 0; i < desc->n_datas; i++) {
        const wasmic_data_desc *d = &desc->datas[i];
        if (d->mode != 'a') continue;
        uint32_t offset = eval_const(inst, &d->offset).i32;
        int32_t code = rt_memory_init(inst, i, offset, 0, d->len);
        if (code) return rt_raise_trap(desc, code, UINT32_MAX, 0), -1;
        rt_data_drop(inst, i);
    }
    return 0;
}

static int run_start(rt_instance_obj *self) {
    wasmic_inst *inst = self->inst;
    if (inst->desc->start < 0) return 0;
    const wasmic_funcref *f = inst->funcs[inst->desc->start];
    wasmic_entry e;
    uintptr_t sl = rt_enter(&e, inst);
    if (!sl) return -1;
    if (sigsetjmp(e.jb, 0)) return rt_trapped(&e), -1;
    ((void (*)(void *, uintptr_t))f->fn)(f->ctx, sl);
    rt_leave(&e);
    return 0;
}

/* ---- the Instance object ------------------------------------------------------------ */
static rt_instance_obj *instance_alloc(const wasmic_module_desc *desc, PyObject *module) {
    rt_instance_obj *self = PyObject_GC_New(rt_instance_obj, &rt_instance_type);
    if (self == NULL) return NULL;
    self->inst = NULL;
    self->weakrefs = NULL;
    self->epoch_view.obj = NULL;
    self->store_view.obj = NULL;
    self->start_pending = 0;
    Py_INCREF(module);
    self->module = module;
    self->refs = PyList_New(0);
    self->exports = PyDict_New();
    wasmic_inst *inst = PyMem_Calloc(1, desc->inst_size);
    if (inst) {
        char *base = (char *)inst;
        inst->desc = desc;
        inst->owner = (wasmic_pyobj *)self;
        inst->globals = (wasmic_value **)(base + desc->off_globals);
        inst->funcs = (const wasmic_funcref **)(base + desc->off_funcs);
        inst->func_store = (wasmic_funcref *)(base + desc->off_store);
        inst->tables = (wasmic_table **)(base + desc->off_tables);
        inst->type_ids = (uint32_t *)(base + desc->off_type_ids);
        inst->own_fuel = INT64_MAX;
        inst->own_deadline = UINT64_MAX;
        inst->fuel = &inst->own_fuel;
        inst->epoch = &inst->own_epoch;
        inst->epoch_deadline = &inst->own_deadline;
        inst->data_dropped = PyMem_Calloc(desc->n_datas ? desc->n_datas : 1, 1);
        inst->elem_sizes = PyMem_Calloc(desc->n_elems ? desc->n_elems : 1, sizeof(uint32_t));
        inst->elem_items = PyMem_Calloc(desc->n_elems ? desc->n_elems : 1, sizeof(void **));
        self->inst = inst;
    }
    PyObject_GC_Track(self);
    if (!self->refs || !self->exports || !inst || !inst->data_dropped || !inst->elem_sizes || !inst->elem_items) {
        Py_DECREF(self);
        PyErr_NoMemory();
        return NULL;
    }
    return self;
}

static int parse_type_ids(wasmic_inst *inst, PyObject *type_ids) {
    const wasmic_module_desc *desc = inst->desc;
    if (!PyTuple_Check(type_ids) || PyTuple_GET_SIZE(type_ids) != desc->n_types)
        return rt_error("type_ids must be a tuple of %u ints", desc->n_types), -1;
    for (uint32_t i = 0; i < desc->n_types; i++) {
        unsigned long id = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(type_ids, i));
        if (id == (unsigned long)-1 && PyErr_Occurred()) return -1;
        inst->type_ids[i] = (uint32_t)id;
    }
    return 0;
}

/* Point the instance's meters at the given cells (None: keep its own). */
static int bind_meters(rt_instance_obj *self, PyObject *epoch, PyObject *store_cells) {
    wasmic_inst *inst = self->inst;
    void *cell;
    if (rt_store_cell(epoch, 0, 0, 0, &self->epoch_view, &cell) < 0) return -1;
    if (cell) inst->epoch = cell;
    if (rt_store_cell(store_cells, RT_CELL_DEADLINE, 1, 0, &self->store_view, &cell) < 0) return -1;
    if (cell) {
        inst->epoch_deadline = cell;
        inst->fuel = (int64_t *)cell - 1;
    }
    return 0;
}

PyObject *rt_instantiate(const wasmic_module_desc *desc, PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs < 3 || nargs > 6 || !PyTuple_Check(args[0]))
        return rt_error("instantiate(imports: tuple, type_ids: tuple, stack_budget: int, "
                        "epoch=None, store_cells=None, run_start=True)");
    int run = nargs > 5 ? PyObject_IsTrue(args[5]) : 1;
    if (run < 0) return NULL;
    unsigned long long budget = PyLong_AsUnsignedLongLong(args[2]);
    if (budget == (unsigned long long)-1 && PyErr_Occurred()) return NULL;
    if (rt_backtrace_register(desc) < 0) return NULL;
    rt_instance_obj *self = instance_alloc(desc, module);
    if (self == NULL) return NULL;
    self->inst->stack_budget = budget;
    if (bind_meters(self, nargs > 3 ? args[3] : Py_None, nargs > 4 ? args[4] : Py_None) < 0 ||
        parse_type_ids(self->inst, args[1]) < 0 || rt_link_imports(self, args[0]) < 0 ||
        define_entities(self) < 0 || define_exports(self) < 0 || apply_segments(self) < 0 ||
        (run && run_start(self) < 0)) {
        Py_DECREF(self);
        return NULL;
    }
    self->start_pending = !run;
    return (PyObject *)self;
}

static PyObject *instance_start(rt_instance_obj *self, PyObject *unused) {
    (void)unused;
    if (!self->start_pending) return rt_error("the start function of this instance already ran");
    self->start_pending = 0;
    if (run_start(self) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef instance_methods[] = {
    {"start", (PyCFunction)instance_start, METH_NOARGS,
     "start(): run the start function of an instance made with run_start=False (once)"},
    {NULL, NULL, 0, NULL},
};

/* Private reference globals live in the instance: release them. */
static void release_private_globals(rt_instance_obj *self) {
    wasmic_inst *inst = self->inst;
    if (inst == NULL) return;
    const wasmic_module_desc *desc = inst->desc;
    for (uint32_t g = desc->n_imported_globals; g < desc->n_globals; g++) {
        const wasmic_global_desc *gd = &desc->globals[g];
        if (gd->private_slot >= 0 && is_ref(gd->type) && inst->globals[g])
            rt_global_set_ref(inst->globals[g], gd->type, NULL);
    }
}

static int instance_traverse(rt_instance_obj *self, visitproc visit, void *arg) {
    Py_VISIT(self->module);
    Py_VISIT(self->refs);
    Py_VISIT(self->exports);
    wasmic_inst *inst = self->inst;
    if (inst) {
        const wasmic_module_desc *desc = inst->desc;
        for (uint32_t g = desc->n_imported_globals; g < desc->n_globals; g++) {
            const wasmic_global_desc *gd = &desc->globals[g];
            if (gd->private_slot >= 0 && is_ref(gd->type) && inst->globals[g])
                Py_VISIT(rt_ref_object(gd->type, ref_ptr(gd->type, *inst->globals[g])));
        }
    }
    return 0;
}

static int instance_clear(rt_instance_obj *self) {
    release_private_globals(self);
    Py_CLEAR(self->exports);
    Py_CLEAR(self->refs);
    return 0;
}

static void instance_dealloc(rt_instance_obj *self) {
    PyObject_GC_UnTrack(self);
    if (self->weakrefs) PyObject_ClearWeakRefs((PyObject *)self);
    instance_clear(self);
    wasmic_inst *inst = self->inst;
    if (inst) {
        for (uint32_t i = 0; inst->elem_items && i < inst->desc->n_elems; i++) PyMem_Free(inst->elem_items[i]);
        PyMem_Free(inst->elem_items);
        PyMem_Free(inst->elem_sizes);
        PyMem_Free(inst->data_dropped);
        PyMem_Free(inst);
    }
    if (self->epoch_view.obj) PyBuffer_Release(&self->epoch_view);
    if (self->store_view.obj) PyBuffer_Release(&self->store_view);
    Py_XDECREF(self->module);
    PyObject_GC_Del(self);
}

static PyObject *instance_exports(rt_instance_obj *self, void *closure) {
    (void)closure;
    if (self->exports == NULL) return PyDict_New();
    Py_INCREF(self->exports);
    return self->exports;
}

static PyGetSetDef instance_getset[] = {
    {"exports", (getter)instance_exports, NULL, "dict: export name -> built-in, Table, Memory or Global", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject rt_instance_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_wasmic_native_rt.Instance",
    .tp_doc = "An instance of a natively compiled module (made by its extension's instantiate()).",
    .tp_basicsize = sizeof(rt_instance_obj),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_dealloc = (destructor)instance_dealloc,
    .tp_traverse = (traverseproc)instance_traverse,
    .tp_clear = (inquiry)instance_clear,
    .tp_getset = instance_getset,
    .tp_methods = instance_methods,
    .tp_weaklistoffset = offsetof(rt_instance_obj, weakrefs),
};
