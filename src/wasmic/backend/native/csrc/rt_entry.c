/* rt_entry.c -- entries from Python, traps, the stack limit, deferred releases.
 *
 * Each thread has a chain of entries (innermost first).  An entry's jump
 * buffer lives in the frame of the generated entry function, which calls
 * sigsetjmp(buf, 0) itself: savemask 0, because saving the signal mask is a
 * syscall per call.  A trap longjmps to the innermost entry of its thread,
 * so wasm -> Python -> wasm -> trap lands in the inner entry, and the outer
 * one is untouched.  The chain is thread-local: another thread may run wasm
 * while this one is inside a host call.
 *
 * Stack: the outermost entry of a thread fixes a limit `stack_budget` bytes
 * below its frame (never closer than RT_STACK_MARGIN to the thread's real
 * stack end); nested entries reuse it, so recursion through Python cannot
 * reset the budget.  Functions that call others compare their frame address
 * with the limit and trap with "call stack exhausted".
 */
#include "rt_internal.h"
#include <pthread.h>

#define RT_STACK_MARGIN (128 * 1024)

typedef struct {
    wasmic_entry *top;
    uintptr_t limit;
    uintptr_t stack_low; /* lowest usable address of the thread's stack, 0 if unknown */
    int probed;
} rt_thread;

static __thread rt_thread rt_tls;

static Py_ssize_t rt_active;   /* entries from Python running, all threads */
static PyObject **rt_pending;  /* references to release when rt_active is 0 */
static Py_ssize_t rt_pending_len, rt_pending_cap;

static uintptr_t thread_stack_low(void) {
#if defined(__linux__) && defined(__GLIBC__)
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        int ok = pthread_attr_getstack(&attr, &addr, &size) == 0;
        pthread_attr_destroy(&attr);
        if (ok) return (uintptr_t)addr;
    }
#elif defined(__APPLE__)
    pthread_t self = pthread_self();
    return (uintptr_t)pthread_get_stackaddr_np(self) - pthread_get_stacksize_np(self);
#endif
    return 0;
}

uintptr_t rt_enter(wasmic_entry *e, const wasmic_inst *inst) {
    rt_thread *t = &rt_tls;
    if (t->top == NULL) {
        uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
        uintptr_t budget = (uintptr_t)inst->stack_budget;
        uintptr_t limit = sp > budget ? sp - budget : 1;
        if (!t->probed) {
            t->stack_low = thread_stack_low();
            t->probed = 1;
        }
        if (t->stack_low && limit < t->stack_low + RT_STACK_MARGIN) limit = t->stack_low + RT_STACK_MARGIN;
        t->limit = limit ? limit : 1;
    }
    e->prev = t->top;
    t->top = e;
    rt_active++;
    return t->limit;
}

static void rt_flush(void) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    /* A release may run __del__, which may enter wasm and release more:
     * take one item at a time, and stop if wasm is running again. */
    while (rt_pending_len > 0 && rt_active == 0) {
        PyObject *obj = rt_pending[--rt_pending_len];
        Py_DECREF(obj);
    }
    PyErr_Restore(type, value, tb);
}

void rt_leave(wasmic_entry *e) {
    rt_tls.top = e->prev;
    if (--rt_active == 0 && rt_pending_len) rt_flush();
}

PyObject *rt_trapped(wasmic_entry *e) {
    rt_tls.top = e->prev;
    rt_active--;
    if (e->code != WASMIC_TRAP_PYERR) {
        rt_raise_trap(e->desc, e->code, e->func, e->offset);
    } else if (!PyErr_Occurred()) {
        rt_backtrace_discard();
        PyErr_SetString(PyExc_SystemError, "wasmic: a host call failed without an exception");
    } else {
        rt_extend_trap();
    }
    if (rt_active == 0 && rt_pending_len) rt_flush();
    return NULL;
}

void rt_trap(const wasmic_module_desc *desc, int32_t code, uint32_t func, uint32_t offset) {
    wasmic_entry *e = rt_tls.top;
    if (e == NULL) Py_FatalError("wasmic: a wasm trap outside any entry from Python");
    e->desc = desc;
    e->code = code;
    e->func = func;
    e->offset = offset;
    rt_backtrace_gather(e, code != WASMIC_TRAP_PYERR);
    siglongjmp(e->jb, 1);
}

void rt_trap_pyerr(void) { rt_trap(NULL, WASMIC_TRAP_PYERR, 0, 0); }

int rt_running(void) { return rt_active > 0; }

void rt_keep(PyObject *obj) {
    if (rt_active == 0) {
        Py_DECREF(obj);
        return;
    }
    if (rt_pending_len == rt_pending_cap) {
        Py_ssize_t cap = rt_pending_cap ? rt_pending_cap * 2 : 64;
        PyObject **grown = PyMem_Realloc(rt_pending, (size_t)cap * sizeof(PyObject *));
        if (grown == NULL) return; /* keep it forever: a leak, never a dangling pointer */
        rt_pending = grown;
        rt_pending_cap = cap;
    }
    rt_pending[rt_pending_len++] = obj;
}

/* ---- the Python exception for a trap --------------------------------------- */
void rt_raise_trap(const wasmic_module_desc *desc, int32_t code, uint32_t func, uint32_t offset) {
    if (rt_trap_factory == NULL) {
        rt_backtrace_discard();
        PyErr_Format(PyExc_RuntimeError, "wasm trap %d (the runtime is not configured)", (int)code);
        return;
    }
    PyObject *frames = rt_backtrace_take(desc, func, offset);
    if (frames == NULL) return;
    PyObject *exc = PyObject_CallFunction(rt_trap_factory, "iN", (int)code, frames);
    if (exc == NULL) return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* A host call raised: the frames gathered between it and its entry go to
 * the exception if it is a Trap (the extender decides), which keeps it. */
void rt_extend_trap(void) {
    PyObject *frames = rt_backtrace_take(NULL, UINT32_MAX, RT_NO_OFFSET);
    if (frames == NULL) return; /* a MemoryError replaced the exception */
    if (PyList_GET_SIZE(frames) == 0 || rt_trap_extender == NULL) {
        Py_DECREF(frames);
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *done = PyObject_CallFunctionObjArgs(rt_trap_extender, value ? value : Py_None, frames, NULL);
    Py_DECREF(frames);
    if (done == NULL) { /* the extender failed: report that instead */
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return;
    }
    Py_DECREF(done);
    PyErr_Restore(type, value, tb);
}
