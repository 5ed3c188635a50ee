/* wasmic.h -- what generated code and the native runtime agree on.
 *
 * No Python.h here: the C files holding wasm function bodies include only
 * this (and wasmic_num.h), so they compile fast.  Python objects appear as
 * opaque `struct _object *` (CPython's tag for PyObject).
 *
 * Invariants every part relies on:
 *  - values: i32/i64 are uint32_t/uint64_t (wrapping, no signed overflow),
 *    f32/f64 are float/double, funcref is `const wasmic_funcref *`,
 *    externref is a borrowed `struct _object *`; NULL is the null reference.
 *  - every wasm function has the C type
 *        R f(void *ctx, uintptr_t stack_limit, P0 p0, P1 p1, ...)
 *    where R is void, the one result's type, or a `struct wasmic_res_<codes>`
 *    for several results.  A funcref stores `fn` as a generic pointer; it is
 *    only ever called through the exact type of its signature, after the
 *    canonical type ids were compared, so no call goes through a function
 *    pointer of the wrong type.
 *  - traps leave through WASMIC_RT->trap(), which longjmps to the innermost
 *    entry from Python on this thread (see rt_entry.c).
 */
#ifndef WASMIC_H
#define WASMIC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "wasmic's native tier needs a little-endian host (memory is accessed with memcpy)"
#endif
#if defined(__FAST_MATH__)
#error "wasmic's native tier must not be compiled with -ffast-math"
#endif

/* Bumped whenever a struct below or the API table changes layout. */
#define WASMIC_ABI 7

#define WASMIC_LIKELY(x) __builtin_expect(!!(x), 1)
#define WASMIC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WASMIC_NORETURN __attribute__((noreturn))
#define WASMIC_HIDDEN __attribute__((visibility("hidden")))
#define WASMIC_INLINE static inline __attribute__((always_inline))
/* A fact the optimizer may rely on (never checked: it must be true). */
#define WASMIC_ASSUME(x) do { if (!(x)) __builtin_unreachable(); } while (0)

struct _object;
typedef struct _object wasmic_pyobj;
typedef void (*wasmic_fn)(void);

/* ---- trap codes: wasmtime's TrapCode values, plus two of our own ---------- */
enum {
    WASMIC_TRAP_STACK_OVERFLOW = 0,
    WASMIC_TRAP_MEMORY_OUT_OF_BOUNDS = 1,
    WASMIC_TRAP_TABLE_OUT_OF_BOUNDS = 3,
    WASMIC_TRAP_INDIRECT_CALL_TO_NULL = 4,
    WASMIC_TRAP_BAD_SIGNATURE = 5,
    WASMIC_TRAP_INTEGER_OVERFLOW = 6,
    WASMIC_TRAP_INTEGER_DIVISION_BY_ZERO = 7,
    WASMIC_TRAP_BAD_CONVERSION_TO_INTEGER = 8,
    WASMIC_TRAP_UNREACHABLE = 9,
    WASMIC_TRAP_INTERRUPT = 10,
    WASMIC_TRAP_OUT_OF_FUEL = 11,
    /* TABLE_OUT_OF_BOUNDS reported as the spec's "undefined element". */
    WASMIC_TRAP_UNDEFINED_ELEMENT = 100,
    /* A Python exception is set (a host function raised): re-raise it. */
    WASMIC_TRAP_PYERR = 101,
};

/* ---- runtime values ------------------------------------------------------- */
typedef struct wasmic_funcref {
    uint32_t type_id;    /* engine-canonical id of the signature */
    uint32_t func_index; /* index in its home module, for names and backtraces */
    wasmic_fn fn;        /* the function, or a host trampoline */
    void *ctx;           /* first argument of fn: instance struct or host callable */
    wasmic_pyobj *owner; /* keeps ctx alive: the Instance object */
    void *pycall;        /* PyObject *(*)(PyObject *self, PyObject *const *, Py_ssize_t) */
    wasmic_pyobj *pyfunc;/* the Func object standing for it, if one exists (borrowed) */
} wasmic_funcref;

typedef union wasmic_value {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    const wasmic_funcref *func;
    wasmic_pyobj *ext;
} wasmic_value;

/* Value type codes, as in signatures: "iIfFre". */
#define WASMIC_I32 'i'
#define WASMIC_I64 'I'
#define WASMIC_F32 'f'
#define WASMIC_F64 'F'
#define WASMIC_FUNCREF 'r'
#define WASMIC_EXTERNREF 'e'

#define WASMIC_PAGE 65536u
#define WASMIC_MAX_PAGES 65536u

typedef struct wasmic_memory {
    uint8_t *base;      /* never NULL; never moves when `mapped` */
    uint64_t size;      /* bytes accessible, a multiple of the page size */
    uint64_t max_pages; /* growth limit: declared max, 65536, or a store limit */
    uint64_t reserved;  /* bytes of address space reserved (mapped) or allocated */
    int64_t exports;    /* live buffer-protocol views */
    uint32_t has_max;   /* the declared type has a maximum (for import matching) */
    uint32_t decl_max;  /* the declared maximum in pages */
    int mapped;         /* 1: mmap reservation, grow by mprotect; 0: realloc */
    const uint64_t *limit; /* the store's limit on a memory's bytes, or NULL */
} wasmic_memory;

typedef struct wasmic_table {
    void **elems;      /* funcref tables: const wasmic_funcref *; externref: PyObject * */
    uint32_t size;
    uint32_t max;      /* growth limit */
    uint32_t has_max;
    uint32_t capacity; /* allocated slots */
    char elem;         /* WASMIC_FUNCREF or WASMIC_EXTERNREF */
    const uint64_t *limit; /* the store's limit on a table's elements, or NULL */
} wasmic_table;

/* The instance as the runtime sees it; generated code embeds it first in a
 * module-specific struct with fixed-size arrays (see emit_layout.py). */
typedef struct wasmic_inst {
    const struct wasmic_module_desc *desc;
    wasmic_pyobj *owner;             /* the Instance object (borrowed) */
    wasmic_memory *mem0;             /* NULL when the module has no memory */
    wasmic_value **globals;          /* cell of every global, imports first */
    const wasmic_funcref **funcs;    /* funcref of every function, imports first */
    wasmic_funcref *func_store;      /* storage: defined functions, then host imports */
    wasmic_table **tables;
    uint32_t *type_ids;              /* canonical id per type index */
    uint8_t *data_dropped;           /* per data segment */
    uint32_t *elem_sizes;            /* per elem segment; 0 once dropped */
    void ***elem_items;              /* per elem segment, evaluated at instantiation */
    uint64_t stack_budget;           /* bytes of C stack wasm may use below an entry */
    /* Meters (read by code compiled with fuel/epochs): cells owned by the
     * store and engine, or the own_* defaults (unlimited) when none given. */
    int64_t *fuel;                   /* fuel left; out of fuel when negative */
    const uint64_t *epoch;           /* the engine's epoch */
    const uint64_t *epoch_deadline;  /* interrupt once *epoch >= *epoch_deadline */
    int64_t own_fuel;
    uint64_t own_epoch, own_deadline;
} wasmic_inst;

/* ---- the module descriptor: static data emitted per module ---------------- */
typedef struct { char kind; uint64_t value; } wasmic_const;
/* kind: i I f F (value = bit pattern), n (null), r (ref.func value), g (global.get value) */

typedef struct { const char *params; const char *results; } wasmic_type;

typedef struct {
    const char *module, *name;
    char kind;      /* 'f' func, 't' table, 'm' memory, 'g' global */
    uint32_t index; /* func: type index; else index in its own index space */
} wasmic_import;

typedef struct { const char *name; uint32_t name_len; char kind; uint32_t index; } wasmic_export;

typedef struct { uint64_t min, max; char has_max; char elem; } wasmic_limits;

typedef struct {
    char type, mutable_;
    int32_t private_slot; /* >= 0: stored in the instance, not shareable */
    wasmic_const init;
} wasmic_global_desc;

typedef struct {
    char mode;  /* 'p' passive, 'a' active, 'd' declarative */
    char elem;
    uint32_t table;
    wasmic_const offset;
    uint32_t n;
    const wasmic_const *items;
} wasmic_elem_desc;

typedef struct {
    char mode; /* 'p' passive, 'a' active */
    uint32_t memory;
    wasmic_const offset;
    uint32_t len;
    const uint8_t *bytes;
} wasmic_data_desc;

/* A call site: where its call returns to (relative to the field itself, so
 * the table needs no relocation) and the call's byte offset in the module. */
typedef struct { int32_t rel; uint32_t offset; } wasmic_call_site;

typedef struct wasmic_module_desc {
    uint32_t abi;
    const char *name;       /* module name from the name section, or NULL */
    uint32_t n_types;
    const wasmic_type *types;
    uint32_t n_imports;
    const wasmic_import *imports;
    uint32_t n_funcs, n_imported_funcs;
    const uint32_t *func_types;   /* type index of every function */
    const char *const *func_names;/* every function, NULL when unnamed */
    const wasmic_fn *func_ptrs;   /* defined functions */
    const void *const *pycalls;   /* defined functions: the entry for their signature */
    const wasmic_fn *trampolines; /* imported functions: host trampoline */
    uint32_t n_tables, n_imported_tables;
    const wasmic_limits *tables;  /* every table (imports included: their declared type) */
    uint32_t n_mems, n_imported_mems;
    const wasmic_limits *mems;
    uint32_t n_globals, n_imported_globals;
    const wasmic_global_desc *globals;
    uint32_t n_exports;
    const wasmic_export *exports;
    uint32_t n_elems;
    const wasmic_elem_desc *elems;
    uint32_t n_datas;
    const wasmic_data_desc *datas;
    int64_t start;                /* function index, or -1 */
    /* layout of the generated instance struct */
    size_t inst_size, off_globals, off_private, off_funcs, off_store, off_tables, off_type_ids;
    /* For backtraces (rt_backtrace.c): where the defined functions' code is
     * (WASMIC_WASM_FUNC) and their call sites (WASMIC_CALL_SITE), NULL if
     * unknown; the byte offset where each defined function's code (its locals
     * declarations) starts, which frames' func_offset counts from
     * (0xffffffff when the module came from text). */
    const char *text_begin, *text_end;
    const wasmic_call_site *sites_begin, *sites_end;
    const uint32_t *body_offsets;
    /* per defined function, the offset of its direct call to itself, which
     * has no call site record (WASMIC_CALL_SITE would keep the C compiler
     * from optimizing the recursion): WASMIC_NO_SELF_CALL, or
     * WASMIC_SELF_CALLS when it has several */
    const uint32_t *self_calls;
} wasmic_module_desc;
#define WASMIC_NO_SELF_CALL 0xffffffffu
#define WASMIC_SELF_CALLS 0xfffffffeu

/* Defined wasm functions: hidden, and alone in the section `wasmic_text`
 * so that a code address maps back to its function (rt_backtrace.c); no
 * compiler clones or split-off parts, which would have no entry in the
 * descriptor.  The section's bounds come from the linker. */
#if defined(__ELF__)
#if defined(__has_attribute) && __has_attribute(noclone)
#define WASMIC_WASM_FUNC WASMIC_HIDDEN __attribute__((section("wasmic_text"), noclone))
#else
#define WASMIC_WASM_FUNC WASMIC_HIDDEN __attribute__((section("wasmic_text")))
#endif
extern const char __start_wasmic_text[] __attribute__((weak, visibility("hidden")));
extern const char __stop_wasmic_text[] __attribute__((weak, visibility("hidden")));
#define WASMIC_TEXT_BEGIN __start_wasmic_text
#define WASMIC_TEXT_END __stop_wasmic_text
/* Before a call: a wasmic_call_site in the section `wasmic_sites` whose
 * address is the label emitted here (no instruction: a volatile asm
 * statement, which the compiler keeps before the call, in its block), so
 * the last site before a return address names the wasm call instruction.
 * Before, not after: an asm after the call would stop the compiler from
 * turning recursion into loops (fib 2x slower). */
#define WASMIC_CALL_SITE(offset)                                                       \
    __asm__ volatile inline(".pushsection wasmic_sites,\"a\"\n\t.balign 4\n\t.long 1f - .\n\t" \
                     ".long %c0\n\t.popsection\n1:" ::"i"(offset))
extern const wasmic_call_site __start_wasmic_sites[] __attribute__((weak, visibility("hidden")));
extern const wasmic_call_site __stop_wasmic_sites[] __attribute__((weak, visibility("hidden")));
#define WASMIC_SITES_BEGIN __start_wasmic_sites
#define WASMIC_SITES_END __stop_wasmic_sites
#else
#define WASMIC_WASM_FUNC WASMIC_HIDDEN
#define WASMIC_TEXT_BEGIN NULL
#define WASMIC_TEXT_END NULL
#define WASMIC_CALL_SITE(offset) ((void)0)
#define WASMIC_SITES_BEGIN NULL
#define WASMIC_SITES_END NULL
#endif

/* ---- entries from Python and the runtime's function table ----------------- */
#include <setjmp.h>
typedef struct wasmic_entry {
    sigjmp_buf jb;
    struct wasmic_entry *prev;
    const wasmic_module_desc *desc; /* where the trap happened */
    int32_t code;                   /* trap code once trapped */
    uint32_t func, offset;
} wasmic_entry;
/* Non-mask-saving: a mask-saving setjmp costs a syscall per call. */
#define WASMIC_SETJMP(e) sigsetjmp((e).jb, 0)

typedef struct wasmic_api {
    uint32_t abi, size;
    /* Entries from Python.  enter links `e` as this thread's innermost
     * entry and returns the stack limit for `inst` (0 with an exception
     * set when it cannot enter); after it the caller must sigsetjmp(e->jb)
     * in its own frame, then call leave() on return or trapped() when the
     * setjmp returned again (which raises and returns NULL). */
    uintptr_t (*enter)(wasmic_entry *e, const wasmic_inst *inst);
    void (*leave)(wasmic_entry *e);
    wasmic_pyobj *(*trapped)(wasmic_entry *e);
    /* traps: never return */
    WASMIC_NORETURN void (*trap)(const wasmic_module_desc *desc, int32_t code, uint32_t func, uint32_t offset);
    WASMIC_NORETURN void (*trap_pyerr)(void);
    /* memory; the int32_t results are trap codes, 0 when all went well */
    uint32_t (*memory_grow)(wasmic_memory *m, uint32_t delta);
    int32_t (*memory_fill)(wasmic_memory *m, uint32_t d, uint32_t value, uint32_t n);
    int32_t (*memory_copy)(wasmic_memory *dst, wasmic_memory *src, uint32_t d, uint32_t s, uint32_t n);
    int32_t (*memory_init)(wasmic_inst *inst, uint32_t seg, uint32_t d, uint32_t s, uint32_t n);
    void (*data_drop)(wasmic_inst *inst, uint32_t seg);
    /* tables and references (table_set expects a checked index) */
    void (*table_set)(wasmic_table *t, uint32_t i, void *value);
    uint32_t (*table_grow)(wasmic_table *t, void *init, uint32_t delta);
    int32_t (*table_fill)(wasmic_table *t, uint32_t i, void *value, uint32_t n);
    int32_t (*table_copy)(wasmic_table *dst, wasmic_table *src, uint32_t d, uint32_t s, uint32_t n);
    int32_t (*table_init)(wasmic_inst *inst, uint32_t seg, wasmic_table *t, uint32_t d, uint32_t s, uint32_t n);
    void (*elem_drop)(wasmic_inst *inst, uint32_t seg);
    void (*global_set_ref)(wasmic_value *cell, char type, void *value);
    /* the Python boundary, for generated entries and trampolines */
    wasmic_pyobj *(*argc_error)(wasmic_pyobj *func, intptr_t got);
    wasmic_pyobj *(*arg_error)(wasmic_pyobj *func, int index, char type, wasmic_pyobj *got);
    /* index < 0: the result was not None (-1) or a tuple of -index-1 values */
    void (*result_error)(wasmic_pyobj *callable, int index, char type, wasmic_pyobj *got);
    wasmic_pyobj *(*funcref_to_py)(const wasmic_funcref *ref);
    int (*funcref_from_py)(wasmic_pyobj *obj, const wasmic_funcref **out);
    void (*keep)(wasmic_pyobj *obj); /* steals a reference; released when no wasm runs */
    /* A host result wrapped in wasmic's Val: its value as a `type` result (new
     * reference); NULL and no new error if `obj` is no Val, NULL with an error
     * if it is a Val of another type. */
    wasmic_pyobj *(*unwrap_val)(wasmic_pyobj *obj, char type);
    /* the extension module's instantiate() */
    wasmic_pyobj *(*instantiate)(const wasmic_module_desc *desc, wasmic_pyobj *module,
                                 wasmic_pyobj *const *args, intptr_t nargs);
} wasmic_api;

/* Set by each module's exec slot from the runtime's capsule. */
extern const wasmic_api *WASMIC_RT WASMIC_HIDDEN;
/* Each module's descriptor, defined in its glue file. */
extern const wasmic_module_desc wasmic_desc WASMIC_HIDDEN;

/* The stack check: a function that calls others traps when its stack
 * pointer is below `sl`.  Every call passes `sl + WASMIC_CALL_COST`, so
 * the limit also rises per call: recursion the compiler turned into a loop
 * (sibling-call optimization, kept on for speed) still exhausts the budget
 * and traps instead of running forever. */
#define WASMIC_CALL_COST 32
/* The frame address, not an asm read of the stack pointer: asm keeps GCC
 * from optimizing recursion (fib(30) 2.5x slower). */
#define WASMIC_STACK_POINTER() ((uintptr_t)__builtin_frame_address(0))

/* Trap sites call a small local cold function with three immediates: a
 * call through WASMIC_RT at each site makes functions look bigger to the
 * optimizer (GCC then stops optimizing recursion: fib(30) 2.4x slower). */
__attribute__((noinline, cold, noreturn, unused))
static void wasmic_trap_at(int32_t code, uint32_t func, uint32_t offset) {
    WASMIC_RT->trap(&wasmic_desc, code, func, offset);
    __builtin_unreachable();
}
#define WASMIC_TRAP(code, func, offset) wasmic_trap_at((code), (func), (offset))

#include "wasmic_num.h"

#endif
