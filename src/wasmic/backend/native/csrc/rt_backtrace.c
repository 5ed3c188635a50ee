/* rt_backtrace.c -- the wasm frames of a trap, found at no cost until one happens.
 *
 * Generated wasm functions live in their own ELF section, `wasmic_text`
 * (WASMIC_WASM_FUNC in wasmic.h), and each module's descriptor records
 * where that section starts and ends in its library.  Nothing is recorded
 * while wasm runs.  At a trap, the C stack is unwound with the unwind tables
 * (`_Unwind_Backtrace`) from the trap site up to the innermost entry from
 * Python; each return address that lies in a module's `wasmic_text` belongs
 * to the function with the greatest start address not above it (a sorted
 * table per module, built at its first trap), and to the call whose site
 * record (WASMIC_CALL_SITE, section `wasmic_sites`) is the last before it
 * in that function: the frame's byte offset.  Nothing else is placed in the
 * section: entries, trampolines and helpers are outside it, and
 * WASMIC_WASM_FUNC forbids the compiler's clones and split-off parts of
 * wasm functions, which would otherwise be attributed to a neighbour.
 *
 * What the C stack cannot show: a function the C compiler inlined into
 * its caller, or left by a sibling call, has no frame of its own.  The
 * innermost function is always known (the trap site names it).
 *
 * Frames are gathered innermost first, at most RT_GATHERED (the trap site's
 * own may be one of them, then left out: traps.py keeps 1000), into a
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
    uintptr_t *sites;    /* call sites' return points, ascending */
    uint32_t *site_offsets;
    size_t n_sites;
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
    rt_maps[rt_maps_len++] = (rt_code_map){desc, NULL, NULL, NULL, NULL, 0};
    return 0;
}

static const wasmic_module_desc *rt_sort_desc;

static int by_address(const void *a, const void *b) {
    uintptr_t x = (uintptr_t)rt_sort_desc->func_ptrs[*(const uint32_t *)a];
    uintptr_t y = (uintptr_t)rt_sort_desc->func_ptrs[*(const uint32_t *)b];
    return (x > y) - (x < y);
}

typedef struct { uintptr_t at; uint32_t offset; } rt_site;

static int by_site(const void *a, const void *b) {
    uintptr_t x = ((const rt_site *)a)->at, y = ((const rt_site *)b)->at;
    return (x > y) - (x < y);
}

/* The call sites of `desc`, sorted (n 0 without a table or memory). */
static void rt_sites_build(rt_code_map *map) {
    const wasmic_module_desc *desc = map->desc;
    if (desc->sites_begin == NULL || desc->sites_end <= desc->sites_begin) return;
    size_t n = (size_t)(desc->sites_end - desc->sites_begin);
    rt_site *sorted = PyMem_RawMalloc(n * sizeof(rt_site));
    uintptr_t *sites = PyMem_RawMalloc(n * sizeof(uintptr_t));
    uint32_t *offsets = PyMem_RawMalloc(n * sizeof(uint32_t));
    if (sorted && sites && offsets) {
        for (size_t i = 0; i < n; i++) {
            const wasmic_call_site *site = &desc->sites_begin[i];
            sorted[i] = (rt_site){(uintptr_t)&site->rel + (uintptr_t)(intptr_t)site->rel, site->offset};
        }
        qsort(sorted, n, sizeof(rt_site), by_site);
        for (size_t i = 0; i < n; i++) {
            sites[i] = sorted[i].at;
            offsets[i] = sorted[i].offset;
        }
        map->sites = sites;
        map->site_offsets = offsets;
        map->n_sites = n;
    } else {
        PyMem_RawFree(sites);
        PyMem_RawFree(offsets);
    }
    PyMem_RawFree(sorted);
}

/* Build the sorted tables of `map` (0 if memory is short: frames are then
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
    rt_sites_build(map);
    return 1;
}

/* First index of `sorted` (n entries) holding a value > `value` (or >= with `or_equal`). */
static size_t rt_upper(const uintptr_t *sorted, size_t n, uintptr_t value, int or_equal) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < value || (!or_equal && sorted[mid] == value)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The wasm function holding the call that returns to `ret`, if any, and
 * the call's offset: the function's direct call to itself if `inner` (the
 * frame it called) is the same function and it has such a call, else the
 * last call site before `ret` in the function. */
static int rt_lookup(uintptr_t ret, const rt_frame *inner, rt_frame *out) {
    uintptr_t pc = ret - 1; /* inside the call instruction */
    for (size_t m = 0; m < rt_maps_len; m++) {
        rt_code_map *map = &rt_maps[m];
        const wasmic_module_desc *desc = map->desc;
        if (pc < (uintptr_t)desc->text_begin || pc >= (uintptr_t)desc->text_end) continue;
        if (map->starts == NULL && !rt_map_build(map)) return 0;
        size_t n = desc->n_funcs - desc->n_imported_funcs;
        size_t next = rt_upper(map->starts, n, pc, 0); /* first function starting after pc */
        if (next == 0) return 0;
        uint32_t func = map->indices[next - 1];
        uint32_t self = desc->self_calls ? desc->self_calls[func - desc->n_imported_funcs] : WASMIC_NO_SELF_CALL;
        out->desc = desc;
        out->func = func;
        if (inner && inner->desc == desc && inner->func == func && self != WASMIC_NO_SELF_CALL) {
            out->offset = self == WASMIC_SELF_CALLS ? RT_NO_OFFSET : self;
        } else {
            size_t site = rt_upper(map->sites, map->n_sites, ret, 1); /* first site at or after ret */
            out->offset = site > 0 && map->sites[site - 1] >= map->starts[next - 1] ? map->site_offsets[site - 1]
                                                                                    : RT_NO_OFFSET;
        }
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
    int trap_site;  /* the first wasm frame is the one that trapped (its call is to the trap, not a site) */
} rt_walk;

static _Unwind_Reason_Code rt_walk_frame(struct _Unwind_Context *ctx, void *arg) {
    rt_walk *w = arg;
    if ((uintptr_t)_Unwind_GetCFA(ctx) > w->stop) return _URC_END_OF_STACK;
    int before = 0;
    uintptr_t ip = (uintptr_t)_Unwind_GetIPInfo(ctx, &before);
    /* a return address (a signal frame's ip would be the faulting instruction: none here) */
    if (before || !ip || !rt_lookup(ip, w->len ? &w->out[w->len - 1] : NULL, &w->out[w->len]))
        return _URC_NO_REASON;
    if (w->len == 0 && w->trap_site) w->out[0].offset = RT_NO_OFFSET;
    return ++w->len == RT_GATHERED ? _URC_END_OF_STACK : _URC_NO_REASON;
}
#endif

void rt_backtrace_gather(const void *entry, int trap_site) {
    rt_backtrace_discard();
#if RT_CAN_UNWIND
    if (rt_maps_len == 0) return;
    rt_walk w = {(uintptr_t)entry, PyMem_RawMalloc(RT_GATHERED * sizeof(rt_frame)), 0, trap_site};
    if (w.out == NULL) return;
    _Unwind_Backtrace(rt_walk_frame, &w);
    rt_gathered = w.out;
    rt_gathered_len = w.len;
#else
    (void)entry;
    (void)trap_site;
#endif
}

void rt_backtrace_discard(void) {
    PyMem_RawFree(rt_gathered);
    rt_gathered = NULL;
    rt_gathered_len = 0;
}

/* (module name, function index, function name, offset in the function,
 * offset in the module), the offsets None when unknown. */
static PyObject *frame_tuple(const wasmic_module_desc *desc, uint32_t func, uint32_t offset) {
    const char *name = func < desc->n_funcs ? desc->func_names[func] : NULL;
    uint32_t position = func - desc->n_imported_funcs, defined = desc->n_funcs - desc->n_imported_funcs;
    uint32_t body = func >= desc->n_imported_funcs && func < desc->n_funcs ? desc->body_offsets[position]
                                                                           : RT_NO_OFFSET;
    uint32_t body_end = position + 1 < defined ? desc->body_offsets[position + 1] : RT_NO_OFFSET;
    /* An offset outside the function's body belongs to a callee the C
     * compiler inlined into it: not this frame's. */
    if (body == RT_NO_OFFSET || offset < body || offset >= body_end) offset = RT_NO_OFFSET;
    PyObject *in_func = offset != RT_NO_OFFSET ? PyLong_FromUnsignedLong(offset - body) : Py_NewRef(Py_None);
    PyObject *in_module = offset != RT_NO_OFFSET ? PyLong_FromUnsignedLong(offset) : Py_NewRef(Py_None);
    PyObject *frame = in_func && in_module ? Py_BuildValue("(zIzOO)", desc->name, (unsigned int)func, name,
                                                          in_func, in_module) : NULL;
    Py_XDECREF(in_func);
    Py_XDECREF(in_module);
    return frame;
}

static int append_frame(PyObject *frames, const wasmic_module_desc *desc, uint32_t func, uint32_t offset) {
    PyObject *frame = frame_tuple(desc, func, offset);
    int failed = frame == NULL || PyList_Append(frames, frame) < 0;
    Py_XDECREF(frame);
    return failed ? -1 : 0;
}

PyObject *rt_backtrace_take(const wasmic_module_desc *desc, uint32_t func, uint32_t offset) {
    PyObject *frames = PyList_New(0);
    uint32_t skip = 0;
    if (frames != NULL && desc != NULL && func != UINT32_MAX) {
        /* The trap site's function first, then the stack's: the first is the
         * same frame unless the compiler inlined the trapping function. */
        if (rt_gathered_len && rt_gathered[0].desc == desc && rt_gathered[0].func == func) skip = 1;
        if (append_frame(frames, desc, func, offset) < 0) Py_CLEAR(frames);
    }
    for (uint32_t i = skip; frames != NULL && i < rt_gathered_len; i++)
        if (append_frame(frames, rt_gathered[i].desc, rt_gathered[i].func, rt_gathered[i].offset) < 0)
            Py_CLEAR(frames);
    rt_backtrace_discard();
    return frames;
}
