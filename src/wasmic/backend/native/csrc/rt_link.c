/* rt_link.c -- checking and linking one instance's imports.
 *
 * Functions: a Func (or export built-in) of a native instance is linked
 * directly (its funcref, after comparing canonical type ids), so native
 * instances call each other without Python in between; any other callable
 * gets a funcref to the module's trampoline for the import's signature.
 * Tables, memories and globals must be the runtime's own objects, whose
 * limits and types are matched as the spec's import subtyping says.
 */
#include "rt_internal.h"

static PyObject *incompatible(const wasmic_import *imp, const char *why) {
    return rt_error("incompatible import type for %s.%s: %s", imp->module, imp->name, why);
}

/* Only the native runtime's own objects can be shared with native code: a
 * Python-tier memory is a bytearray, its tables lists, its globals Python
 * attributes, none of which compiled code can address. */
static PyObject *not_native(const wasmic_import *imp, const char *kind, PyObject *obj) {
    return rt_error("incompatible import type for %s.%s: expected a native %s, got %.100s "
                    "(a %s of a Python-tier instance cannot be shared with native code; "
                    "instantiate both modules with the native tier)",
                    imp->module, imp->name, kind, Py_TYPE(obj)->tp_name, kind);
}

static const wasmic_funcref *native_ref(PyObject *obj) {
    PyObject *func = PyCFunction_Check(obj) ? PyCFunction_GET_SELF(obj) : obj;
    return func && Py_TYPE(func) == &rt_func_type ? WASMIC_FUNC_REF(func) : NULL; /* NULL if collected */
}

static int link_func(rt_instance_obj *self, const wasmic_import *imp, uint32_t k, PyObject *obj) {
    wasmic_inst *inst = self->inst;
    uint32_t want = inst->type_ids[imp->index];
    const wasmic_funcref *ref = native_ref(obj);
    if (ref) {
        if (ref->type_id != want) return incompatible(imp, "function of another type"), -1;
        inst->funcs[k] = ref;
        return rt_instance_keep(self, obj);
    }
    if (!PyCallable_Check(obj)) return incompatible(imp, "expected a function (any callable)"), -1;
    wasmic_funcref *f = &inst->func_store[k];
    f->type_id = want;
    f->func_index = k;
    f->fn = inst->desc->trampolines[k];
    f->ctx = obj;
    f->owner = (wasmic_pyobj *)self;
    f->pycall = (void *)rt_host_pycall;
    inst->funcs[k] = f;
    return rt_instance_keep(self, obj);
}

static int limits_match(uint64_t size, int has_max, uint64_t max, const wasmic_limits *want) {
    return size >= want->min && (!want->has_max || (has_max && max <= want->max));
}

static int link_table(rt_instance_obj *self, const wasmic_import *imp, uint32_t k, PyObject *obj) {
    if (Py_TYPE(obj) != &rt_table_type) return not_native(imp, "table", obj), -1;
    wasmic_table *t = &((rt_table_obj *)obj)->tab;
    const wasmic_limits *want = &self->inst->desc->tables[k];
    if (t->elem != want->elem) return incompatible(imp, "table of another element type"), -1;
    if (!limits_match(t->size, t->has_max, t->max, want)) return incompatible(imp, "table limits do not match"), -1;
    self->inst->tables[k] = t;
    return rt_instance_keep(self, obj);
}

static int link_memory(rt_instance_obj *self, const wasmic_import *imp, PyObject *obj) {
    if (Py_TYPE(obj) != &rt_memory_type) return not_native(imp, "memory", obj), -1;
    wasmic_memory *m = &((rt_memory_obj *)obj)->mem;
    const wasmic_limits *want = &self->inst->desc->mems[0];
    if (!limits_match(m->size / WASMIC_PAGE, m->has_max, m->decl_max, want))
        return incompatible(imp, "memory limits do not match"), -1;
    self->inst->mem0 = m;
    return rt_instance_keep(self, obj);
}

static int link_global(rt_instance_obj *self, const wasmic_import *imp, uint32_t k, PyObject *obj) {
    if (Py_TYPE(obj) != &rt_global_type) return not_native(imp, "global", obj), -1;
    rt_global_obj *g = (rt_global_obj *)obj;
    const wasmic_global_desc *want = &self->inst->desc->globals[k];
    if (g->type != want->type || g->mutable_ != want->mutable_)
        return incompatible(imp, "global of another type or mutability"), -1;
    self->inst->globals[k] = &g->v;
    return rt_instance_keep(self, obj);
}

int rt_link_imports(rt_instance_obj *self, PyObject *imports) {
    const wasmic_module_desc *desc = self->inst->desc;
    uint32_t counts[4] = {0, 0, 0, 0}; /* funcs, tables, memories, globals */
    if (PyTuple_GET_SIZE(imports) != desc->n_imports)
        return rt_error("expected %u imports, got %zd", desc->n_imports, PyTuple_GET_SIZE(imports)), -1;
    for (uint32_t i = 0; i < desc->n_imports; i++) {
        const wasmic_import *imp = &desc->imports[i];
        PyObject *obj = PyTuple_GET_ITEM(imports, i);
        int status;
        switch (imp->kind) {
        case 'f': status = link_func(self, imp, counts[0]++, obj); break;
        case 't': status = link_table(self, imp, counts[1]++, obj); break;
        case 'm': status = link_memory(self, imp, obj); counts[2]++; break;
        default: status = link_global(self, imp, counts[3]++, obj); break;
        }
        if (status < 0) return -1;
    }
    return 0;
}
