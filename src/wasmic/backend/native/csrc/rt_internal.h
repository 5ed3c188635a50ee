/* rt_internal.h -- declarations shared by the runtime's C files.
 *
 * The runtime is one extension module, `_wasmic_native_rt`, loaded once per
 * process; every compiled wasm module calls it through the function table
 * in its capsule (see wasmic.h), so all modules share one trap chain, one
 * set of object types and one reference-keeping policy:
 *
 *   While any wasm code runs (on any thread), no reference is released:
 *   values in wasm locals are borrowed pointers, so an object dropped from
 *   a table or global must outlive every frame that may still hold it.
 *   Such releases are queued (rt_release) and done when the last entry
 *   from Python returns.  As a bonus, no Python code (__del__) runs in the
 *   middle of wasm code except inside host calls.
 */
#ifndef WASMIC_RT_INTERNAL_H
#define WASMIC_RT_INTERNAL_H

#include "wasmic_py.h"

/* ---- objects -------------------------------------------------------------- */
/* limit_view: the store cells holding the growth limit, when given */
typedef struct { PyObject_HEAD wasmic_memory mem; PyObject *weakrefs; Py_buffer limit_view; } rt_memory_obj;
typedef struct { PyObject_HEAD wasmic_table tab; PyObject *weakrefs; Py_buffer limit_view; } rt_table_obj;
typedef struct { PyObject_HEAD wasmic_value v; char type; char mutable_; PyObject *weakrefs; } rt_global_obj;
typedef struct {
    PyObject_HEAD
    wasmic_inst *inst;  /* desc->inst_size bytes, zeroed */
    PyObject *module;   /* the extension module: keeps the code loaded */
    PyObject *refs;     /* list of everything the instance keeps alive */
    PyObject *exports;  /* dict name -> export */
    PyObject *weakrefs;
    Py_buffer epoch_view, store_view; /* the meter cells, when given (obj != NULL) */
    int start_pending;  /* instantiated with run_start=False: start() still to run */
} rt_instance_obj;

extern PyTypeObject rt_memory_type, rt_table_type, rt_global_type, rt_func_type, rt_instance_type;

/* ---- store cells: [fuel left, epoch deadline, memory bytes limit, table
 * elements limit], 64 bits each; a short buffer just lacks the limits ---- */
enum { RT_CELL_FUEL, RT_CELL_DEADLINE, RT_CELL_MEMORY_LIMIT, RT_CELL_TABLE_LIMIT };
/* Borrow cell `index` of `cells` into `view` (view->obj NULL and *out NULL
 * when cells is None, or when it is too short and the cell `optional`);
 * -1 with an exception if it is not an aligned buffer long enough. */
int rt_store_cell(PyObject *cells, int index, int writable, int optional, Py_buffer *view, void **out);

/* ---- configuration set from Python (rt_main.c) ------------------------------ */
extern PyObject *rt_wasm_error;   /* wasmic.errors.WasmError */
extern PyObject *rt_trap_factory; /* callable(code, frames) -> the Trap */
extern PyObject *rt_trap_extender; /* callable(exception, frames): frames onto a Trap passing by */

/* ---- rt_entry.c ------------------------------------------------------------- */
uintptr_t rt_enter(wasmic_entry *e, const wasmic_inst *inst);
void rt_leave(wasmic_entry *e);
PyObject *rt_trapped(wasmic_entry *e);
WASMIC_NORETURN void rt_trap(const wasmic_module_desc *desc, int32_t code, uint32_t func, uint32_t offset);
WASMIC_NORETURN void rt_trap_pyerr(void);
void rt_keep(PyObject *obj);
int rt_running(void);
/* Raise the Python exception for a trap (code, where, the frames gathered). */
void rt_raise_trap(const wasmic_module_desc *desc, int32_t code, uint32_t func, uint32_t offset);
/* Append the frames gathered at a failed host call to the pending exception. */
void rt_extend_trap(void);

/* ---- backtraces (rt_backtrace.c) --------------------------------------------- */
#define RT_GATHERED 1001 /* frames gathered: a trap keeps 1000 (traps.MAX_FRAMES), plus the trap site's */
#define RT_NO_OFFSET 0xFFFFFFFFu
typedef struct { const wasmic_module_desc *desc; uint32_t func, offset; } rt_frame;
/* Remember a module's code for backtraces (-1 with an exception if out of memory). */
int rt_backtrace_register(const wasmic_module_desc *desc);
/* Gather the wasm frames between the caller and `entry` (the innermost
 * entry); `trap_site`: the caller is a trap in wasm code, not a host call. */
void rt_backtrace_gather(const void *entry, int trap_site);
void rt_backtrace_discard(void);
/* The frames as a list of (module name, func index, func name, offset in
 * the function, offset in the module): the trap site (desc, func, offset)
 * unless desc is NULL, then the gathered ones (discarded after).  NULL
 * with an exception if out of memory. */
PyObject *rt_backtrace_take(const wasmic_module_desc *desc, uint32_t func, uint32_t offset);

/* ---- references (rt_table.c) ------------------------------------------------ */
/* What keeps a reference value alive: the funcref's owner or the object. */
PyObject *rt_ref_object(char type, void *value);
void rt_ref_retain(char type, void *value);
void rt_ref_release(char type, void *value); /* deferred while wasm runs */

/* ---- memory (rt_memory.c) --------------------------------------------------- */
extern int rt_memory_mapping; /* 0: allocate new memories with realloc'able storage */
PyObject *rt_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max, PyObject *store_cells);
uint32_t rt_memory_grow(wasmic_memory *m, uint32_t delta);
int32_t rt_memory_fill(wasmic_memory *m, uint32_t d, uint32_t value, uint32_t n);
int32_t rt_memory_copy(wasmic_memory *dst, wasmic_memory *src, uint32_t d, uint32_t s, uint32_t n);
int32_t rt_memory_init(wasmic_inst *inst, uint32_t seg, uint32_t d, uint32_t s, uint32_t n);
void rt_data_drop(wasmic_inst *inst, uint32_t seg);

/* ---- tables (rt_table.c) ---------------------------------------------------- */
PyObject *rt_table_new(char elem, uint32_t min, uint32_t max, int has_max, void *init, PyObject *store_cells);
void rt_table_set(wasmic_table *t, uint32_t i, void *value);
uint32_t rt_table_grow(wasmic_table *t, void *init, uint32_t delta);
int32_t rt_table_fill(wasmic_table *t, uint32_t i, void *value, uint32_t n);
int32_t rt_table_copy(wasmic_table *dst, wasmic_table *src, uint32_t d, uint32_t s, uint32_t n);
int32_t rt_table_init(wasmic_inst *inst, uint32_t seg, wasmic_table *t, uint32_t d, uint32_t s, uint32_t n);
void rt_elem_drop(wasmic_inst *inst, uint32_t seg);

/* ---- globals (rt_global.c) -------------------------------------------------- */
PyObject *rt_global_new(char type, int mutable_, wasmic_value value);
void rt_global_set_ref(wasmic_value *cell, char type, void *value);

/* ---- functions (rt_func.c) -------------------------------------------------- */
PyObject *rt_func_new(const wasmic_funcref *ref, PyObject *name);
PyObject *rt_funcref_to_py(const wasmic_funcref *ref);
int rt_funcref_from_py(PyObject *obj, const wasmic_funcref **out);
PyObject *rt_host_pycall(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *rt_export_builtin(const wasmic_funcref *ref, PyObject *name); /* name may be NULL */

/* ---- the public Func's call in C (rt_call.c) ------------------------------------ */
PyObject *rt_make_func_class(PyObject *module, PyObject *args);
PyObject *rt_unwrap_val(PyObject *obj, char type);

/* ---- values and errors (rt_convert.c) --------------------------------------- */
PyObject *rt_value_to_py(char type, wasmic_value v);
int rt_value_from_py(char type, PyObject *obj, wasmic_value *out); /* refs borrowed */
const char *rt_type_name(char type);
PyObject *rt_argc_error(PyObject *func, intptr_t got);
PyObject *rt_arg_error(PyObject *func, int index, char type, PyObject *got);
void rt_result_error(PyObject *callable, int index, char type, PyObject *got);
PyObject *rt_error(const char *format, ...);

/* ---- instances (rt_instance.c, rt_link.c) ------------------------------------ */
int rt_instance_keep(rt_instance_obj *self, PyObject *obj); /* keep obj alive with self */
int rt_link_imports(rt_instance_obj *self, PyObject *imports);
PyObject *rt_instantiate(const wasmic_module_desc *desc, PyObject *module,
                         PyObject *const *args, Py_ssize_t nargs);

#endif
