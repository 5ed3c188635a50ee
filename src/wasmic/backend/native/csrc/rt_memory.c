/* rt_memory.c -- linear memories: allocation, growth, bulk operations, and
 * the Memory object with its buffer protocol.
 *
 * Growth vs. exported buffers: on 64-bit POSIX hosts a memory reserves its
 * whole maximum (4 GiB without a declared max) as PROT_NONE address space
 * up front and grows with mprotect, so its base never moves and a
 * memoryview/numpy array over it stays valid forever (it keeps its length
 * at creation; take a new view to see grown pages).  Reservations cost
 * address space only.  Where a reservation is impossible, memory lives in
 * realloc'ed storage, and memory.grow fails (returns -1, as wasm allows)
 * while a buffer is exported, instead of moving memory under a view.
 */
#include "rt_internal.h"

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define RT_CAN_MAP (UINTPTR_MAX > 0xffffffffu)
#else
#define RT_CAN_MAP 0
#endif

int rt_memory_mapping = 1;

static int memory_reserve(wasmic_memory *m, uint64_t min_pages) {
#if RT_CAN_MAP
    if (!rt_memory_mapping) return -1;
    uint64_t reserve = (m->max_pages ? m->max_pages : 1) * (uint64_t)WASMIC_PAGE;
    void *base = mmap(NULL, (size_t)reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) return -1;
    if (min_pages && mprotect(base, (size_t)(min_pages * WASMIC_PAGE), PROT_READ | PROT_WRITE) != 0) {
        munmap(base, (size_t)reserve);
        return -1;
    }
    m->base = base;
    m->reserved = reserve;
    m->mapped = 1;
    return 0;
#else
    (void)m; (void)min_pages;
    return -1;
#endif
}

static int memory_allocate(wasmic_memory *m, uint64_t min_pages) {
    uint64_t bytes = min_pages * (uint64_t)WASMIC_PAGE;
    if (bytes > SIZE_MAX) return -1;
    m->base = calloc(bytes ? (size_t)bytes : 1, 1);
    if (m->base == NULL) return -1;
    m->reserved = bytes;
    m->mapped = 0;
    return 0;
}

PyObject *rt_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max, PyObject *store_cells) {
    if (min_pages > WASMIC_MAX_PAGES || (has_max && max_pages < min_pages))
        return rt_error("memory size must be at most 65536 pages (4GiB)");
    rt_memory_obj *self = PyObject_New(rt_memory_obj, &rt_memory_type);
    if (self == NULL) return NULL;
    wasmic_memory *m = &self->mem;
    memset(m, 0, sizeof *m);
    self->weakrefs = NULL;
    void *limit;
    if (rt_store_cell(store_cells, RT_CELL_MEMORY_LIMIT, 0, 1, &self->limit_view, &limit) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    m->limit = limit;
    if (m->limit && min_pages * WASMIC_PAGE > *m->limit) {
        Py_DECREF(self);
        return rt_error("memory minimum size of %llu pages exceeds memory limits",
                        (unsigned long long)min_pages);
    }
    m->has_max = has_max ? 1 : 0;
    m->decl_max = has_max ? (uint32_t)(max_pages > WASMIC_MAX_PAGES ? WASMIC_MAX_PAGES : max_pages) : 0;
    m->max_pages = has_max && max_pages < WASMIC_MAX_PAGES ? max_pages : WASMIC_MAX_PAGES;
    if (memory_reserve(m, min_pages) != 0 && memory_allocate(m, min_pages) != 0) {
        m->base = NULL;
        Py_DECREF(self);
        return rt_error("cannot allocate a memory of %llu pages", (unsigned long long)min_pages);
    }
    m->size = min_pages * (uint64_t)WASMIC_PAGE;
    return (PyObject *)self;
}

uint32_t rt_memory_grow(wasmic_memory *m, uint32_t delta) {
    uint64_t old_pages = m->size / WASMIC_PAGE;
    uint64_t new_pages = old_pages + delta;
    if (delta == 0) return (uint32_t)old_pages;
    uint64_t new_size = new_pages * (uint64_t)WASMIC_PAGE;
    if (new_pages > m->max_pages || (m->limit && new_size > *m->limit)) return UINT32_MAX;
#if RT_CAN_MAP
    if (m->mapped) {
        if (new_size > m->reserved ||
            mprotect(m->base + m->size, (size_t)(new_size - m->size), PROT_READ | PROT_WRITE) != 0)
            return UINT32_MAX;
        m->size = new_size;
        return (uint32_t)old_pages;
    }
#endif
    if (m->exports > 0 || new_size > SIZE_MAX) return UINT32_MAX;
    uint8_t *grown = realloc(m->base, (size_t)new_size);
    if (grown == NULL) return UINT32_MAX;
    memset(grown + m->size, 0, (size_t)(new_size - m->size));
    m->base = grown;
    m->reserved = new_size;
    m->size = new_size;
    return (uint32_t)old_pages;
}

int32_t rt_memory_fill(wasmic_memory *m, uint32_t d, uint32_t value, uint32_t n) {
    if ((uint64_t)d + n > m->size) return WASMIC_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (n) memset(m->base + d, (int)(uint8_t)value, n);
    return 0;
}

int32_t rt_memory_copy(wasmic_memory *dst, wasmic_memory *src, uint32_t d, uint32_t s, uint32_t n) {
    if ((uint64_t)s + n > src->size || (uint64_t)d + n > dst->size) return WASMIC_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (n) memmove(dst->base + d, src->base + s, n);
    return 0;
}

int32_t rt_memory_init(wasmic_inst *inst, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
    const wasmic_data_desc *data = &inst->desc->datas[seg];
    uint64_t len = inst->data_dropped[seg] ? 0 : data->len;
    wasmic_memory *m = inst->mem0;
    if ((uint64_t)s + n > len || (uint64_t)d + n > m->size) return WASMIC_TRAP_MEMORY_OUT_OF_BOUNDS;
    if (n) memcpy(m->base + d, data->bytes + s, n);
    return 0;
}

void rt_data_drop(wasmic_inst *inst, uint32_t seg) { inst->data_dropped[seg] = 1; }

/* ---- the Python object -------------------------------------------------- */
static void memory_dealloc(rt_memory_obj *self) {
    wasmic_memory *m = &self->mem;
    if (self->weakrefs) PyObject_ClearWeakRefs((PyObject *)self);
    if (self->limit_view.obj) PyBuffer_Release(&self->limit_view);
    if (m->base) {
#if RT_CAN_MAP
        if (m->mapped) munmap(m->base, (size_t)m->reserved);
        else
#endif
            free(m->base);
    }
    PyObject_Free(self);
}

static PyObject *memory_py_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"min_pages", "max_pages", "store_cells", NULL};
    unsigned long long min_pages;
    PyObject *max = Py_None, *cells = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "K|OO:Memory", names, &min_pages, &max, &cells)) return NULL;
    unsigned long long max_pages = 0;
    if (max != Py_None) {
        max_pages = PyLong_AsUnsignedLongLong(max);
        if (max_pages == (unsigned long long)-1 && PyErr_Occurred()) return NULL;
    }
    (void)type;
    return rt_memory_new(min_pages, max_pages, max != Py_None, cells);
}

static int memory_getbuffer(rt_memory_obj *self, Py_buffer *view, int flags) {
    wasmic_memory *m = &self->mem;
    if (PyBuffer_FillInfo(view, (PyObject *)self, m->base, (Py_ssize_t)m->size, 0, flags) < 0) return -1;
    m->exports++;
    return 0;
}

static void memory_releasebuffer(rt_memory_obj *self, Py_buffer *view) {
    (void)view;
    self->mem.exports--;
}

static PyObject *memory_grow_py(rt_memory_obj *self, PyObject *arg) {
    unsigned long delta = PyLong_AsUnsignedLong(arg);
    if (delta == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    if (delta > UINT32_MAX) return PyLong_FromLong(-1);
    uint32_t old = rt_memory_grow(&self->mem, (uint32_t)delta);
    return PyLong_FromLong(old == UINT32_MAX ? -1L : (long)old);
}

static PyObject *memory_pages(rt_memory_obj *self, void *closure) {
    (void)closure;
    return PyLong_FromUnsignedLongLong(self->mem.size / WASMIC_PAGE);
}

static PyObject *memory_data_len(rt_memory_obj *self, void *closure) {
    (void)closure;
    return PyLong_FromUnsignedLongLong(self->mem.size);
}

static PyObject *memory_max(rt_memory_obj *self, void *closure) {
    (void)closure;
    if (!self->mem.has_max) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(self->mem.decl_max);
}

static PyObject *memory_address(rt_memory_obj *self, void *closure) {
    (void)closure;
    return PyLong_FromVoidPtr(self->mem.base);
}

static PyMethodDef memory_methods[] = {
    {"grow", (PyCFunction)memory_grow_py, METH_O,
     "grow(delta_pages) -> previous size in pages, or -1 if the memory cannot grow"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef memory_getset[] = {
    {"pages", (getter)memory_pages, NULL, "current size in pages", NULL},
    {"data_len", (getter)memory_data_len, NULL, "current size in bytes", NULL},
    {"max_pages", (getter)memory_max, NULL, "declared maximum in pages, or None", NULL},
    {"address", (getter)memory_address, NULL, "address of byte 0 (stable while mapped)", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyBufferProcs memory_as_buffer = {(getbufferproc)memory_getbuffer, (releasebufferproc)memory_releasebuffer};

PyTypeObject rt_memory_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_wasmic_native_rt.Memory",
    .tp_doc = "Memory(min_pages, max_pages=None, store_cells=None): a native linear memory; "
              "supports the buffer protocol (zero-copy memoryview, numpy.frombuffer).  Growth "
              "stops at the store's memory limit (store cell 2, bytes) when given.",
    .tp_basicsize = sizeof(rt_memory_obj),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = memory_py_new,
    .tp_dealloc = (destructor)memory_dealloc,
    .tp_as_buffer = &memory_as_buffer,
    .tp_methods = memory_methods,
    .tp_getset = memory_getset,
    .tp_weaklistoffset = offsetof(rt_memory_obj, weakrefs),
};
