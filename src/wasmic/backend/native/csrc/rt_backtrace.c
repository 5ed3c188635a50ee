/* rt_backtrace.c -- the wasm frames of a trap, found at no cost until one happens.
 *
 * Generated wasm functions live in their own ELF section, `wasmic_text`
 * (WASMIC_WASM_FUNC in wasmic.h), and each module's descriptor records
 * where that section starts and ends in its library.  Nothing is recorded
 * while wasm runs.  At a trap, the C stack is unwound with the unwind tables
 * (`_Unwind_Backtrace`) from the trap site up to the innermost entry from
 * Python; each return address that lies in a module's `wasmic_text` belongs
 * to the function with the greatest start address not above it (a sorted
 * table per module, built at its first trap).  Nothing else is placed in the
 * section: entries, trampolines and helpers are outside it, and
 * WASMIC_WASM_FUNC forbids the compiler's clones and split-off parts of
 * wasm functions, which would otherwise be attributed to a neighbour.
 *
 * What the C stack cannot show: a function the C compiler inlined into
 * its caller, or left by a sibling call, has no frame of its own.  The
 * innermost function is always known (the trap site names it).
 *
 * Frames are gathered innermost first, at most RT_MAX_FRAMES, into a
 * thread-local buffer that rt_trapped() turns into Python values once the
 * trap has reached its entry.  A host call that raised (rt_trap_pyerr)
 * gathers the frames between it and its entry the same way, and they are
 * appended to a Trap passing through: so wasm -> Python -> wasm -> trap
 * reports the inner frames, then the outer ones.
 */
#include "rt_internal.h"

#if defined(__ELF__) && defined(__GNUC__)
#include <unwind.h>
#define RT_CAN_UNWIND 1
#else
#define RT_CAN_UNWIND 0
#endif

/* ---- modules whose code may be on the stack --------------------------------- */
typedef struct {
    const wasmic_module_desc *desc;
    uintptr_t *starts;   /* defined functions' addresses, ascending; NULL until the first trap */
    uint32_t *indices;   /* function index of each start */
} rt_code_map;

static rt_code_map *rt_maps;
static size_t rt_maps_len, rt_maps_cap;

int rt_backtrace_register(const wasmic_module_desc *desc) {
    if (desc->text_begin == NULL || desc->text_begin == desc->text_end) return 0;
    for (size_t i = 0; i < rt_maps_len; i++)
        if (rt_maps[i].desc == desc) return 0;
    if (rt_maps_len == rt_maps_cap) {
        size_t cap = rt_maps_cap ? rt_maps_cap * 2 : 16;
        rt_code_map *grown = PyMem_RawRealloc(rt_maps, cap * sizeof(rt_code_map));
        if (grown == NULL) return PyErr_NoMemory(), -1;
        rt_maps = grown;
        rt_maps_cap = cap;
    }
    rt_maps[rt_maps_len++] = (rt_code_map){desc, NULL, NULL};
    return 0;
}

static const wasmic_module_desc *rt_sort_desc;

static int by_address(const void *a, const void *b) {
    uintptr_t x = (uintptr_t)rt_sort_desc->func_ptrs[*(const uint32_t *)a];
    uintptr_t y = (uintptr_t)rt_sort_desc->func_ptrs[*(const uint32_t *)b];
    return (x > y) - (x < y);
}

/* Build the sorted table of `map` (0 if memory is short: frames are then
 * just not reported for that module). */
static int rt_map_build(rt_code_map *map) {
    const wasmic_module_desc *desc = map->desc;
    uint32_t n = desc->n_funcs - desc->n_imported_funcs;
    uintptr_t *starts = PyMem_RawMalloc((n ? n : 1) * sizeof(uintptr_t));
    uint32_t *indices = PyMem_RawMalloc((n ? n : 1) * sizeof(uint32_t));
    if (starts == NULL || indices == NULL) {
        PyMem_RawFree(starts);
        PyMem_RawFree(indices);
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) indices[i] = i;
    rt_sort_desc = desc; /* qsort has no context argument; the GIL is held */
    qsort(indices, n, sizeof(uint32_t), by_address);
    for (uint32_t i = 0; i < n; i++) {
        starts[i] = (uintptr_t)desc->func_ptrs[indices[i]];
        indices[i] += desc->n_imported_funcs;
    }
    map->starts = starts;
    map->indices = indices;
    return 1;
}

/* The wasm function holding code address `pc`, if any. */
static int rt_lookup(uintptr_t pc, rt_frame *out) {
    for (size_t m = 0; m < rt_maps_len; m++) {
        rt_code_map *map = &rt_maps[m];
        const wasmic_module_desc *desc = map->desc;
        if (pc < (uintptr_t)desc->text_begin || pc >= (uintptr_t)desc->text_end) continue;
        if (map->starts == NULL && !rt_map_build(map)) return 0;
        size_t lo = 0, hi = desc->n_funcs - desc->n_imported_funcs; /* first start > pc */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (map->starts[mid] <= pc) lo = mid + 1;
            else hi = mid;
        }
        if (lo == 0) return 0;
        out->desc = desc;
        out->func = map->indices[lo - 1];
        return 1;
    }
    return 0;
}

/* ---- gathering ------------------------------------------------------------------ */
static __thread rt_frame *rt_gathered;
static __thread uint32_t rt_gathered_len;

#if RT_CAN_UNWIND
typedef struct {
    uintptr_t stop; /* the entry's frame: walk only the frames below it */
    rt_frame *out;
    uint32_t len;
} rt_walk;

static _Unwind_Reason_Code rt_walk_frame(struct _Unwind_Context *ctx, void *arg) {
    rt_walk *w = arg;
    if ((uintptr_t)_Unwind_GetCFA(ctx) > w->stop) return _URC_END_OF_STACK;
    int before = 0;
    uintptr_t pc = (uintptr_t)_Unwind_GetIPInfo(ctx, &before);
    if (!before && pc) pc--; /* a return address: the call is just before it */
    if (rt_lookup(pc, &w->out[w->len]) && ++w->len == RT_MAX_FRAMES) return _URC_END_OF_STACK;
    return _URC_NO_REASON;
}
#endif

void rt_backtrace_gather(const void *entry) {
    rt_backtrace_discard();
#if RT_CAN_UNWIND
    if (rt_maps_len == 0) return;
    rt_walk w = {(uintptr_t)entry, PyMem_RawMalloc(RT_MAX_FRAMES * sizeof(rt_frame)), 0};
    if (w.out == NULL) return;
    _Unwind_Backtrace(rt_walk_frame, &w);
    rt_gathered = w.out;
    rt_gathered_len = w.len;
#else
    (void)entry;
#endif
}

void rt_backtrace_discard(void) {
    PyMem_RawFree(rt_gathered);
    rt_gathered = NULL;
    rt_gathered_len = 0;
}

static PyObject *frame_tuple(const wasmic_module_desc *desc, uint32_t func) {
    const char *name = func < desc->n_funcs ? desc->func_names[func] : NULL;
    return Py_BuildValue("(zIz)", desc->name, (unsigned int)func, name);
}

PyObject *rt_backtrace_take(const wasmic_module_desc *desc, uint32_t func) {
    PyObject *frames = PyList_New(0);
    uint32_t skip = 0;
    if (frames == NULL) goto done;
    if (desc != NULL && func != UINT32_MAX) {
        /* The trap site's function, then the stack's: the first is the
         * same frame unless the compiler inlined the trapping function. */
        if (rt_gathered_len && rt_gathered[0].desc == desc && rt_gathered[0].func == func) skip = 1;
    }
    for (uint32_t i = skip; i < rt_gathered_len; i++) {
        PyObject *frame = frame_tuple(rt_gathered[i].desc, rt_gathered[i].func);
        if (frame == NULL || PyList_Append(frames, frame) < 0) {
            Py_XDECREF(frame);
            Py_CLEAR(frames);
            break;
        }
        Py_DECREF(frame);
    }
done:
    rt_backtrace_discard();
    return frames;
}
