"""C for the Python boundary of one module: entries, trampolines, module init.

* An *entry* (one per signature of a defined function) is the METH_FASTCALL
  body of export built-ins: it converts the arguments, links a jump buffer
  as this thread's innermost entry (``enter``, then ``sigsetjmp`` in its own
  frame), calls the function through its funcref, and converts the results
  (before ``leave``, which may release references the results point to).
* A *trampoline* (one per signature of an imported function) has the C type
  of a wasm function and calls the imported Python callable with vectorcall;
  an exception it raises leaves through ``trap_pyerr`` to the innermost
  entry, which re-raises it as itself.
* The module's exec slot takes the runtime's function table from its
  capsule; ``instantiate`` hands the descriptor to the runtime.
"""

from __future__ import annotations

from ...syntax.types import FuncType, ValueType
from .cnames import (
    TYPE_CODES,
    VALUE_FIELD,
    c_type,
    entry_name,
    fn_pointer_type,
    result_type,
    trampoline_name,
)

RUNTIME_CAPSULE = "_wasmic_native_rt._C_API"
"""Where each module finds the runtime's function table (``PyCapsule_Import``)."""


def _field(vtype: ValueType) -> str:
    return VALUE_FIELD[vtype]


def entry(ftype: FuncType) -> str:
    """The METH_FASTCALL entry for functions of ``ftype``."""
    params, results = ftype.params, ftype.results
    lines = [f"static PyObject *{entry_name(ftype)}(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {{",
             "    const wasmic_funcref *R = WASMIC_FUNC_REF(self);",
             "    wasmic_entry e; uintptr_t sl; PyObject *res;"]
    lines += [f"    {c_type(t)} a{i};" for i, t in enumerate(params)]
    if results:
        lines.append(f"    {result_type(ftype)} r;")
    lines.append(f"    if (nargs != {len(params)}) return WASMIC_RT->argc_error(self, nargs);")
    for i, t in enumerate(params):
        lines.append(f"    if (wasmic_py_{_field(t)}(args[{i}], &a{i})) "
                     f"return WASMIC_RT->arg_error(self, {i}, '{TYPE_CODES[t]}', args[{i}]);")
    call_args = "".join(f", a{i}" for i in range(len(params)))
    call = f"(({fn_pointer_type(ftype)})R->fn)(R->ctx, sl{call_args})"
    lines += ["    sl = WASMIC_RT->enter(&e, (const wasmic_inst *)R->ctx);",
              "    if (!sl) return NULL;",
              "    if (WASMIC_SETJMP(e)) return WASMIC_RT->trapped(&e);",
              f"    {'r = ' if results else ''}{call};"]
    if not results:
        lines += ["    res = Py_None; Py_INCREF(res);"]
    elif len(results) == 1:
        lines += [f"    res = wasmic_{_field(results[0])}_py(r);"]
    else:
        lines += [f"    res = PyTuple_New({len(results)});",
                  "    if (res) {", "        PyObject *v;"]
        for i, t in enumerate(results):
            lines.append(f"        v = wasmic_{_field(t)}_py(r.v{i}); "
                         f"if (!v) {{ Py_CLEAR(res); goto done; }} PyTuple_SET_ITEM(res, {i}, v);")
        lines += ["    }", "done:"]
    lines += ["    WASMIC_RT->leave(&e);", "    return res;", "}", ""]
    return "\n".join(lines)


def trampoline(ftype: FuncType) -> str:
    """The trampoline calling a Python callable imported with type ``ftype``."""
    params, results = ftype.params, ftype.results
    n = len(params)
    proto_params = "".join(f", {c_type(t)} l{i}" for i, t in enumerate(params))
    lines = [f"static {result_type(ftype)} {trampoline_name(ftype)}(void *ctx, uintptr_t sl{proto_params}) {{",
             f"    PyObject *argv[{n + 1}]; PyObject *res; int ok = 1;"]
    if results:
        lines.append(f"    {result_type(ftype)} r;")
    lines.append("    (void)sl; argv[0] = NULL;")
    for i, t in enumerate(params):
        lines.append(f"    argv[{i + 1}] = ok ? wasmic_{_field(t)}_py(l{i}) : NULL; ok = ok && argv[{i + 1}];")
    lines.append(f"    res = ok ? PyObject_Vectorcall((PyObject *)ctx, argv + 1, "
                 f"{n} | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL) : NULL;")
    lines += [f"    Py_XDECREF(argv[{i + 1}]);" for i in range(n)]
    lines.append("    if (!res) WASMIC_RT->trap_pyerr();")
    if len(results) == 1:
        t = results[0]
        lines.append(f"    if (wasmic_res_{_field(t)}(res, &r)) "
                     f"{{ WASMIC_RT->result_error((PyObject *)ctx, 0, '{TYPE_CODES[t]}', res); "
                     "Py_DECREF(res); WASMIC_RT->trap_pyerr(); }")
    elif results:
        lines.append(f"    if (!PyTuple_Check(res) || PyTuple_GET_SIZE(res) != {len(results)}) "
                     f"{{ WASMIC_RT->result_error((PyObject *)ctx, {-1 - len(results)}, 0, res); "
                     "Py_DECREF(res); WASMIC_RT->trap_pyerr(); }")
        for i, t in enumerate(results):
            lines.append(f"    if (wasmic_res_{_field(t)}(PyTuple_GET_ITEM(res, {i}), &r.v{i})) "
                         f"{{ WASMIC_RT->result_error((PyObject *)ctx, {i}, '{TYPE_CODES[t]}', "
                         f"PyTuple_GET_ITEM(res, {i})); Py_DECREF(res); WASMIC_RT->trap_pyerr(); }}")
    else:
        lines.append("    if (res != Py_None) "
                     "{ WASMIC_RT->result_error((PyObject *)ctx, -1, 0, res); "
                     "Py_DECREF(res); WASMIC_RT->trap_pyerr(); }")
    lines.append("    Py_DECREF(res);")
    if results:
        lines.append("    return r;")
    lines += ["}", ""]
    return "\n".join(lines)


MODULE_INIT = """
const wasmic_api *WASMIC_RT;

static PyObject *wasmic_instantiate(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    return WASMIC_RT->instantiate(&wasmic_desc, module, args, nargs);
}

static PyMethodDef wasmic_methods[] = {
    {"instantiate", (PyCFunction)(void (*)(void))wasmic_instantiate, METH_FASTCALL,
     "instantiate(imports, type_ids, stack_budget, epoch=None, store_cells=None) -> Instance"},
    {NULL, NULL, 0, NULL},
};

static int wasmic_exec(PyObject *module) {
    const wasmic_api *api = (const wasmic_api *)PyCapsule_Import("@CAPSULE@", 0);
    if (!api) return -1;
    if (api->abi != WASMIC_ABI || api->size != sizeof(wasmic_api)) {
        PyErr_SetString(PyExc_ImportError, "wasmic: native module built for another runtime ABI");
        return -1;
    }
    WASMIC_RT = api;
    return 0;
}

static PyModuleDef_Slot wasmic_slots[] = {{Py_mod_exec, (void *)wasmic_exec}, {0, NULL}};

static struct PyModuleDef wasmic_module_def = {
    PyModuleDef_HEAD_INIT, WASMIC_MODULE_NAME, "A WebAssembly module compiled by wasmic.", 0,
    wasmic_methods, wasmic_slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC WASMIC_MODULE_INIT(void) { return PyModuleDef_Init(&wasmic_module_def); }
""".replace("@CAPSULE@", RUNTIME_CAPSULE)
"""The module's init function, methods and exec slot; the name macros come
from the compiler command line (``-DWASMIC_MODULE_NAME=...``)."""
