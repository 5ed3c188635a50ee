/* rt_main.c -- the `_wasmic_native_rt` extension module: its types, the
 * function table compiled modules use (exported as the `_C_API` capsule),
 * and configure(), through which Python hands over WasmError and the trap
 * factory. */
#include "rt_internal.h"

PyObject *rt_wasm_error;
PyObject *rt_trap_factory;
PyObject *rt_trap_extender;

static uintptr_t api_enter(wasmic_entry *e, const wasmic_inst *inst) { return rt_enter(e, inst); }
static wasmic_pyobj *api_trapped(wasmic_entry *e) { return rt_trapped(e); }
static wasmic_pyobj *api_argc_error(wasmic_pyobj *f, intptr_t got) { return rt_argc_error(f, got); }
static wasmic_pyobj *api_arg_error(wasmic_pyobj *f, int i, char t, wasmic_pyobj *o) { return rt_arg_error(f, i, t, o); }
static void api_result_error(wasmic_pyobj *c, int i, char t, wasmic_pyobj *o) { rt_result_error(c, i, t, o); }
static wasmic_pyobj *api_funcref_to_py(const wasmic_funcref *r) { return rt_funcref_to_py(r); }
static int api_funcref_from_py(wasmic_pyobj *o, const wasmic_funcref **out) { return rt_funcref_from_py(o, out); }
static void api_keep(wasmic_pyobj *o) { rt_keep(o); }
static wasmic_pyobj *api_instantiate(const wasmic_module_desc *d, wasmic_pyobj *m, wasmic_pyobj *const *a, intptr_t n) {
    return rt_instantiate(d, m, a, n);
}

static const wasmic_api rt_api = {
    .abi = WASMIC_ABI,
    .size = sizeof(wasmic_api),
    .enter = api_enter,
    .leave = rt_leave,
    .trapped = api_trapped,
    .trap = rt_trap,
    .trap_pyerr = rt_trap_pyerr,
    .memory_grow = rt_memory_grow,
    .memory_fill = rt_memory_fill,
    .memory_copy = rt_memory_copy,
    .memory_init = rt_memory_init,
    .data_drop = rt_data_drop,
    .table_set = rt_table_set,
    .table_grow = rt_table_grow,
    .table_fill = rt_table_fill,
    .table_copy = rt_table_copy,
    .table_init = rt_table_init,
    .elem_drop = rt_elem_drop,
    .global_set_ref = rt_global_set_ref,
    .argc_error = api_argc_error,
    .arg_error = api_arg_error,
    .result_error = api_result_error,
    .funcref_to_py = api_funcref_to_py,
    .funcref_from_py = api_funcref_from_py,
    .keep = api_keep,
    .unwrap_val = rt_unwrap_val,
    .instantiate = api_instantiate,
};

static PyObject *configure(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"wasm_error", "trap_factory", "trap_extender", NULL};
    PyObject *wasm_error, *trap_factory, *trap_extender;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOO:configure", names, &wasm_error, &trap_factory,
                                     &trap_extender))
        return NULL;
    Py_INCREF(wasm_error);
    Py_XSETREF(rt_wasm_error, wasm_error);
    Py_INCREF(trap_factory);
    Py_XSETREF(rt_trap_factory, trap_factory);
    Py_INCREF(trap_extender);
    Py_XSETREF(rt_trap_extender, trap_extender);
    Py_RETURN_NONE;
}

static PyObject *running(PyObject *module, PyObject *unused) {
    (void)module; (void)unused;
    return PyBool_FromLong(rt_running());
}

static PyObject *set_memory_mapping(PyObject *module, PyObject *arg) {
    (void)module;
    int enabled = PyObject_IsTrue(arg);
    if (enabled < 0) return NULL;
    rt_memory_mapping = enabled;
    Py_RETURN_NONE;
}

static PyMethodDef rt_methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_VARARGS | METH_KEYWORDS,
     "configure(wasm_error, trap_factory, trap_extender): the exception class for bad input, "
     "trap_factory(code, frames) -> the Trap, and trap_extender(exception, frames), which adds "
     "the frames of wasm code a host call's exception passes through; frames are (module_name, "
     "func_index, func_name, func_offset, module_offset) tuples, innermost first"},
    {"make_func_class", rt_make_func_class, METH_VARARGS,
     "make_func_class(base, val_type) -> a subclass of base (a class with __slots__ _store and "
     "_fast) whose calls func(store, *args) run the native entry of _fast directly unless an "
     "argument is a val_type (see rt_call.c)"},
    {"running", running, METH_NOARGS, "whether wasm code is running (on any thread)"},
    {"set_memory_mapping", set_memory_mapping, METH_O,
     "set_memory_mapping(enabled): whether new memories reserve their maximum as address space "
     "(never moving; the default where possible) or use realloc'ed storage (for hosts that limit "
     "address space; memory.grow then fails while a buffer is exported)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef rt_module_def = {
    PyModuleDef_HEAD_INIT, "_wasmic_native_rt", "The wasmic native tier's runtime support.", -1,
    rt_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__wasmic_native_rt(void) {
    PyTypeObject *types[] = {&rt_memory_type, &rt_table_type, &rt_global_type, &rt_func_type, &rt_instance_type};
    const char *names[] = {"Memory", "Table", "Global", "Func", "Instance"};
    PyObject *module = PyModule_Create(&rt_module_def);
    if (module == NULL) return NULL;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (PyType_Ready(types[i]) < 0 || PyModule_AddObjectRef(module, names[i], (PyObject *)types[i]) < 0) {
            Py_DECREF(module);
            return NULL;
        }
    }
    PyObject *capsule = PyCapsule_New((void *)&rt_api, "_wasmic_native_rt._C_API", NULL);
    if (capsule == NULL || PyModule_AddObject(module, "_C_API", capsule) < 0) {
        Py_XDECREF(capsule);
        Py_DECREF(module);
        return NULL;
    }
    if (PyModule_AddIntConstant(module, "ABI", WASMIC_ABI) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
