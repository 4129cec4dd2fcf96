/* The theme engine's per-document work in C: one pass over the folded text that finds the
 * framework's phrases on whole words (leftmost-longest, from word starts), then, per theme,
 * the negation check of hits near a cue, the clustering of nearby hits, each theme's total
 * strength and its best clusters for the evidence.
 *
 * Everything that decides *what* matches is worked out in Python when the framework is
 * compiled (matcher.py: keys, plural and spacing variants, the hits hidden inside long keys,
 * cue words, weights); this file only runs it. The exact negation rule stays in Python
 * (negation.assess): it is called back only for a hit that has a cue close by in its clause.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double miss, weight;
    int32_t phrase, selfneg;
} Tail;
typedef struct {
    int32_t theme, off, len, tail;
} KHit;
typedef struct {
    int32_t off, len, kind;
} KCue;
typedef struct {
    int32_t theme, tail;
} KWild;
typedef struct {
    int32_t hit0, nhit, cue0, ncue, wild0, nwild;
} Rec;

typedef struct {
    int32_t sym, child;
} Edge;

typedef struct {
    PyObject_HEAD
    int32_t nthemes;
    uint8_t *deferred;
    Tail *tails;
    int32_t ntails;
    KHit *khits;
    KCue *kcues;
    KWild *kwild;
    int32_t nkhits, nkcues, nkwild;
    Rec *recs;
    int32_t nrecs;
    int32_t nnodes;
    int32_t *term; /* per trie node: index of its record, or -1 */
    int32_t ndense; /* nodes 0..ndense-1 (the shallow ones: the trie is numbered breadth
                       first) keep their edges in a dense row of nsym children */
    int32_t *dense;
    uint64_t *hkeys; /* while building, the deeper edges: open addressing on
                        (node << 21 | symbol) + 1; 0 = empty. Freed once built. */
    int32_t *hvals;
    uint64_t hmask;
    /* once built, each deeper node k (from ndense on) has one Edge deep[k - ndense]: its only
       child (sym >= 0), none (sym == -1), or several (sym == -2): then `child` is where they
       begin in `edges`, a run of (sym, child) ended by sym == -1. Most deep nodes have one
       child (a phrase's tail), so a step is one 8-byte read, where the hash table it was
       built in cost a cache miss or two. */
    Edge *deep;
    Edge *edges;
    int32_t nedges;
    int32_t nsym;
    int16_t ascii_sym[128];
    Py_UCS4 *wide_cp; /* sorted non-ASCII code points that occur in keys */
    int32_t *wide_sym;
    int32_t nwide;
    uint8_t punct[128]; /* the ASCII fold-for-matching table (punctuation to space) */
    int32_t lookback, lookahead, gap, pre_mask, post_mask;
} Engine;

typedef struct {
    int32_t start, end, tail;
} Hit;
typedef struct {
    int32_t start, end, kind;
} Cue;
typedef struct {
    double miss;
    int32_t start, first_end, end;
    double best;
    int32_t phrase;
    int32_t order;
} Cluster;

#define GROW(ptr, len, cap, type)                                                   \
    do {                                                                            \
        if ((len) == (cap)) {                                                       \
            Py_ssize_t ncap_ = (cap) ? (cap) * 2 : 64;                              \
            type *np_ = (type *)PyMem_Realloc((ptr), (size_t)ncap_ * sizeof(type)); \
            if (!np_) {                                                             \
                PyErr_NoMemory();                                                   \
                goto fail;                                                          \
            }                                                                       \
            (ptr) = np_;                                                            \
            (cap) = ncap_;                                                          \
        }                                                                           \
    } while (0)

static inline uint64_t hash64(uint64_t k) { return (k * 0x9E3779B97F4A7C15ULL) >> 17; }

static inline int32_t edge_get(const Engine *e, int32_t node, int32_t sym) {
    uint64_t key = (((uint64_t)node << 21) | (uint64_t)sym) + 1;
    uint64_t h = hash64(key) & e->hmask;
    for (;;) {
        uint64_t k = e->hkeys[h];
        if (k == key) return e->hvals[h];
        if (k == 0) return -1;
        h = (h + 1) & e->hmask;
    }
}

static void edge_put(Engine *e, int32_t node, int32_t sym, int32_t child) {
    uint64_t key = (((uint64_t)node << 21) | (uint64_t)sym) + 1;
    uint64_t h = hash64(key) & e->hmask;
    while (e->hkeys[h] != 0) h = (h + 1) & e->hmask;
    e->hkeys[h] = key;
    e->hvals[h] = child;
}

/* Once built, an edge's target carries TERM_FLAG when a key ends at that node, so the walk
 * reads `term` (a cache miss, most of the scan's time before) only where a key ends. */
#define TERM_FLAG (1 << 30)
#define NODE_MASK (TERM_FLAG - 1)

#define DENSE_DEPTH 5 /* nodes up to this depth (about 2,400, 0.35 MB) get a dense row */

static inline int32_t child_of(const Engine *e, int32_t node, int32_t sym) {
    if (node < e->ndense) return e->dense[(size_t)node * (size_t)e->nsym + (size_t)sym];
    if (e->hkeys) return edge_get(e, node, sym); /* still building */
    const Edge d = e->deep[node - e->ndense];
    if (d.sym == sym) return d.child;
    if (d.sym != -2) return -1;
    for (const Edge *x = &e->edges[d.child]; x->sym >= 0; x++)
        if (x->sym == sym) return x->child;
    return -1;
}

static inline Py_UCS4 mapped(const Engine *e, Py_UCS4 c) { return c < 128 ? e->punct[c] : c; }

static inline int32_t symbol_of(const Engine *e, Py_UCS4 c) {
    if (c < 128) return e->ascii_sym[c];
    int32_t lo = 0, hi = e->nwide - 1;
    while (lo <= hi) {
        int32_t mid = (lo + hi) / 2;
        if (e->wide_cp[mid] == c) return e->wide_sym[mid];
        if (e->wide_cp[mid] < c) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

/* Python's `c.isalnum() or c == "_"` */
static inline int is_word(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

static void Engine_dealloc(Engine *e) {
    PyMem_Free(e->deferred);
    PyMem_Free(e->tails);
    PyMem_Free(e->khits);
    PyMem_Free(e->kcues);
    PyMem_Free(e->kwild);
    PyMem_Free(e->recs);
    PyMem_Free(e->term);
    PyMem_Free(e->dense);
    PyMem_Free(e->hkeys);
    PyMem_Free(e->hvals);
    PyMem_Free(e->deep);
    PyMem_Free(e->edges);
    PyMem_Free(e->wide_cp);
    PyMem_Free(e->wide_sym);
    Py_TYPE(e)->tp_free((PyObject *)e);
}

static int get_ints(PyObject *tup, int32_t *out, Py_ssize_t n, const char *what) {
    if (!PyTuple_Check(tup) || PyTuple_GET_SIZE(tup) != n) {
        PyErr_Format(PyExc_TypeError, "%s: expected a tuple of %zd", what, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long v = PyLong_AsLong(PyTuple_GET_ITEM(tup, i));
        if (v == -1 && PyErr_Occurred()) return -1;
        out[i] = (int32_t)v;
    }
    return 0;
}

static int symbol_add(Engine *e, Py_UCS4 c, int32_t *sym) {
    int32_t s = symbol_of(e, c);
    if (s >= 0) {
        *sym = s;
        return 0;
    }
    s = e->nsym++;
    if (c < 128) {
        e->ascii_sym[c] = (int16_t)s;
    } else {
        Py_UCS4 *cp = PyMem_Realloc(e->wide_cp, (size_t)(e->nwide + 1) * sizeof(Py_UCS4));
        if (!cp) return -1;
        e->wide_cp = cp;
        int32_t *ws = PyMem_Realloc(e->wide_sym, (size_t)(e->nwide + 1) * sizeof(int32_t));
        if (!ws) return -1;
        e->wide_sym = ws;
        int32_t i = e->nwide++;
        while (i > 0 && e->wide_cp[i - 1] > c) {
            e->wide_cp[i] = e->wide_cp[i - 1];
            e->wide_sym[i] = e->wide_sym[i - 1];
            i--;
        }
        e->wide_cp[i] = c;
        e->wide_sym[i] = s;
    }
    *sym = s;
    return 0;
}

/* What Engine(...) and Engine.from_image(...) both take from Python: the deferred flags, the
 * punctuation table and the parameters (never stored in an image). */
static int engine_setup(Engine *e, PyObject *deferred, PyObject *punct, PyObject *params) {
    if (e->term) {
        PyErr_SetString(PyExc_RuntimeError, "Engine already initialised");
        return -1;
    }
    if (PyBytes_GET_SIZE(punct) != 128) {
        PyErr_SetString(PyExc_ValueError, "bad punctuation table");
        return -1;
    }
    int32_t p[5];
    if (get_ints(params, p, 5, "params") < 0) return -1;
    e->lookback = p[0];
    e->lookahead = p[1];
    e->gap = p[2];
    e->pre_mask = p[3];
    e->post_mask = p[4];
    memcpy(e->punct, PyBytes_AS_STRING(punct), 128);
    e->nthemes = (int32_t)PyTuple_GET_SIZE(deferred);
    e->deferred = PyMem_Calloc((size_t)e->nthemes + 1, 1);
    if (!e->deferred) {
        PyErr_NoMemory();
        return -1;
    }
    for (int32_t t = 0; t < e->nthemes; t++) {
        int r = PyObject_IsTrue(PyTuple_GET_ITEM(deferred, t));
        if (r < 0) return -1;
        e->deferred[t] = (uint8_t)r;
    }
    return 0;
}

/* Engine(keys, records, tails, deferred, punct, params)
 *   keys: list of str, each a phrase key without its leading space
 *   records: list (one per key) of (hits, cues, wild) with hits ((theme, off, len, tail), ...),
 *            cues ((off, len, kind), ...), wild ((theme, tail), ...)
 *   tails: list of (miss, weight, phrase_index, self_negating)
 *   deferred: tuple of bool per theme (hits checked against negation cues)
 *   punct: bytes, the 128-entry ASCII table folding punctuation to spaces
 *   params: (lookback, lookahead, cluster_gap, pre_mask, post_mask)
 */
static int Engine_init(Engine *e, PyObject *args, PyObject *kw) {
    PyObject *keys, *records, *tails, *deferred, *punct, *params;
    if (!PyArg_ParseTuple(args, "O!O!O!O!SO!", &PyList_Type, &keys, &PyList_Type, &records,
                          &PyList_Type, &tails, &PyTuple_Type, &deferred, &punct, &PyTuple_Type,
                          &params))
        return -1;
    Py_ssize_t nkeys = PyList_GET_SIZE(keys);
    if (PyList_GET_SIZE(records) != nkeys) {
        PyErr_SetString(PyExc_ValueError, "keys and records differ in length");
        return -1;
    }
    if (engine_setup(e, deferred, punct, params) < 0) return -1;
    for (int i = 0; i < 128; i++) e->ascii_sym[i] = -1;

    e->ntails = (int32_t)PyList_GET_SIZE(tails);
    e->tails = PyMem_Calloc((size_t)e->ntails + 1, sizeof(Tail));
    if (!e->tails) goto nomem;
    for (int32_t i = 0; i < e->ntails; i++) {
        PyObject *t = PyList_GET_ITEM(tails, i);
        double miss, weight;
        int phrase, selfneg;
        if (!PyArg_ParseTuple(t, "ddip", &miss, &weight, &phrase, &selfneg)) return -1;
        e->tails[i] = (Tail){miss, weight, phrase, selfneg};
    }

    /* records */
    Py_ssize_t nh = 0, nc = 0, nw = 0, total_chars = 0;
    for (Py_ssize_t i = 0; i < nkeys; i++) {
        PyObject *r = PyList_GET_ITEM(records, i);
        PyObject *k = PyList_GET_ITEM(keys, i);
        if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 3 || !PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "a record is (hits, cues, wild); a key is a str");
            return -1;
        }
        for (int j = 0; j < 3; j++)
            if (!PyTuple_Check(PyTuple_GET_ITEM(r, j))) {
                PyErr_SetString(PyExc_TypeError, "record parts must be tuples");
                return -1;
            }
        nh += PyTuple_GET_SIZE(PyTuple_GET_ITEM(r, 0));
        nc += PyTuple_GET_SIZE(PyTuple_GET_ITEM(r, 1));
        nw += PyTuple_GET_SIZE(PyTuple_GET_ITEM(r, 2));
        total_chars += PyUnicode_GET_LENGTH(k);
    }
    e->nrecs = (int32_t)nkeys;
    e->recs = PyMem_Calloc((size_t)nkeys + 1, sizeof(Rec));
    e->khits = PyMem_Calloc((size_t)nh + 1, sizeof(KHit));
    e->kcues = PyMem_Calloc((size_t)nc + 1, sizeof(KCue));
    e->kwild = PyMem_Calloc((size_t)nw + 1, sizeof(KWild));
    if (!e->recs || !e->khits || !e->kcues || !e->kwild) goto nomem;
    if (nh >= INT32_MAX || nc >= INT32_MAX || nw >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "too many hits");
        return -1;
    }
    e->nkhits = (int32_t)nh;
    e->nkcues = (int32_t)nc;
    e->nkwild = (int32_t)nw;
    nh = nc = nw = 0;
    for (Py_ssize_t i = 0; i < nkeys; i++) {
        PyObject *r = PyList_GET_ITEM(records, i);
        PyObject *hits = PyTuple_GET_ITEM(r, 0), *cues = PyTuple_GET_ITEM(r, 1),
                 *wild = PyTuple_GET_ITEM(r, 2);
        Rec *rec = &e->recs[i];
        /* offsets inside the key: a hit or cue past its key would be read past the text */
        const int64_t klen = (int64_t)PyUnicode_GET_LENGTH(PyList_GET_ITEM(keys, i));
        rec->hit0 = (int32_t)nh;
        rec->nhit = (int32_t)PyTuple_GET_SIZE(hits);
        for (int32_t j = 0; j < rec->nhit; j++) {
            int32_t v[4];
            if (get_ints(PyTuple_GET_ITEM(hits, j), v, 4, "hit") < 0) return -1;
            if (v[0] < 0 || v[0] >= e->nthemes || v[3] < 0 || v[3] >= e->ntails || v[1] < 0 ||
                v[2] < 0 || (int64_t)v[1] + v[2] > klen) {
                PyErr_SetString(PyExc_ValueError, "hit out of range");
                return -1;
            }
            e->khits[nh++] = (KHit){v[0], v[1], v[2], v[3]};
        }
        rec->cue0 = (int32_t)nc;
        rec->ncue = (int32_t)PyTuple_GET_SIZE(cues);
        for (int32_t j = 0; j < rec->ncue; j++) {
            int32_t v[3];
            if (get_ints(PyTuple_GET_ITEM(cues, j), v, 3, "cue") < 0) return -1;
            if (v[0] < 0 || v[1] < 0 || (int64_t)v[0] + v[1] > klen) {
                PyErr_SetString(PyExc_ValueError, "cue out of range");
                return -1;
            }
            e->kcues[nc++] = (KCue){v[0], v[1], v[2]};
        }
        rec->wild0 = (int32_t)nw;
        rec->nwild = (int32_t)PyTuple_GET_SIZE(wild);
        for (int32_t j = 0; j < rec->nwild; j++) {
            int32_t v[2];
            if (get_ints(PyTuple_GET_ITEM(wild, j), v, 2, "wild") < 0) return -1;
            if (v[0] < 0 || v[0] >= e->nthemes || v[1] < 0 || v[1] >= e->ntails) {
                PyErr_SetString(PyExc_ValueError, "wildcard out of range");
                return -1;
            }
            e->kwild[nw++] = (KWild){v[0], v[1]};
        }
    }

    /* the trie: node 0 is the root (the space before a word). Symbols first, then the
     * nodes level by level, so that they are numbered breadth first. */
    Py_ssize_t maxlen = 0;
    for (Py_ssize_t i = 0; i < nkeys; i++) {
        PyObject *k = PyList_GET_ITEM(keys, i);
        int kind = PyUnicode_KIND(k);
        const void *data = PyUnicode_DATA(k);
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        if (len == 0) {
            PyErr_SetString(PyExc_ValueError, "empty key");
            return -1;
        }
        if (len > maxlen) maxlen = len;
        for (Py_ssize_t j = 0; j < len; j++) {
            int32_t sym;
            if (symbol_add(e, PyUnicode_READ(kind, data, j), &sym) < 0) goto nomem;
        }
    }
    if (total_chars >= NODE_MASK) {
        PyErr_SetString(PyExc_ValueError, "phrases too long in all");
        return -1;
    }
    if (e->nsym >= (1 << 21)) {
        PyErr_SetString(PyExc_ValueError, "too many distinct characters in phrases");
        return -1;
    }
    e->term = PyMem_Malloc(((size_t)total_chars + 1) * sizeof(int32_t));
    uint64_t size = 1024;
    while (size < (uint64_t)total_chars * 2 + 16) size <<= 1;
    e->hmask = size - 1;
    e->hkeys = PyMem_Calloc(size, sizeof(uint64_t));
    e->hvals = PyMem_Calloc(size, sizeof(int32_t));
    int32_t *cur = PyMem_Calloc((size_t)nkeys + 1, sizeof(int32_t));
    int32_t *active = PyMem_Malloc(((size_t)nkeys + 1) * sizeof(int32_t));
    if (!e->term || !e->hkeys || !e->hvals || !cur || !active) {
        PyMem_Free(cur);
        PyMem_Free(active);
        goto nomem;
    }
    Py_ssize_t nactive = nkeys; /* every key has a character (an empty key was refused) */
    for (Py_ssize_t i = 0; i < nkeys; i++) active[i] = (int32_t)i;
    e->term[0] = -1;
    e->nnodes = 1;
    e->ndense = 0;
    size_t nsym = (size_t)e->nsym;
    for (Py_ssize_t d = 0; d < maxlen; d++) {
        if (d <= DENSE_DEPTH) {
            /* every node created so far has depth <= d: give them dense rows */
            int32_t *dn = PyMem_Realloc(e->dense, (size_t)e->nnodes * nsym * sizeof(int32_t) + 1);
            if (!dn) {
                PyMem_Free(cur);
                PyMem_Free(active);
                goto nomem;
            }
            e->dense = dn;
            for (size_t x = (size_t)e->ndense * nsym; x < (size_t)e->nnodes * nsym; x++)
                dn[x] = -1;
            e->ndense = e->nnodes;
        }
        /* only the keys longer than d, in key order (the nodes are numbered as before) */
        Py_ssize_t keep = 0;
        int32_t last_node = -1, last_sym = -1, last_child = -1;
        for (Py_ssize_t a = 0; a < nactive; a++) {
            const Py_ssize_t i = active[a];
            PyObject *k = PyList_GET_ITEM(keys, i);
            Py_ssize_t len = PyUnicode_GET_LENGTH(k);
            if (d + 1 < len) active[keep++] = (int32_t)i;
            int32_t node = cur[i];
            int32_t sym = symbol_of(e, PyUnicode_READ(PyUnicode_KIND(k), PyUnicode_DATA(k), d));
            /* the keys are sorted: one with the same prefix as the key before it takes the
               same edge, found without a lookup in the hash table (a cache miss each) */
            int32_t child = node == last_node && sym == last_sym ? last_child
                                                                 : child_of(e, node, sym);
            last_node = node;
            last_sym = sym;
            if (child < 0) {
                child = e->nnodes++;
                e->term[child] = -1;
                if (node < e->ndense) e->dense[(size_t)node * nsym + (size_t)sym] = child;
                else edge_put(e, node, sym, child);
            }
            cur[i] = child;
            last_child = child;
            if (d + 1 == len) e->term[child] = (int32_t)i;
        }
        nactive = keep;
    }
    PyMem_Free(cur);
    PyMem_Free(active);

    /* the deeper edges from the hash table into one Edge per node (see `deep`) */
    const int32_t ndeep = e->nnodes - e->ndense;
    int32_t *count = PyMem_Calloc((size_t)ndeep + 1, sizeof(int32_t));
    e->deep = PyMem_Malloc(((size_t)ndeep + 1) * sizeof(Edge));
    if (!count || !e->deep) {
        PyMem_Free(count);
        goto nomem;
    }
    for (uint64_t h = 0; h <= e->hmask; h++)
        if (e->hkeys[h]) count[(int32_t)((e->hkeys[h] - 1) >> 21) - e->ndense]++;
    int64_t nmulti = 0; /* edges of nodes with several children, plus one end mark each */
    for (int32_t k = 0; k < ndeep; k++) {
        e->deep[k] = (Edge){-1, 0};
        if (count[k] > 1) {
            e->deep[k] = (Edge){-2, (int32_t)nmulti};
            nmulti += count[k] + 1;
        }
    }
    if (nmulti >= INT32_MAX) {
        PyMem_Free(count);
        PyErr_SetString(PyExc_ValueError, "too many edges");
        return -1;
    }
    e->nedges = (int32_t)nmulti;
    e->edges = PyMem_Malloc(((size_t)nmulti + 1) * sizeof(Edge));
    if (!e->edges) {
        PyMem_Free(count);
        goto nomem;
    }
    for (int64_t x = 0; x < nmulti; x++) e->edges[x] = (Edge){-1, 0};
    for (uint64_t h = 0; h <= e->hmask; h++) {
        if (!e->hkeys[h]) continue;
        const uint64_t key = e->hkeys[h] - 1;
        const int32_t k = (int32_t)(key >> 21) - e->ndense;
        const int32_t sym = (int32_t)(key & ((1u << 21) - 1));
        int32_t child = e->hvals[h];
        if (e->term[child] >= 0) child |= TERM_FLAG;
        if (count[k] == 1) {
            e->deep[k] = (Edge){sym, child};
        } else {
            Edge *x = &e->edges[e->deep[k].child];
            while (x->sym >= 0) x++;
            *x = (Edge){sym, child};
        }
    }
    PyMem_Free(count);
    for (size_t x = 0; x < (size_t)e->ndense * nsym; x++)
        if (e->dense[x] >= 0 && e->term[e->dense[x]] >= 0) e->dense[x] |= TERM_FLAG;
    PyMem_Free(e->hkeys);
    PyMem_Free(e->hvals);
    e->hkeys = NULL;
    e->hvals = NULL;
    return 0;
nomem:
    PyErr_NoMemory();
    return -1;
}

static inline int cluster_before(const Cluster *a, const Cluster *b) {
    /* strongest (smallest miss), then earliest start, then first found */
    if (a->miss != b->miss) return a->miss < b->miss;
    if (a->start != b->start) return a->start < b->start;
    return a->order < b->order;
}

static int cmp_cluster(const void *x, const void *y) {
    const Cluster *a = x, *b = y;
    return cluster_before(a, b) ? -1 : (cluster_before(b, a) ? 1 : 0);
}

/* No sentence or clause punctuation in folded[a:b] */
static inline int same_clause(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) {
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '.' || c == ';' || c == ':' || c == '?' || c == '!') return 0;
    }
    return 1;
}

typedef struct {
    Hit **hits;
    Py_ssize_t *nhits, *caps;
    Cue *cues;
    Py_ssize_t ncue, capcue;
} Bufs;

#define CH(i) ((i) >= n ? (Py_UCS4)' ' : mapped(e, PyUnicode_READ(kind, data, (i))))
#define ADD_HIT(t, s, en, tl)                                                     \
    do {                                                                          \
        int32_t t_ = (t);                                                         \
        GROW(b->hits[t_], b->nhits[t_], b->caps[t_], Hit);                        \
        b->hits[t_][b->nhits[t_]++] = (Hit){(int32_t)(s), (int32_t)(en), (tl)}; \
    } while (0)

static inline __attribute__((always_inline)) int scan_kind(const Engine *e, const int kind,
                                                           const void *data, const Py_ssize_t n,
                                                           Bufs *b) {
    /* 1. the scan: at each word start, the longest key that ends on a word boundary (or a
     * wildcard key, which takes the rest of the word) */
    Py_ssize_t i = 0;
    Py_UCS4 prev = ' ';
    while (i < n) {
        Py_UCS4 c = CH(i);
        if (prev != ' ' || c == ' ') {
            prev = c;
            i++;
            continue;
        }
        int32_t node = 0, rec = -1, wild_only = 0;
        Py_ssize_t key_end = 0;
        for (Py_ssize_t j = i; j < n; j++) {
            int32_t sym = symbol_of(e, CH(j));
            if (sym < 0) break;
            const int32_t edge = child_of(e, node, sym);
            if (edge < 0) break;
            node = edge & NODE_MASK;
            if (edge & TERM_FLAG) { /* a key ends here: only then read its record */
                const int32_t r = e->term[node];
                Py_UCS4 after = CH(j + 1);
                if (after == ' ' || !is_word(after)) {
                    rec = r;
                    key_end = j + 1;
                    wild_only = 0;
                } else if (e->recs[r].nwild) {
                    rec = r;
                    key_end = j + 1;
                    wild_only = 1;
                }
            }
        }
        if (rec < 0) {
            prev = c;
            i++;
            continue;
        }
        const Rec *R = &e->recs[rec];
        Py_ssize_t end = key_end;
        if (wild_only) {
            while (end < n && is_word(CH(end))) end++;
        } else {
            for (int32_t h = 0; h < R->nhit; h++) {
                const KHit *k = &e->khits[R->hit0 + h];
                ADD_HIT(k->theme, i + k->off, i + k->off + k->len, k->tail);
            }
            for (int32_t h = 0; h < R->ncue; h++) {
                const KCue *k = &e->kcues[R->cue0 + h];
                GROW(b->cues, b->ncue, b->capcue, Cue);
                b->cues[b->ncue++] = (Cue){(int32_t)(i + k->off), (int32_t)(i + k->off + k->len), k->kind};
            }
        }
        for (int32_t h = 0; h < R->nwild; h++) {
            const KWild *k = &e->kwild[R->wild0 + h];
            ADD_HIT(k->theme, i, end, k->tail);
        }
        i = end;
        prev = CH(end - 1);
    }

    return 0;
fail:
    return -1;
}
#undef CH
#undef ADD_HIT

/* (miss, start, first_end, end, best, phrase): what Py_BuildValue("(diiidi)") made, built
 * directly (a long report has thousands of clusters; the format parsing was most of the cost) */
static PyObject *cluster_tuple(const Cluster *c) {
    PyObject *tup = PyTuple_New(6);
    if (!tup) return NULL;
    PyObject *items[6] = {PyFloat_FromDouble(c->miss), PyLong_FromLong(c->start),
                          PyLong_FromLong(c->first_end), PyLong_FromLong(c->end),
                          PyFloat_FromDouble(c->best), PyLong_FromLong(c->phrase)};
    int ok = 1;
    for (int k = 0; k < 6; k++) {
        if (!items[k]) ok = 0;
        PyTuple_SET_ITEM(tup, k, items[k]); /* NULL is fine: the tuple's dealloc skips it */
    }
    if (!ok) {
        Py_DECREF(tup);
        return NULL;
    }
    return tup;
}

/* Engine.tag(folded, assess, top[, sample]) -> (strengths, best[, counts])
 *   folded: the folded text (textnorm.fold: lowercase, same length as the original)
 *   assess: negation.assess(folded, start, end, floor) -> float, called for hits near a cue
 *   top: how many clusters to return per theme (0: all), strongest then earliest
 *   (sample, sampled): if sample > 0, each of the first `sampled` themes with more clusters
 *     than `sample` returns an even sample of them: the ones at int(k * n / sample) for
 *     k < sample (n: how many there are); the result has a third list, n per theme (the
 *     tagger judges a long report on such a sample; the marker lists after the themes stay
 *     whole)
 *   (sample, sampled, places): as above, and with `places` true each list after the first
 *     `sampled` is instead a pair of lists (starts, ends): where its clusters begin and end,
 *     in the order the scan made them, all of them whatever `top` (the tagger needs only the
 *     places of the marker words, and a long report has thousands: no tuples are built)
 * strengths: per theme the sum of its clusters' strengths (1 - miss), in text order.
 * best: per theme a list of (miss, start, first_end, end, best_weight, phrase_index).
 */
static PyObject *Engine_tag(Engine *e, PyObject *args) {
    PyObject *folded, *assess;
    Py_ssize_t top, sample = 0, sampled = 0;
    PyObject *sampling = NULL;
    int places = 0;
    if (!PyArg_ParseTuple(args, "UOn|O!", &folded, &assess, &top, &PyTuple_Type, &sampling))
        return NULL;
    if (sampling && !PyArg_ParseTuple(sampling, "nn|p", &sample, &sampled, &places)) return NULL;
    if (sample <= 0) places = 0; /* places come with a sample's counts */
    if (!e->term) {
        PyErr_SetString(PyExc_RuntimeError, "Engine not initialised");
        return NULL;
    }
    const int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(folded);
    if (n >= INT32_MAX - 1024) {
        PyErr_SetString(PyExc_ValueError, "text too long");
        return NULL;
    }
    const int32_t T = e->nthemes;
    PyObject *result = NULL, *strengths = NULL, *best = NULL, *counts = NULL;
    Hit **hits = PyMem_Calloc((size_t)T + 1, sizeof(Hit *));
    Py_ssize_t *nhits = PyMem_Calloc((size_t)T + 1, sizeof(Py_ssize_t));
    Py_ssize_t *caps = PyMem_Calloc((size_t)T + 1, sizeof(Py_ssize_t));
    Cue *cues = NULL;
    Py_ssize_t ncue = 0;
    Cluster *cl = NULL, *sel = NULL;
    Py_ssize_t ncl = 0, capcl = 0;
    if (!hits || !nhits || !caps) {
        PyErr_NoMemory();
        goto fail;
    }

    Bufs b = {hits, nhits, caps, NULL, 0, 0};
    int ok;
    switch (kind) { /* one copy of the scan per string kind, the reads inlined */
    case PyUnicode_1BYTE_KIND:
        ok = scan_kind(e, PyUnicode_1BYTE_KIND, data, n, &b);
        break;
    case PyUnicode_2BYTE_KIND:
        ok = scan_kind(e, PyUnicode_2BYTE_KIND, data, n, &b);
        break;
    default:
        ok = scan_kind(e, PyUnicode_4BYTE_KIND, data, n, &b);
    }
    cues = b.cues;
    ncue = b.ncue;
    if (ok < 0) goto fail;

    /* 2. per theme: negation near cues, clusters, strength, best clusters */
    strengths = PyList_New(T);
    best = PyList_New(T);
    if (!strengths || !best) goto fail;
    if (sample > 0) {
        counts = PyList_New(T);
        if (!counts) goto fail;
    }
    if (top > 0) {
        sel = PyMem_Calloc((size_t)top + 1, sizeof(Cluster));
        if (!sel) {
            PyErr_NoMemory();
            goto fail;
        }
    }
    for (int32_t t = 0; t < T; t++) {
        ncl = 0;
        Py_ssize_t ci = 0;
        const int check = e->deferred[t] && ncue > 0;
        Cluster *cur = NULL;
        int32_t cur_end = -(e->gap + 1);
        for (Py_ssize_t h = 0; h < nhits[t]; h++) {
            const Hit *hit = &hits[t][h];
            const Tail *tl = &e->tails[hit->tail];
            double miss = tl->miss, weight = tl->weight;
            const int32_t start = hit->start, end = hit->end;
            if (check && !tl->selfneg) {
                while (ci < ncue && cues[ci].end < start - e->lookback) ci++;
                int negated = 0;
                for (Py_ssize_t j = ci; j < ncue && cues[j].start < end + e->lookahead; j++) {
                    const Cue *q = &cues[j];
                    if ((q->end <= start && (q->kind & e->pre_mask) &&
                         same_clause(kind, data, q->end, start)) ||
                        (q->start >= end && (q->kind & e->post_mask) &&
                         same_clause(kind, data, end, q->start))) {
                        PyObject *a = PyObject_CallFunction(assess, "Oiii", folded, start, end, 0);
                        if (!a) goto fail;
                        double factor = PyFloat_AsDouble(a);
                        Py_DECREF(a);
                        if (factor == -1.0 && PyErr_Occurred()) goto fail;
                        if (factor <= 0.0) {
                            negated = 1;
                        } else if (factor != 1.0) {
                            weight *= factor;
                            miss = 1.0 - (weight < 0.999 ? weight : 0.999);
                        }
                        break;
                    }
                }
                if (negated) continue;
            }
            int32_t gap = start - cur_end;
            if (cur && gap >= 0 && gap <= e->gap) {
                cur->end = cur_end = end;
                cur->miss *= miss;
                if (weight > cur->best) {
                    cur->best = weight;
                    cur->phrase = tl->phrase;
                }
            } else {
                GROW(cl, ncl, capcl, Cluster);
                cur = &cl[ncl];
                *cur = (Cluster){miss, start, end, end, weight, tl->phrase, (int32_t)ncl};
                ncl++;
                cur_end = end;
            }
        }
        double total = 0.0;
        for (Py_ssize_t k = 0; k < ncl; k++) total += 1.0 - cl[k].miss;
        PyObject *f = PyFloat_FromDouble(total);
        if (!f) goto fail;
        PyList_SET_ITEM(strengths, t, f);

        if (places && t >= sampled) {
            /* the clusters' places, in the order they were made */
            PyObject *nc = PyLong_FromSsize_t(top > 0 && ncl > top ? top : ncl);
            if (!nc) goto fail;
            PyList_SET_ITEM(counts, t, nc);
            PyObject *starts = PyList_New(ncl), *ends = PyList_New(ncl);
            PyObject *pair = (starts && ends) ? PyTuple_Pack(2, starts, ends) : NULL;
            Py_XDECREF(starts);
            Py_XDECREF(ends);
            if (!pair) goto fail;
            PyList_SET_ITEM(best, t, pair);
            for (Py_ssize_t k = 0; k < ncl; k++) {
                PyObject *a = PyLong_FromLong(cl[k].start), *z = PyLong_FromLong(cl[k].end);
                PyList_SET_ITEM(starts, k, a);
                PyList_SET_ITEM(ends, k, z);
                if (!a || !z) goto fail;
            }
            continue;
        }

        Cluster *chosen = cl;
        Py_ssize_t nchosen = ncl;
        if (top > 0) {
            /* the `top` smallest in (miss, start, order), kept sorted by insertion */
            nchosen = 0;
            for (Py_ssize_t k = 0; k < ncl; k++) {
                if (nchosen == top && !cluster_before(&cl[k], &sel[top - 1])) continue;
                Py_ssize_t pos = nchosen < top ? nchosen : top - 1;
                while (pos > 0 && cluster_before(&cl[k], &sel[pos - 1])) {
                    sel[pos] = sel[pos - 1];
                    pos--;
                }
                sel[pos] = cl[k];
                if (nchosen < top) nchosen++;
            }
            chosen = sel;
        } else if (ncl > 1) {
            qsort(cl, (size_t)ncl, sizeof(Cluster), cmp_cluster);
        }
        Py_ssize_t nout = nchosen;
        double step = 1.0;
        if (counts) {
            PyObject *nc = PyLong_FromSsize_t(nchosen);
            if (!nc) goto fail;
            PyList_SET_ITEM(counts, t, nc);
            if (t < sampled && nchosen > sample) {
                nout = sample;
                step = (double)nchosen / (double)sample; /* Python's n / sample */
            }
        }
        PyObject *lst = PyList_New(nout);
        if (!lst) goto fail;
        PyList_SET_ITEM(best, t, lst);
        for (Py_ssize_t k = 0; k < nout; k++) {
            /* Python's int(k * step): the product in double, truncated */
            const Cluster *c = &chosen[nout == nchosen ? k : (Py_ssize_t)((double)k * step)];
            PyObject *tup = cluster_tuple(c);
            if (!tup) goto fail;
            PyList_SET_ITEM(lst, k, tup);
        }
    }
    result = counts ? PyTuple_Pack(3, strengths, best, counts) : PyTuple_Pack(2, strengths, best);
fail:
    Py_XDECREF(strengths);
    Py_XDECREF(best);
    Py_XDECREF(counts);
    if (hits)
        for (int32_t t = 0; t < T; t++) PyMem_Free(hits[t]);
    PyMem_Free(hits);
    PyMem_Free(nhits);
    PyMem_Free(caps);
    PyMem_Free(cues);
    PyMem_Free(cl);
    PyMem_Free(sel);
    return result;
}

static PyObject *Engine_stats(Engine *e, PyObject *Py_UNUSED(ignored)) {
    return Py_BuildValue("{s:i,s:i,s:i}", "keys", e->nrecs, "nodes", e->nnodes, "symbols",
                         e->nsym);
}

/* The built engine as one block of bytes (Engine.image) and back (Engine.from_image), so that
 * a run can take it from the compile cache instead of building the trie (about 0.035 s of each
 * run's start). Native layout: an image is only read on the machine and by the build of this
 * file that wrote it (the cache's key names both). from_image checks everything the scan
 * indexes with, so a corrupt or forged image is refused (ValueError), never read out of
 * bounds: the counts against the length, every index against its array, the trie a tree
 * numbered from the root down (so each node's depth, the length of the text a walk read to
 * it, is known) and every hit and cue inside the key it belongs to. */
#define IMAGE_MAGIC "crscan\x01\x00"
#define IMAGE_NCOUNTS 12
#define IMAGE_ORDER 0x01020304

typedef struct {
    int32_t order, nthemes, ntails, nh, nc, nw, nrecs, nnodes, ndense, nsym, nwide, nedges;
} ImageHead;

/* the arrays in the order they are written, with their sizes from the head */
#define IMAGE_PARTS(X)                                                   \
    X(tails, Tail, h->ntails)                                            \
    X(khits, KHit, h->nh)                                                \
    X(kcues, KCue, h->nc)                                                \
    X(kwild, KWild, h->nw)                                               \
    X(recs, Rec, h->nrecs)                                               \
    X(term, int32_t, h->nnodes)                                          \
    X(dense, int32_t, (int64_t)h->ndense * h->nsym)                      \
    X(deep, Edge, h->nnodes - h->ndense)                                 \
    X(edges, Edge, h->nedges)                                            \
    X(wide_cp, Py_UCS4, h->nwide)                                        \
    X(wide_sym, int32_t, h->nwide)

static PyObject *Engine_image(Engine *e, PyObject *Py_UNUSED(ignored)) {
    if (!e->term || e->hkeys) {
        PyErr_SetString(PyExc_RuntimeError, "Engine not built");
        return NULL;
    }
    const ImageHead head = {IMAGE_ORDER, e->nthemes, e->ntails, e->nkhits, e->nkcues, e->nkwild,
                            e->nrecs,    e->nnodes,  e->ndense, e->nsym,   e->nwide,  e->nedges};
    const ImageHead *h = &head;
    int64_t size = 8 + (int64_t)sizeof(ImageHead) + (int64_t)sizeof(e->ascii_sym);
#define SIZE_OF(name, type, n) size += (int64_t)(n) * (int64_t)sizeof(type);
    IMAGE_PARTS(SIZE_OF)
#undef SIZE_OF
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (!out) return NULL;
    char *w = PyBytes_AS_STRING(out);
    memcpy(w, IMAGE_MAGIC, 8);
    w += 8;
    memcpy(w, h, sizeof(ImageHead));
    w += sizeof(ImageHead);
    memcpy(w, e->ascii_sym, sizeof(e->ascii_sym));
    w += sizeof(e->ascii_sym);
#define WRITE(name, type, n)                                  \
    if ((n) > 0) memcpy(w, e->name, (size_t)(n) * sizeof(type)); \
    w += (size_t)(n) * sizeof(type);
    IMAGE_PARTS(WRITE)
#undef WRITE
    return out;
}

/* an edge's target as stored: -1 (none) only where `none_ok`, else a node above `parent`
 * whose TERM_FLAG says whether a key ends there; records the parent of each node once */
static int image_child(const Engine *e, int32_t parent, int32_t v, int none_ok, int32_t *parent_of) {
    if (v == -1) return none_ok ? 0 : -1;
    if (v < 0 || (v & ~(NODE_MASK | TERM_FLAG))) return -1;
    const int32_t c = v & NODE_MASK;
    if (c <= parent || c >= e->nnodes || parent_of[c] != -1) return -1;
    if (((v & TERM_FLAG) != 0) != (e->term[c] >= 0)) return -1;
    parent_of[c] = parent;
    return 0;
}

static int image_check(Engine *e, int32_t nphrases) {
    const int32_t nn = e->nnodes, ndeep = e->nnodes - e->ndense;
    int rc = -1;
    int32_t *parent_of = PyMem_Malloc(((size_t)nn + 1) * sizeof(int32_t));
    int32_t *depth = PyMem_Malloc(((size_t)nn + 1) * sizeof(int32_t));
    int32_t *klen = PyMem_Malloc(((size_t)e->nrecs + 1) * sizeof(int32_t));
    if (!parent_of || !depth || !klen) {
        PyErr_NoMemory();
        goto done;
    }
    for (int32_t i = 0; i < nn; i++) parent_of[i] = -1;
    for (int32_t r = 0; r < e->nrecs; r++) klen[r] = -1;
    for (int i = 0; i < 128; i++)
        if (e->ascii_sym[i] < -1 || e->ascii_sym[i] >= e->nsym) goto bad;
    for (int32_t i = 0; i < e->nwide; i++)
        if (e->wide_sym[i] < 0 || e->wide_sym[i] >= e->nsym || e->wide_cp[i] > 0x10FFFF ||
            (i > 0 && e->wide_cp[i] <= e->wide_cp[i - 1]))
            goto bad;
    for (int32_t i = 0; i < nn; i++)
        if (e->term[i] < -1 || e->term[i] >= e->nrecs) goto bad;
    for (int64_t x = 0; x < (int64_t)e->ndense * e->nsym; x++)
        if (image_child(e, (int32_t)(x / e->nsym), e->dense[x], 1, parent_of) < 0) goto bad;
    if (e->nedges > 0 && e->edges[e->nedges - 1].sym != -1) goto bad; /* every run ends */
    for (int32_t x = 0; x < e->nedges; x++) {
        const Edge d = e->edges[x];
        if (d.sym < -1 || d.sym >= e->nsym) goto bad;
    }
    for (int32_t k = 0; k < ndeep; k++) {
        const Edge d = e->deep[k];
        const int32_t node = e->ndense + k;
        if (d.sym >= 0) {
            if (d.sym >= e->nsym || image_child(e, node, d.child, 0, parent_of) < 0) goto bad;
        } else if (d.sym == -2) {
            if (d.child < 0 || d.child >= e->nedges || e->edges[d.child].sym < 0) goto bad;
            for (int32_t x = d.child; e->edges[x].sym >= 0; x++)
                if (image_child(e, node, e->edges[x].child, 0, parent_of) < 0) goto bad;
        } else if (d.sym != -1) {
            goto bad;
        }
    }
    /* a tree from the root down: each node's depth is its parent's plus one */
    depth[0] = 0;
    for (int32_t i = 1; i < nn; i++) {
        if (parent_of[i] < 0) goto bad;
        depth[i] = depth[parent_of[i]] + 1;
    }
    for (int32_t i = 0; i < nn; i++)
        if (e->term[i] >= 0) {
            if (i == 0 || klen[e->term[i]] != -1) goto bad;
            klen[e->term[i]] = depth[i];
        }
    for (int32_t i = 0; i < e->ntails; i++)
        if (e->tails[i].phrase < 0 || e->tails[i].phrase >= nphrases) goto bad;
    for (int32_t r = 0; r < e->nrecs; r++) {
        const Rec *R = &e->recs[r];
        if (R->hit0 < 0 || R->nhit < 0 || (int64_t)R->hit0 + R->nhit > e->nkhits ||
            R->cue0 < 0 || R->ncue < 0 || (int64_t)R->cue0 + R->ncue > e->nkcues ||
            R->wild0 < 0 || R->nwild < 0 || (int64_t)R->wild0 + R->nwild > e->nkwild)
            goto bad;
        /* a record no node ends in (a key listed twice) is never read: any offsets */
        const int64_t len = klen[r] < 0 ? INT64_MAX / 2 : klen[r];
        for (int32_t j = 0; j < R->nhit; j++) {
            const KHit *k = &e->khits[R->hit0 + j];
            if (k->theme < 0 || k->theme >= e->nthemes || k->tail < 0 || k->tail >= e->ntails ||
                k->off < 0 || k->len < 0 || (int64_t)k->off + k->len > len)
                goto bad;
        }
        for (int32_t j = 0; j < R->ncue; j++) {
            const KCue *k = &e->kcues[R->cue0 + j];
            if (k->off < 0 || k->len < 0 || (int64_t)k->off + k->len > len) goto bad;
        }
        for (int32_t j = 0; j < R->nwild; j++) {
            const KWild *k = &e->kwild[R->wild0 + j];
            if (k->theme < 0 || k->theme >= e->nthemes || k->tail < 0 || k->tail >= e->ntails)
                goto bad;
        }
    }
    rc = 0;
    goto done;
bad:
    PyErr_SetString(PyExc_ValueError, "not a valid engine image");
done:
    PyMem_Free(parent_of);
    PyMem_Free(depth);
    PyMem_Free(klen);
    return rc;
}

/* Engine.from_image(image, deferred, punct, params, nphrases): the engine `image` was taken
 * from, with the arguments of Engine(...) an image does not hold; nphrases bounds the phrase
 * indices. ValueError if the image is not one this build wrote or does not hold together. */
static PyObject *Engine_from_image(PyTypeObject *type, PyObject *args) {
    Py_buffer buf;
    PyObject *deferred, *punct, *params;
    int nphrases;
    if (!PyArg_ParseTuple(args, "y*O!SO!i", &buf, &PyTuple_Type, &deferred, &punct,
                          &PyTuple_Type, &params, &nphrases))
        return NULL;
    Engine *e = (Engine *)type->tp_alloc(type, 0);
    if (!e) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    const char *r = buf.buf;
    int64_t left = buf.len;
    ImageHead head;
    const ImageHead *h = &head;
    if (engine_setup(e, deferred, punct, params) < 0) goto fail;
    if (left < 8 + (int64_t)sizeof(ImageHead) + (int64_t)sizeof(e->ascii_sym) ||
        memcmp(r, IMAGE_MAGIC, 8) != 0)
        goto bad;
    memcpy(&head, r + 8, sizeof(ImageHead));
    r += 8 + sizeof(ImageHead);
    left -= 8 + (int64_t)sizeof(ImageHead);
    if (h->order != IMAGE_ORDER || h->nthemes != e->nthemes || h->ntails < 0 || h->nh < 0 ||
        h->nc < 0 || h->nw < 0 || h->nrecs < 0 || h->nnodes < 1 || h->ndense < 1 ||
        h->ndense > h->nnodes || h->nsym < 0 || h->nsym >= (1 << 21) || h->nwide < 0 ||
        h->nedges < 0 || h->nnodes >= NODE_MASK)
        goto bad;
    memcpy(e->ascii_sym, r, sizeof(e->ascii_sym));
    r += sizeof(e->ascii_sym);
    left -= (int64_t)sizeof(e->ascii_sym);
    int64_t need = 0;
#define SIZE_OF(name, type, n) need += (int64_t)(n) * (int64_t)sizeof(type);
    IMAGE_PARTS(SIZE_OF)
#undef SIZE_OF
    if (need != left) goto bad;
#define READ(name, type, n)                                         \
    e->name = PyMem_Malloc((size_t)(n) * sizeof(type) + 1);         \
    if (!e->name) {                                                 \
        PyErr_NoMemory();                                           \
        goto fail;                                                  \
    }                                                               \
    if ((n) > 0) memcpy(e->name, r, (size_t)(n) * sizeof(type));   \
    r += (size_t)(n) * sizeof(type);
    IMAGE_PARTS(READ)
#undef READ
    e->ntails = h->ntails;
    e->nkhits = h->nh;
    e->nkcues = h->nc;
    e->nkwild = h->nw;
    e->nrecs = h->nrecs;
    e->nnodes = h->nnodes;
    e->ndense = h->ndense;
    e->nsym = h->nsym;
    e->nwide = h->nwide;
    e->nedges = h->nedges;
    if (image_check(e, nphrases) < 0) goto fail;
    PyBuffer_Release(&buf);
    return (PyObject *)e;
bad:
    PyErr_SetString(PyExc_ValueError, "not a valid engine image");
fail:
    PyBuffer_Release(&buf);
    Py_DECREF(e);
    return NULL;
}
#undef IMAGE_PARTS

static PyMethodDef Engine_methods[] = {
    {"tag", (PyCFunction)Engine_tag, METH_VARARGS,
     "tag(folded, assess, top[, (sample, sampled[, places])]) -> (strengths, best[, counts]): "
     "scan, negation, clusters per theme"},
    {"stats", (PyCFunction)Engine_stats, METH_NOARGS, "sizes of the compiled framework"},
    {"image", (PyCFunction)Engine_image, METH_NOARGS,
     "image() -> bytes: the built engine, for Engine.from_image (this machine, this build)"},
    {"from_image", (PyCFunction)Engine_from_image, METH_VARARGS | METH_CLASS,
     "from_image(image, deferred, punct, params, nphrases) -> Engine: the engine image() gave;"
     " ValueError if the image is not valid"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject EngineType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "casereviews.analysis._scan.Engine",
    .tp_basicsize = sizeof(Engine),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A compiled framework: Engine(keys, records, tails, deferred, punct, params)",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Engine_init,
    .tp_dealloc = (destructor)Engine_dealloc,
    .tp_methods = Engine_methods,
};

/* fold(text, table, wide_from, wide_to) -> str or None
 *   textnorm.fold for a text that is not pure ASCII, in one pass: each character lowercased
 *   (CPython's case tables), then an ASCII one through `table` (128 bytes: textnorm's
 *   _FOLD_ASCII with the lowercasing in it) and any other through the sorted pairs
 *   wide_from[i] -> wide_to[i] (typographic quotes, dashes, spaces). The same length as `text`.
 *   None when the text holds a character whose lowercase in Python depends on more than the
 *   character ("İ" becomes two, a capital sigma depends on its neighbours): the caller then
 *   folds it in Python (textnorm.fold_reference), which is the specification. */
static PyObject *scan_fold(PyObject *self, PyObject *args) {
    PyObject *text, *table, *wfrom, *wto;
    if (!PyArg_ParseTuple(args, "USUU", &text, &table, &wfrom, &wto)) return NULL;
    const Py_ssize_t nw = PyUnicode_GET_LENGTH(wfrom);
    if (PyBytes_GET_SIZE(table) != 128 || PyUnicode_GET_LENGTH(wto) != nw || nw > 256) {
        PyErr_SetString(PyExc_ValueError, "fold: a 128-byte table and two strings of one length");
        return NULL;
    }
    const unsigned char *tab = (const unsigned char *)PyBytes_AS_STRING(table);
    Py_UCS4 from[256], to[256];
    for (Py_ssize_t k = 0; k < nw; k++) {
        from[k] = PyUnicode_READ_CHAR(wfrom, k);
        to[k] = PyUnicode_READ_CHAR(wto, k);
        if (k && from[k] <= from[k - 1]) {
            PyErr_SetString(PyExc_ValueError, "fold: wide_from must be sorted, no repeats");
            return NULL;
        }
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *out = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_UCS4));
    if (!out) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128) {
            out[i] = tab[c];
            continue;
        }
        if (c == 0x130 || c == 0x3A3) {
            PyMem_Free(out);
            Py_RETURN_NONE;
        }
        c = Py_UNICODE_TOLOWER(c);
        Py_ssize_t lo = 0, hi = nw - 1;
        while (lo <= hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (from[mid] == c) {
                c = to[mid];
                break;
            }
            if (from[mid] < c) lo = mid + 1;
            else hi = mid - 1;
        }
        out[i] = c;
    }
    PyObject *res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    PyMem_Free(out);
    return res;
}

/* ---- weigh: coverage.Context.hit for every sampled cluster of a text, in one call ---------
 * The Python reference is coverage.Context.hit (kept, and compared with this on the eval
 * texts by tests/analysis/test_coverage.py); this is the same arithmetic, written out:
 *  - the cluster's section: the last section starting at or before it (bisect_right - 1);
 *  - its line: from the last "\n" before its start to the first "\n" at or after its end;
 *  - a short line (<= short_line characters) is judged as a whole by `line_flags(a, b)`
 *    (Python: fragment, menu, boilerplate and citation rules, cached per line);
 *  - a hit in an ignored section on a long line counts for nothing;
 *  - otherwise its rough sentence (Context.sentence_bounds) is searched for a boilerplate
 *    marker, then for a marker of a stated problem;
 *  - weight = strength x the kind's weight (the fragment weight for a fragment or a heading).
 * Each result is a `hit_type` (coverage.HitContext, a named tuple) built directly. */

typedef struct {
    const int64_t *v;
    Py_ssize_t n;
} IntArr;

static int64_t *int_list(PyObject *list, Py_ssize_t *n, const char *what) {
    if (!PyList_Check(list)) {
        PyErr_Format(PyExc_TypeError, "weigh: %s must be a list of int", what);
        return NULL;
    }
    *n = PyList_GET_SIZE(list);
    int64_t *out = PyMem_Malloc(((size_t)*n + 1) * sizeof(int64_t));
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        long long v = PyLong_AsLongLong(PyList_GET_ITEM(list, i));
        if (v == -1 && PyErr_Occurred()) {
            PyMem_Free(out);
            return NULL;
        }
        out[i] = v;
    }
    return out;
}

/* first i with a[i] >= x */
static inline Py_ssize_t lower_bound(const int64_t *a, Py_ssize_t n, int64_t x) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (a[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* first i with a[i] > x */
static inline Py_ssize_t upper_bound(const int64_t *a, Py_ssize_t n, int64_t x) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (a[mid] <= x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* a marker starts in [a, b) */
static inline int has_mark(const int64_t *m, Py_ssize_t n, int64_t a, int64_t b) {
    Py_ssize_t i = lower_bound(m, n, a);
    return i < n && m[i] < b;
}

#define TX(i) PyUnicode_READ(kind, data, (i))

/* Where the text's sentence marks are, found in one pass: each kind of mark is a sorted list
 * of positions, so that str.rfind and str.find over a window become two binary searches. */
typedef struct {
    int64_t *v;
    Py_ssize_t n, cap;
} Marks;

enum { M_NL, M_DOT, M_QUERY, M_BANG, M_KINDS };

static int marks_add(Marks *m, int64_t pos) {
    if (m->n == m->cap) {
        Py_ssize_t ncap = m->cap ? m->cap * 2 : 256;
        int64_t *nv = PyMem_Realloc(m->v, (size_t)ncap * sizeof(int64_t));
        if (!nv) {
            PyErr_NoMemory();
            return -1;
        }
        m->v = nv;
        m->cap = ncap;
    }
    m->v[m->n++] = pos;
    return 0;
}

/* "\n" anywhere; ". ", "? ", "! " at the position of their first character */
#define FIND_MARKS(T)                                                                \
    do {                                                                             \
        const T *d_ = (const T *)data;                                               \
        for (Py_ssize_t k = 0; k < n; k++) {                                         \
            const Py_UCS4 c = d_[k];                                                 \
            if (c != '\n' && c != '.' && c != '?' && c != '!') continue; /* not a mark */ \
            int w_ = -1;                                                             \
            if (c == '\n') w_ = M_NL;                                                \
            else if (k + 1 < n && d_[k + 1] == ' ')                                  \
                w_ = c == '.' ? M_DOT : c == '?' ? M_QUERY : c == '!' ? M_BANG : -1; \
            if (w_ >= 0 && marks_add(&marks[w_], k) < 0) goto fail;                  \
        }                                                                            \
    } while (0)

/* FIND_MARKS for a 1-byte text: memchr for each mark (each list comes out ascending, as
 * FIND_MARKS makes it; a character is one kind of mark at most) */
static int find_marks_ucs1(const Py_UCS1 *d, Py_ssize_t n, Marks *marks) {
    static const struct {
        int ch, kind, space;
    } what[4] = {{'\n', M_NL, 0}, {'.', M_DOT, 1}, {'?', M_QUERY, 1}, {'!', M_BANG, 1}};
    for (int w = 0; w < 4; w++) {
        const Py_UCS1 *p = d, *end = d + n;
        while (p < end && (p = memchr(p, what[w].ch, (size_t)(end - p))) != NULL) {
            const Py_ssize_t k = p - d;
            if ((!what[w].space || (k + 1 < n && d[k + 1] == ' ')) &&
                marks_add(&marks[what[w].kind], k) < 0)
                return -1;
            p++;
        }
    }
    return 0;
}

/* str.rfind(mark, lo, hi): the last mark of `width` characters wholly inside [lo, hi), or -1 */
static inline int64_t marks_rfind(const Marks *m, int64_t lo, int64_t hi, int width) {
    Py_ssize_t i = upper_bound(m->v, m->n, hi - width) - 1;
    return i >= 0 && m->v[i] >= lo ? m->v[i] : -1;
}

/* str.find(mark, lo, hi): the first mark of `width` characters wholly inside [lo, hi), or -1 */
static inline int64_t marks_find(const Marks *m, int64_t lo, int64_t hi, int width) {
    Py_ssize_t i = lower_bound(m->v, m->n, lo);
    return i < m->n && m->v[i] + width <= hi ? m->v[i] : -1;
}

/* weigh(text, clusters, phrases, sections, boiler, problem, line_flags, hit_type, params)
 *   clusters: per theme a list of (miss, start, first_end, end, best, phrase_index)
 *   phrases: tuple, phrase index -> phrase
 *   sections: (starts, heading_ends, kind codes, titles) lists, one item per section, and
 *             (kind code of no section) appended as a fifth item
 *   boiler, problem: sorted lists of marker starts
 *   line_flags(a, b) -> (fragment, ignored, problem) of the short line text[a:b]
 *   hit_type: coverage.HitContext
 *   params: (kind names (4 str), kind weights (4 float), fragment weights (4 float),
 *            ignore code, window, short line)
 * -> per theme a list of hit_type */
static PyObject *scan_weigh(PyObject *self, PyObject *args) {
    PyObject *text, *clusters, *phrases, *sections, *boiler_l, *problem_l, *line_flags;
    PyTypeObject *hit_type;
    PyObject *params;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!O!OO!O!", &text, &PyList_Type, &clusters, &PyTuple_Type,
                          &phrases, &PyTuple_Type, &sections, &PyList_Type, &boiler_l,
                          &PyList_Type, &problem_l, &line_flags, &PyType_Type, &hit_type,
                          &PyTuple_Type, &params))
        return NULL;
    if (!PyType_IsSubtype(hit_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "weigh: hit_type must be a tuple type");
        return NULL;
    }
    PyObject *names, *kw_t, *fw_t;
    int ignore_code;
    Py_ssize_t window, short_line;
    if (!PyArg_ParseTuple(params, "O!O!O!inn", &PyTuple_Type, &names, &PyTuple_Type, &kw_t,
                          &PyTuple_Type, &fw_t, &ignore_code, &window, &short_line))
        return NULL;
    if (PyTuple_GET_SIZE(names) != 4 || PyTuple_GET_SIZE(kw_t) != 4 || PyTuple_GET_SIZE(fw_t) != 4) {
        PyErr_SetString(PyExc_ValueError, "weigh: four kinds");
        return NULL;
    }
    double kw[4], fw[4];
    for (int k = 0; k < 4; k++) {
        kw[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(kw_t, k));
        fw[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(fw_t, k));
        if (PyErr_Occurred()) return NULL;
    }
    PyObject *sec_starts_l, *sec_hend_l, *sec_kind_l, *sec_titles;
    int none_kind;
    if (!PyArg_ParseTuple(sections, "O!O!O!O!i", &PyList_Type, &sec_starts_l, &PyList_Type,
                          &sec_hend_l, &PyList_Type, &sec_kind_l, &PyList_Type, &sec_titles,
                          &none_kind))
        return NULL;
    if (none_kind < 0 || none_kind > 3 || ignore_code < 0 || ignore_code > 3) {
        PyErr_SetString(PyExc_ValueError, "weigh: a kind code is 0 to 3");
        return NULL;
    }

    PyObject *result = NULL;
    int64_t *ss = NULL, *he = NULL, *sk = NULL, *bo = NULL, *pr = NULL;
    Py_ssize_t nsec, nhe, nsk, nbo, npr;
    Marks marks[M_KINDS] = {{NULL, 0, 0}};
    if (!(ss = int_list(sec_starts_l, &nsec, "section starts"))) goto fail;
    if (!(he = int_list(sec_hend_l, &nhe, "heading ends"))) goto fail;
    if (!(sk = int_list(sec_kind_l, &nsk, "section kinds"))) goto fail;
    if (!(bo = int_list(boiler_l, &nbo, "boilerplate markers"))) goto fail;
    if (!(pr = int_list(problem_l, &npr, "problem markers"))) goto fail;
    if (nhe != nsec || nsk != nsec || PyList_GET_SIZE(sec_titles) != nsec) {
        PyErr_SetString(PyExc_ValueError, "weigh: the section lists differ in length");
        goto fail;
    }
    for (Py_ssize_t i = 0; i < nsec; i++)
        if (sk[i] < 0 || sk[i] > 3) {
            PyErr_SetString(PyExc_ValueError, "weigh: a kind code is 0 to 3");
            goto fail;
        }

    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        if (find_marks_ucs1((const Py_UCS1 *)data, n, marks) < 0) goto fail;
        break;
    case PyUnicode_2BYTE_KIND:
        FIND_MARKS(Py_UCS2);
        break;
    default:
        FIND_MARKS(Py_UCS4);
    }
    const int64_t *nl = marks[M_NL].v;
    const Py_ssize_t nnl = marks[M_NL].n;

    const Py_ssize_t T = PyList_GET_SIZE(clusters);
    const Py_ssize_t P = PyTuple_GET_SIZE(phrases);
    result = PyList_New(T);
    if (!result) goto fail;
    for (Py_ssize_t t = 0; t < T; t++) {
        PyObject *lst = PyList_GET_ITEM(clusters, t);
        if (!PyList_Check(lst)) {
            PyErr_SetString(PyExc_TypeError, "weigh: clusters must be lists");
            goto fail;
        }
        const Py_ssize_t m = PyList_GET_SIZE(lst);
        PyObject *out = PyList_New(m);
        if (!out) goto fail;
        PyList_SET_ITEM(result, t, out);
        for (Py_ssize_t h = 0; h < m; h++) {
            PyObject *c = PyList_GET_ITEM(lst, h);
            if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) != 6) {
                PyErr_SetString(PyExc_TypeError, "weigh: a cluster is a 6-tuple");
                goto fail;
            }
            const double miss = PyFloat_AsDouble(PyTuple_GET_ITEM(c, 0));
            const long long start = PyLong_AsLongLong(PyTuple_GET_ITEM(c, 1));
            const long long end = PyLong_AsLongLong(PyTuple_GET_ITEM(c, 3));
            const Py_ssize_t pi = PyLong_AsSsize_t(PyTuple_GET_ITEM(c, 5));
            if (PyErr_Occurred()) goto fail;
            if (start < 0 || end < start || end > n || pi < 0 || pi >= P) {
                PyErr_SetString(PyExc_ValueError, "weigh: a cluster out of range");
                goto fail;
            }
            const double strength = 1.0 - miss;
            const Py_ssize_t si = upper_bound(ss, nsec, start) - 1;
            const int sec_kind = si >= 0 ? (int)sk[si] : none_kind;
            const int in_heading = si >= 0 && start < he[si];
            /* the line: text.rfind("\n", 0, start) + 1 .. text.find("\n", end) */
            Py_ssize_t li = lower_bound(nl, nnl, start);
            int64_t a = li > 0 ? nl[li - 1] + 1 : 0;
            li = lower_bound(nl, nnl, end);
            int64_t b = li < nnl ? nl[li] : n;
            int fragment, ignored, problem;
            if (b - a <= short_line) {
                PyObject *f = PyObject_CallFunction(line_flags, "LL", (long long)a, (long long)b);
                if (!f) goto fail;
                if (!PyTuple_Check(f) || PyTuple_GET_SIZE(f) != 3) {
                    Py_DECREF(f);
                    PyErr_SetString(PyExc_TypeError, "weigh: line_flags gives 3 values");
                    goto fail;
                }
                fragment = PyObject_IsTrue(PyTuple_GET_ITEM(f, 0));
                ignored = PyObject_IsTrue(PyTuple_GET_ITEM(f, 1));
                problem = PyObject_IsTrue(PyTuple_GET_ITEM(f, 2));
                Py_DECREF(f);
                if (fragment < 0 || ignored < 0 || problem < 0) goto fail;
            } else if (sec_kind == ignore_code) {
                fragment = 0;
                ignored = 1;
                problem = 0;
            } else {
                /* Context.sentence_bounds */
                int64_t lo = (int64_t)start - window;
                if (lo < 0) lo = 0;
                int64_t cut = marks_rfind(&marks[M_DOT], lo, start, 2);
                int64_t k = marks_rfind(&marks[M_NL], lo, start, 1);
                if (k > cut) cut = k;
                k = marks_rfind(&marks[M_QUERY], lo, start, 2);
                if (k > cut) cut = k;
                a = cut >= 0 ? cut + 1 : lo;
                int64_t bb = (int64_t)end + window;
                if (bb > n) bb = n;
                /* each search stops where the previous one found its mark */
                k = marks_find(&marks[M_DOT], end, bb, 2);
                if (k >= 0) bb = k + 1;
                k = marks_find(&marks[M_NL], end, bb, 1);
                if (k >= 0) bb = k + 1;
                k = marks_find(&marks[M_QUERY], end, bb, 2);
                if (k >= 0) bb = k + 1;
                k = marks_find(&marks[M_BANG], end, bb, 2);
                if (k >= 0) bb = k + 1;
                b = bb;
                fragment = 0;
                ignored = has_mark(bo, nbo, a, b);
                problem = ignored ? 0 : has_mark(pr, npr, a, b);
            }
            fragment = fragment || in_heading;
            double weight;
            if (sec_kind == ignore_code || ignored) {
                weight = 0.0;
                problem = 0;
            } else {
                weight = strength * (fragment ? fw : kw)[sec_kind];
                problem = problem && !fragment;
            }
            PyObject *hc = hit_type->tp_alloc(hit_type, 9);
            if (!hc) goto fail;
            PyList_SET_ITEM(out, h, hc);
            PyObject *title = si >= 0 ? PyList_GET_ITEM(sec_titles, si) : Py_None;
            PyObject *kname = PyTuple_GET_ITEM(names, sec_kind);
            PyObject *phrase = PyTuple_GET_ITEM(phrases, pi);
            PyObject *items[9] = {PyLong_FromLongLong(start), NULL,
                                  PyFloat_FromDouble(strength), PyFloat_FromDouble(weight),
                                  phrase, title, kname, fragment ? Py_True : Py_False,
                                  problem ? Py_True : Py_False};
            items[1] = PyTuple_GET_ITEM(c, 2);
            Py_INCREF(items[1]);
            for (int x = 4; x < 9; x++) Py_INCREF(items[x]);
            int ok = 1;
            for (int x = 0; x < 9; x++) {
                if (!items[x]) ok = 0;
                PyTuple_SET_ITEM(hc, x, items[x]);
            }
            if (!ok) goto fail;
        }
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    PyMem_Free(ss);
    PyMem_Free(he);
    PyMem_Free(sk);
    PyMem_Free(bo);
    PyMem_Free(pr);
    for (int k = 0; k < M_KINDS; k++) PyMem_Free(marks[k].v);
    return result;
}
#undef TX


/* ---- heading_lines: which lines of a text may be headings (segment.find_sections) ----------
 * heading_lines(text, words, leads, max_line) -> list of int
 *   The starts, ascending, of the lines (split at "\n") that segment.find_sections must try
 *   against its heading patterns: a necessary condition of each pattern, checked cheaply, so
 *   that a long report's paragraphs cost nothing in Python. A line is listed when it is not
 *   empty, has at most `max_line` characters, and
 *    - it begins with "#" or "<" (a Markdown or HTML heading), or
 *    - after its leading spaces and tabs, it begins with a digit, with a non-ASCII character,
 *      with a capital followed by three characters that are capitals, digits, " ,&'/()-" or
 *      non-ASCII (an ALL-CAPS heading), with 1 to 5 of "ivxIVX" and a full stop, with one of
 *      "a-hA-H" and "." or ")" (a numbered heading), with one of `leads` ("section", "part",
 *      "chapter"), or with one of `words` (the known heading words) followed (after spaces and
 *      tabs) by the end of the line, a digit, "a" or "A" ("and"), one of "&/:.-", other ASCII
 *      white space or a non-ASCII character; words are lowercase ASCII, compared case-blind,
 *      and a non-ASCII character met while comparing lists the line too.
 *   The first line is always listed. segment.heading_lines_reference is the same in Python. */
static PyObject *scan_heading_lines(PyObject *self, PyObject *args) {
    PyObject *text, *known, *leads;
    Py_ssize_t max_line;
    if (!PyArg_ParseTuple(args, "UO!O!n", &text, &PyTuple_Type, &known, &PyTuple_Type, &leads,
                          &max_line))
        return NULL;
    PyObject *words = PySequence_Concat(leads, known); /* the leads first */
    if (!words) return NULL;
    const Py_ssize_t nlead = PyTuple_GET_SIZE(leads), nw = PyTuple_GET_SIZE(words);
    uint8_t first[128] = {0};
    for (Py_ssize_t w = 0; w < nw; w++) {
        PyObject *word = PyTuple_GET_ITEM(words, w);
        if (!PyUnicode_Check(word) || !PyUnicode_IS_ASCII(word) || PyUnicode_GET_LENGTH(word) == 0) {
            PyErr_SetString(PyExc_ValueError, "heading_lines: words must be non-empty ASCII str");
            Py_DECREF(words);
            return NULL;
        }
        first[PyUnicode_1BYTE_DATA(word)[0] & 127] = 1;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (!out) {
        Py_DECREF(words);
        return NULL;
    }
    Py_ssize_t a = 0;
    while (a <= n) {
        Py_ssize_t b = a;
        while (b < n && PyUnicode_READ(kind, data, b) != '\n') b++;
        int take = a == 0;
        if (!take && b > a && b - a <= max_line) {
            Py_UCS4 c0 = PyUnicode_READ(kind, data, a);
            Py_ssize_t i = a;
            while (i < b && (PyUnicode_READ(kind, data, i) == ' ' || PyUnicode_READ(kind, data, i) == '\t')) i++;
            if (c0 == '#' || c0 == '<') {
                take = 1;
            } else if (i < b) {
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                Py_UCS4 lc = (c >= 'A' && c <= 'Z') ? c + 32 : c;
                if (c >= 128 || (c >= '0' && c <= '9')) {
                    take = 1;
                } else if (c >= 'A' && c <= 'Z' && i + 3 < b) {
                    take = 1; /* an ALL-CAPS heading: [A-Z] then 3 of its characters */
                    for (Py_ssize_t k = i + 1; k <= i + 3; k++) {
                        Py_UCS4 d = PyUnicode_READ(kind, data, k);
                        if (!(d >= 128 || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') ||
                              (d && strchr(" ,&'/()-", (int)d)))) {
                            take = 0;
                            break;
                        }
                    }
                }
                if (!take && (lc == 'i' || lc == 'v' || lc == 'x')) { /* [ivx]{1,5}\. */
                    Py_ssize_t k = i;
                    while (k < b && k - i < 5) {
                        Py_UCS4 d = PyUnicode_READ(kind, data, k);
                        Py_UCS4 ld = (d >= 'A' && d <= 'Z') ? d + 32 : d;
                        if (ld != 'i' && ld != 'v' && ld != 'x') break;
                        k++;
                    }
                    if (k < b) {
                        Py_UCS4 d = PyUnicode_READ(kind, data, k);
                        if (d == '.' || d >= 128) take = 1;
                    }
                }
                if (!take && lc >= 'a' && lc <= 'h' && i + 1 < b) { /* [a-h][.)] */
                    Py_UCS4 d = PyUnicode_READ(kind, data, i + 1);
                    if (d == '.' || d == ')' || d >= 128) take = 1;
                }
                if (!take && lc < 128 && first[lc]) {
                    for (Py_ssize_t w = 0; w < nw && !take; w++) {
                        PyObject *word = PyTuple_GET_ITEM(words, w);
                        const Py_UCS1 *wd = PyUnicode_1BYTE_DATA(word);
                        const Py_ssize_t wl = PyUnicode_GET_LENGTH(word);
                        if (wd[0] != lc) continue;
                        Py_ssize_t k = 0;
                        for (; k < wl && i + k < b; k++) {
                            Py_UCS4 d = PyUnicode_READ(kind, data, i + k);
                            if (d >= 128) break; /* compared no further: listed */
                            if (d >= 'A' && d <= 'Z') d += 32;
                            if (d != wd[k]) break;
                        }
                        if (i + k < b && PyUnicode_READ(kind, data, i + k) >= 128) {
                            take = 1;
                        } else if (k == wl && w < nlead) {
                            take = 1;
                        } else if (k == wl) { /* then what a heading's word can be followed by */
                            Py_ssize_t j = i + k;
                            while (j < b && (PyUnicode_READ(kind, data, j) == ' ' ||
                                             PyUnicode_READ(kind, data, j) == '\t'))
                                j++;
                            const Py_UCS4 d = j < b ? PyUnicode_READ(kind, data, j) : 0;
                            take = j == b || d >= 128 || (d >= '0' && d <= '9') ||
                                   (d && strchr("aA&/:.-\v\f\r\x1c\x1d\x1e\x1f", (int)d));
                        }
                    }
                }
            }
        }
        if (take) {
            PyObject *v = PyLong_FromSsize_t(a);
            if (!v || PyList_Append(out, v) < 0) {
                Py_XDECREF(v);
                Py_DECREF(out);
                Py_DECREF(words);
                return NULL;
            }
            Py_DECREF(v);
        }
        a = b + 1;
    }
    Py_DECREF(words);
    return out;
}

/* count_words(text) -> text.count(" ") + text.count("\n"), in one pass (the tagger's rough
 * number of words is this plus one) */
#define COUNT_WORDS(T)                                                  \
    do {                                                                \
        const T *d_ = (const T *)data;                                  \
        for (Py_ssize_t k = 0; k < n; k++) count += (d_[k] == ' ') + (d_[k] == '\n'); \
    } while (0)
static PyObject *scan_count_words(PyObject *self, PyObject *args) {
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text)) return NULL;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = 0;
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        COUNT_WORDS(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        COUNT_WORDS(Py_UCS2);
        break;
    default:
        COUNT_WORDS(Py_UCS4);
    }
    return PyLong_FromSsize_t(count);
}
#undef COUNT_WORDS


/* ---- last_clause_end: negation.clause_before's search for the last clause break ---------
 * last_clause_end(pre, punct, words) -> int
 *   What `re.match(r".*(?:[<punct>]|\b(?:<words>)\b)", pre, re.S).end()` gives, or -1 when
 *   it does not match: the end of the break that starts last in `pre` (a character of `punct`,
 *   or one of `words` with a word boundary, as `re` defines it, before and after it). `words`
 *   are tried in their order at each place, as the alternation is; the first that fits wins.
 *   Python's regex is the specification (negation.py keeps it, and the tests compare). */
static inline int re_word(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

static PyObject *scan_last_clause_end(PyObject *self, PyObject *args) {
    PyObject *pre, *punct, *words;
    if (!PyArg_ParseTuple(args, "UUO!", &pre, &punct, &PyTuple_Type, &words)) return NULL;
    const Py_ssize_t nw = PyTuple_GET_SIZE(words);
    for (Py_ssize_t w = 0; w < nw; w++) {
        PyObject *word = PyTuple_GET_ITEM(words, w);
        if (!PyUnicode_Check(word) || PyUnicode_GET_LENGTH(word) == 0) {
            PyErr_SetString(PyExc_ValueError, "last_clause_end: words must be non-empty str");
            return NULL;
        }
    }
    const int kind = PyUnicode_KIND(pre), pkind = PyUnicode_KIND(punct);
    const void *data = PyUnicode_DATA(pre), *pdata = PyUnicode_DATA(punct);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(pre), np = PyUnicode_GET_LENGTH(punct);
    uint8_t is_punct[128] = {0}; /* the ASCII ones; any other is compared one by one */
    int wide_punct = 0;
    for (Py_ssize_t k = 0; k < np; k++) {
        const Py_UCS4 q = PyUnicode_READ(pkind, pdata, k);
        if (q < 128) is_punct[q] = 1;
        else wide_punct = 1;
    }
    for (Py_ssize_t p = n - 1; p >= 0; p--) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, p);
        if (c < 128 ? is_punct[c] : 0) return PyLong_FromSsize_t(p + 1);
        if (c >= 128 && wide_punct)
            for (Py_ssize_t k = 0; k < np; k++)
                if (PyUnicode_READ(pkind, pdata, k) == c) return PyLong_FromSsize_t(p + 1);
        /* \b before the word: a change between word and not word at p */
        if ((p > 0 && re_word(PyUnicode_READ(kind, data, p - 1))) == re_word(c)) continue;
        for (Py_ssize_t w = 0; w < nw; w++) {
            PyObject *word = PyTuple_GET_ITEM(words, w);
            const Py_ssize_t wl = PyUnicode_GET_LENGTH(word);
            if (p + wl > n) continue;
            const int wkind = PyUnicode_KIND(word);
            const void *wdata = PyUnicode_DATA(word);
            Py_ssize_t j = 0;
            while (j < wl && PyUnicode_READ(wkind, wdata, j) == PyUnicode_READ(kind, data, p + j)) j++;
            if (j < wl) continue;
            /* \b after it: the end, or a change between word and not word */
            const int last = re_word(PyUnicode_READ(wkind, wdata, wl - 1));
            if (p + wl == n ? last : last != re_word(PyUnicode_READ(kind, data, p + wl)))
                return PyLong_FromSsize_t(p + wl);
        }
    }
    return PyLong_FromLong(-1);
}

/* ---- in_process: tagger._in_process for every theme of a text ------------------------------
 * in_process(text, hit_lists, process, line_starts, line_ends, findings, reports, window)
 *   -> a list of lists, one per list of hit_lists
 *   hit_lists: per theme a list of coverage.HitContext (start, first_end, strength, weight,
 *              phrase, section, kind, fragment, problem); process: the starts of the
 *              REVIEW_PROCESS markers, ascending; line_starts, line_ends: the lines that hold
 *              one (tagger._process_lines), ascending; findings: where stated findings start,
 *              ascending; reports(s, e) -> whether the sentence text[s:e] reports what a
 *              source told the review (asked once per sentence); window: Context.WINDOW.
 *   A hit with weight > 0 whose line holds a process word, or whose sentence
 *   (Context.sentence_bounds) does, and whose sentence neither opens a finding nor reports a
 *   source, comes back as a copy with weight 0.0 and problem False; a list with no such hit
 *   comes back itself. tagger._in_process is the specification (the tests compare them). */

/* str.rfind of c0 (c1 < 0) or of c0 c1 wholly inside [lo, hi), or -1 */
static inline Py_ssize_t text_rfind(int kind, const void *data, Py_UCS4 c0, int c1,
                                    Py_ssize_t lo, Py_ssize_t hi) {
    for (Py_ssize_t p = hi - (c1 < 0 ? 1 : 2); p >= lo; p--)
        if (PyUnicode_READ(kind, data, p) == c0 &&
            (c1 < 0 || PyUnicode_READ(kind, data, p + 1) == (Py_UCS4)c1))
            return p;
    return -1;
}

/* str.find of c0 (c1 < 0) or of c0 c1 wholly inside [lo, hi), or -1 */
static inline Py_ssize_t text_find(int kind, const void *data, Py_UCS4 c0, int c1,
                                   Py_ssize_t lo, Py_ssize_t hi) {
    const Py_ssize_t last = hi - (c1 < 0 ? 1 : 2);
    for (Py_ssize_t p = lo; p <= last; p++)
        if (PyUnicode_READ(kind, data, p) == c0 &&
            (c1 < 0 || PyUnicode_READ(kind, data, p + 1) == (Py_UCS4)c1))
            return p;
    return -1;
}

/* Context.sentence_bounds(start, end) with WINDOW = window, 0 <= start <= end <= n */
static void sentence_bounds(int kind, const void *data, Py_ssize_t n, Py_ssize_t window,
                            Py_ssize_t start, Py_ssize_t end, Py_ssize_t *s, Py_ssize_t *e) {
    Py_ssize_t lo = start - window;
    if (lo < 0) lo = 0;
    Py_ssize_t cut = text_rfind(kind, data, '.', ' ', lo, start);
    Py_ssize_t k = text_rfind(kind, data, '\n', -1, lo, start);
    if (k > cut) cut = k;
    k = text_rfind(kind, data, '?', ' ', lo, start);
    if (k > cut) cut = k;
    *s = cut >= 0 ? cut + 1 : lo;
    Py_ssize_t b = end + window;
    if (b > n) b = n;
    /* each search stops where the previous one found its mark: the first mark wins */
    k = text_find(kind, data, '.', ' ', end, b);
    if (k >= 0) b = k + 1;
    k = text_find(kind, data, '\n', -1, end, b);
    if (k >= 0) b = k + 1;
    k = text_find(kind, data, '?', ' ', end, b);
    if (k >= 0) b = k + 1;
    k = text_find(kind, data, '!', ' ', end, b);
    if (k >= 0) b = k + 1;
    *e = b;
}

/* whether text[s:e] reports a source: from `cache` (a dict by (s, e)) or from reports(s, e) */
static int sentence_reports(PyObject *cache, PyObject *reports, Py_ssize_t s, Py_ssize_t e) {
    PyObject *key = Py_BuildValue("(nn)", s, e);
    if (!key) return -1;
    PyObject *known = PyDict_GetItemWithError(cache, key); /* borrowed */
    if (known) {
        Py_DECREF(key);
        return known == Py_True;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(key);
        return -1;
    }
    PyObject *r = PyObject_CallFunction(reports, "nn", s, e);
    int yes = r ? PyObject_IsTrue(r) : -1;
    Py_XDECREF(r);
    if (yes >= 0 && PyDict_SetItem(cache, key, yes ? Py_True : Py_False) < 0) yes = -1;
    Py_DECREF(key);
    return yes;
}

static PyObject *scan_in_process(PyObject *self, PyObject *args) {
    PyObject *text, *hit_lists, *process_l, *lstart_l, *lend_l, *findings_l, *reports;
    Py_ssize_t window;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!O!On", &text, &PyList_Type, &hit_lists, &PyList_Type,
                          &process_l, &PyList_Type, &lstart_l, &PyList_Type, &lend_l,
                          &PyList_Type, &findings_l, &reports, &window))
        return NULL;
    if (window < 0) {
        PyErr_SetString(PyExc_ValueError, "in_process: window must be >= 0");
        return NULL;
    }
    PyObject *result = NULL, *cache = NULL;
    int64_t *pr = NULL, *ls = NULL, *le = NULL, *fi = NULL;
    Py_ssize_t npr, nls, nle, nfi;
    if (!(pr = int_list(process_l, &npr, "process markers"))) goto fail;
    if (!(ls = int_list(lstart_l, &nls, "line starts"))) goto fail;
    if (!(le = int_list(lend_l, &nle, "line ends"))) goto fail;
    if (!(fi = int_list(findings_l, &nfi, "findings"))) goto fail;
    if (nls != nle) {
        PyErr_SetString(PyExc_ValueError, "in_process: line starts and ends differ in length");
        goto fail;
    }
    if (!(cache = PyDict_New())) goto fail;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const Py_ssize_t T = PyList_GET_SIZE(hit_lists);
    if (!(result = PyList_New(T))) goto fail;
    for (Py_ssize_t t = 0; t < T; t++) {
        PyObject *lst = PyList_GET_ITEM(hit_lists, t);
        if (!PyList_Check(lst)) {
            PyErr_SetString(PyExc_TypeError, "in_process: hit_lists must hold lists");
            goto fail;
        }
        PyObject *out = lst; /* a copy only once a hit changes */
        Py_INCREF(out);
        PyList_SET_ITEM(result, t, out);
        Py_INCREF(lst); /* held while it is read: `reports` runs Python */
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(lst); j++) {
            PyObject *h = PyList_GET_ITEM(lst, j);
            if (!PyTuple_Check(h) || PyTuple_GET_SIZE(h) != 9) {
                PyErr_SetString(PyExc_TypeError, "in_process: a hit is a 9-tuple (HitContext)");
                goto fail_list;
            }
            const double weight = PyFloat_AsDouble(PyTuple_GET_ITEM(h, 3));
            if (weight == -1.0 && PyErr_Occurred()) goto fail_list;
            if (weight <= 0) continue;
            const long long start = PyLong_AsLongLong(PyTuple_GET_ITEM(h, 0));
            const long long first_end = PyLong_AsLongLong(PyTuple_GET_ITEM(h, 1));
            if (PyErr_Occurred()) goto fail_list;
            if (start < 0 || first_end < start || first_end > n) {
                PyErr_SetString(PyExc_ValueError, "in_process: a hit out of range");
                goto fail_list;
            }
            Py_ssize_t s, e;
            Py_ssize_t k = upper_bound(ls, nls, start) - 1;
            if (k < 0 || start >= le[k]) { /* not on a line with the word: in its sentence? */
                Py_ssize_t i = lower_bound(pr, npr, start - window);
                if (i == npr || pr[i] >= first_end + window) continue;
                sentence_bounds(kind, data, n, window, start, first_end, &s, &e);
                i = lower_bound(pr, npr, s);
                if (i == npr || pr[i] >= e) continue;
            } else {
                sentence_bounds(kind, data, n, window, start, first_end, &s, &e);
            }
            k = upper_bound(fi, nfi, start) - 1;
            if (k >= 0 && fi[k] >= s - 2) continue;
            Py_INCREF(h); /* held while `reports` runs */
            const int yes = sentence_reports(cache, reports, s, e);
            PyObject *copy = NULL;
            if (yes == 0 && out == lst) {
                out = PyList_GetSlice(lst, 0, PyList_GET_SIZE(lst));
                if (out) PyList_SetItem(result, t, out); /* drops its reference to lst */
            }
            if (yes == 0 && out) copy = Py_TYPE(h)->tp_alloc(Py_TYPE(h), 9);
            for (int x = 0; copy && x < 9; x++)
                PyTuple_SET_ITEM(copy, x,
                                 x == 3   ? PyFloat_FromDouble(0.0)
                                 : x == 8 ? Py_NewRef(Py_False)
                                          : Py_NewRef(PyTuple_GET_ITEM(h, x)));
            Py_DECREF(h);
            if (yes < 0 || (yes == 0 && !copy)) goto fail_list;
            if (copy && !PyTuple_GET_ITEM(copy, 3)) { /* no memory for the float */
                Py_DECREF(copy);
                goto fail_list;
            }
            if (copy && PyList_SetItem(out, j, copy) < 0) goto fail_list; /* it drops copy */
        }
        Py_DECREF(lst);
        continue;
    fail_list:
        Py_DECREF(lst);
        goto fail;
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    Py_XDECREF(cache);
    PyMem_Free(pr);
    PyMem_Free(ls);
    PyMem_Free(le);
    PyMem_Free(fi);
    return result;
}

/* ---- next_cut: segment's sentence boundaries, for SentenceLocator -------------------------
 * next_cut(text, pos, rules, undecided) -> (start, end, split) or None
 *   The first match of segment._BOUNDARY that segment._boundaries(text, pos) gives and
 *   segment._is_boundary accepts: where it starts and ends, and where the sentence is split
 *   (its end after punctuation, its start at a line break). rules: (abbreviations,
 *   before_number, names_before_initial, short_line), segment's sets of lowercase ASCII words
 *   and SHORT_LINE. A full stop after a word with a non-ASCII character in it (whose
 *   lowercasing C does not repeat) is left to undecided(start) -> bool, which is
 *   _is_boundary in Python. segment.py is the specification; the tests compare the two. */
#define RD(i) PyUnicode_READ(kind, data, (i))
static inline int cut_punct(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }
static inline int cut_closer(Py_UCS4 c) {
    return c == '"' || c == '\'' || c == 0x201d || c == 0x2019 || c == ')' || c == ']';
}
static inline int cut_capital(Py_UCS4 c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == 0x2022 || c == 0xb7 || c == '-';
}
static inline int cut_bullet(Py_UCS4 c) { /* segment._BULLETS */
    return c == '-' || c == 0x2022 || c == 0xb7 || c == '*' || c == 0x25aa || c == 0x25cf ||
           c == 0x25e6 || c == 0x2013;
}
static inline int sp_tab(Py_UCS4 c) { return c == ' ' || c == '\t'; }
static inline int dot_paren(Py_UCS4 c) { return c == '.' || c == ')'; }

enum { CUT_NONE, CUT_P, CUT_B, CUT_N };

/* the lookahead of group b after its spaces: a bullet, "(1." "12)" or "a)" and a space or tab */
static int item_follows(int kind, const void *data, Py_ssize_t n, Py_ssize_t q) {
    const Py_UCS4 x = RD(q);
    if (cut_bullet(x) && q + 1 < n && sp_tab(RD(q + 1))) return 1;
    const Py_ssize_t r = q + (x == '(');
    if (r >= n) return 0;
    const Py_UCS4 y = RD(r);
    if (Py_UNICODE_ISDECIMAL(y)) { /* \d{1,2}: two digits first, then one */
        if (r + 3 < n && Py_UNICODE_ISDECIMAL(RD(r + 1)) && dot_paren(RD(r + 2)) &&
            sp_tab(RD(r + 3)))
            return 1;
        if (r + 2 < n && dot_paren(RD(r + 1)) && sp_tab(RD(r + 2))) return 1;
    }
    return y >= 'a' && y <= 'z' && r + 2 < n && dot_paren(RD(r + 1)) && sp_tab(RD(r + 2));
}

/* _BOUNDARY.match(text, c): the group that matched (CUT_NONE: no match) and where it ends */
static int boundary_match(int kind, const void *data, Py_ssize_t n, Py_ssize_t c, Py_ssize_t *end) {
    const Py_UCS4 ch = RD(c);
    Py_ssize_t q;
    if (cut_punct(ch)) { /* p: no backtracking can help, so greedy runs decide */
        Py_ssize_t p = c + 1;
        while (p < n && cut_punct(RD(p))) p++;
        while (p < n && cut_closer(RD(p))) p++;
        for (q = p; q < n && Py_UNICODE_ISSPACE(RD(q)); q++)
            ;
        if (q == p || q >= n) return CUT_NONE;
        const Py_UCS4 o = RD(q);
        if (o == '"' || o == '\'' || o == 0x201c || o == 0x2018 || o == '(' || o == '[') q++;
        if (q < n && cut_capital(RD(q))) {
            *end = p;
            return CUT_P;
        }
        return CUT_NONE;
    }
    if (ch != '\n') return CUT_NONE;
    for (q = c + 1; q < n && (sp_tab(RD(q)) || RD(q) == 0xa0); q++)
        ;
    if (q < n && RD(q) == '\n') {
        *end = q + 1;
        return CUT_B;
    }
    if (q < n && item_follows(kind, data, n, q)) {
        *end = q;
        return CUT_B;
    }
    for (q = c + 1; q < n && sp_tab(RD(q)); q++)
        ;
    if (q < n) {
        const Py_UCS4 o = RD(q);
        if (o == '"' || o == '\'' || o == 0x201c || o == 0x2018 || o == '(') q++;
    }
    if (q < n && ((RD(q) >= 'A' && RD(q) <= 'Z') || (RD(q) >= '0' && RD(q) <= '9'))) {
        *end = c + 1;
        return CUT_N;
    }
    return CUT_NONE;
}

/* whether the lowercase of the ASCII text[a:b] is in `set`: 1, 0, or -1 (an error) */
static int ascii_lower_in(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, PyObject *set) {
    char buf[64];
    if (b - a > (Py_ssize_t)sizeof(buf)) return 0; /* longer than any word of the sets */
    for (Py_ssize_t i = a; i < b; i++) {
        const Py_UCS4 c = RD(i);
        buf[i - a] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    PyObject *w = PyUnicode_FromStringAndSize(buf, b - a);
    if (!w) return -1;
    const int r = PySet_Contains(set, w);
    Py_DECREF(w);
    return r;
}

static int has_non_ascii(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) {
    for (Py_ssize_t i = a; i < b; i++)
        if (RD(i) >= 128) return 1;
    return 0;
}

/* _is_boundary for a match of group `g` at [c, end): 1, 0, 2 (left to Python), -1 (error) */
static int is_cut(int kind, const void *data, Py_ssize_t n, int g, Py_ssize_t c, Py_ssize_t end,
                  PyObject *abbrevs, PyObject *before_number, PyObject *names,
                  Py_ssize_t short_line) {
    if (g == CUT_B) return 1;
    if (g == CUT_N) { /* the line before the break, stripped */
        Py_ssize_t a = c, b = c;
        while (a > 0 && RD(a - 1) != '\n') a--;
        while (a < b && Py_UNICODE_ISSPACE(RD(a))) a++;
        while (b > a && Py_UNICODE_ISSPACE(RD(b - 1))) b--;
        if (a == b) return 0;
        return cut_bullet(RD(a)) || b - a < short_line || RD(b - 1) == ':';
    }
    /* the word before the punctuation, within 30 characters */
    const Py_ssize_t lo = c - 30 < 0 ? 0 : c - 30;
    Py_ssize_t j = c;
    if (c > lo && !Py_UNICODE_ISSPACE(RD(c - 1)))
        while (j > lo && !Py_UNICODE_ISSPACE(RD(j - 1))) j--;
    Py_ssize_t t = j; /* the token: lstrip("([\"'\u201c\u2018") */
    while (t < c) {
        const Py_UCS4 o = RD(t);
        if (o != '(' && o != '[' && o != '"' && o != '\'' && o != 0x201c && o != 0x2018) break;
        t++;
    }
    if (has_non_ascii(kind, data, t, c)) return 2;
    const int abbrev = ascii_lower_in(kind, data, t, c, abbrevs);
    if (abbrev) {
        if (abbrev < 0) return -1;
        const int number = ascii_lower_in(kind, data, t, c, before_number);
        if (number <= 0) return number; /* 0: not a boundary; -1: an error */
        const Py_ssize_t stop = end + 3 < n ? end + 3 : n;
        for (Py_ssize_t i = end; i < stop; i++)
            if (!Py_UNICODE_ISSPACE(RD(i))) return !Py_UNICODE_ISDIGIT(RD(i));
        return 1;
    }
    if (c - t == 1) {
        const Py_UCS4 x = RD(t);
        if ((x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z')) {
            /* an initial: a boundary only after a name word ("Child A. The ...") */
            Py_ssize_t i = j - 1;
            if (i < 0) return ascii_lower_in(kind, data, 0, 0, names);
            while (i > 0 && Py_UNICODE_ISSPACE(RD(i - 1))) i--;
            Py_ssize_t h = i;
            while (h > 0 && Py_UNICODE_ISALPHA(RD(h - 1))) h--;
            if (has_non_ascii(kind, data, h, i)) return 2;
            return ascii_lower_in(kind, data, h, i, names);
        }
    }
    if (c > t) {
        Py_ssize_t i = t;
        while (i < c && RD(i) >= '0' && RD(i) <= '9') i++;
        if (i == c) { /* list numbering at the start of a line: "3. Findings" */
            Py_ssize_t a = j;
            while (a > 0 && RD(a - 1) != '\n') a--;
            while (a < j && Py_UNICODE_ISSPACE(RD(a))) a++;
            if (a == j) return 0;
        }
    }
    return 1;
}

static PyObject *scan_next_cut(PyObject *self, PyObject *args) {
    PyObject *text, *rules, *undecided, *abbrevs, *before_number, *names;
    Py_ssize_t pos, short_line;
    if (!PyArg_ParseTuple(args, "UnO!O", &text, &pos, &PyTuple_Type, &rules, &undecided))
        return NULL;
    if (!PyArg_ParseTuple(rules, "O!O!O!n", &PyFrozenSet_Type, &abbrevs, &PyFrozenSet_Type,
                          &before_number, &PyFrozenSet_Type, &names, &short_line))
        return NULL;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t p = pos < 0 ? 0 : pos;
    while (p < n) {
        Py_ssize_t c = p;
        if (kind == PyUnicode_1BYTE_KIND) { /* to the next character a boundary begins with */
            const Py_UCS1 *d = (const Py_UCS1 *)data;
            while (c < n && d[c] != '.' && d[c] != '!' && d[c] != '?' && d[c] != '\n') c++;
        } else {
            while (c < n && !cut_punct(RD(c)) && RD(c) != '\n') c++;
        }
        if (c >= n) break;
        Py_ssize_t end = c;
        const int g = boundary_match(kind, data, n, c, &end);
        if (g == CUT_NONE) {
            p = c + 1;
            continue;
        }
        int yes = is_cut(kind, data, n, g, c, end, abbrevs, before_number, names, short_line);
        if (yes == 2) {
            PyObject *r = PyObject_CallFunction(undecided, "n", c);
            yes = r ? PyObject_IsTrue(r) : -1;
            Py_XDECREF(r);
        }
        if (yes < 0) return NULL;
        if (yes) return Py_BuildValue("(nnn)", c, end, g == CUT_P ? end : c);
        p = end;
    }
    Py_RETURN_NONE;
}
#undef RD

/* phrase_in(text, pos, index) -> bool
 *   Whether `re.compile(r"\b(?:p1|p2|...)\b").search(text, pos)` finds a match, for literal
 *   phrases that begin and end with an ASCII letter: index[c] is the tuple of the phrases
 *   whose first character has code c (128 entries). `\b` is `re`'s: a word character is
 *   alphanumeric or "_" (re_word), and the character before `pos` counts, as it does for re.
 *   negation.py's _NEG_ANYWHERE, _HEDGE and _COMMA_NEW_CLAUSE only ask whether they match
 *   (negation.phrase_index builds the index and checks the phrases once). */
static PyObject *scan_phrase_in(PyObject *self, PyObject *args) {
    PyObject *text, *index;
    Py_ssize_t pos;
    if (!PyArg_ParseTuple(args, "UnO!", &text, &pos, &PyTuple_Type, &index)) return NULL;
    if (PyTuple_GET_SIZE(index) != 128) {
        PyErr_SetString(PyExc_ValueError, "phrase_in: an index of 128 tuples");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (pos < 0) pos = 0;
    for (Py_ssize_t i = pos; i < n; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 128 || (i > 0 && re_word(PyUnicode_READ(kind, data, i - 1)))) continue;
        PyObject *group = PyTuple_GET_ITEM(index, c);
        if (!PyTuple_Check(group)) goto bad;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(group); k++) {
            PyObject *p = PyTuple_GET_ITEM(group, k);
            if (!PyUnicode_Check(p) || PyUnicode_KIND(p) != PyUnicode_1BYTE_KIND) goto bad;
            const Py_ssize_t len = PyUnicode_GET_LENGTH(p);
            if (len == 0 || i + len > n) continue;
            const Py_UCS1 *pd = PyUnicode_1BYTE_DATA(p);
            Py_ssize_t j = 1;
            while (j < len && PyUnicode_READ(kind, data, i + j) == pd[j]) j++;
            if (j == len && (i + len == n || !re_word(PyUnicode_READ(kind, data, i + len))))
                Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
bad:
    PyErr_SetString(PyExc_TypeError, "phrase_in: index[c] is a tuple of Latin-1 str");
    return NULL;
}

static PyMethodDef scan_functions[] = {
    {"fold", scan_fold, METH_VARARGS,
     "fold(text, table, wide_from, wide_to) -> str or None: textnorm.fold in one pass"},
    {"count_words", scan_count_words, METH_VARARGS,
     "count_words(text) -> text.count(' ') + text.count('\\n'), in one pass"},
    {"last_clause_end", scan_last_clause_end, METH_VARARGS,
     "last_clause_end(pre, punct, words) -> end of the last clause break in pre, or -1"},
    {"heading_lines", scan_heading_lines, METH_VARARGS,
     "heading_lines(text, words, leads, max_line) -> starts of the lines that may be headings"},
    {"in_process", scan_in_process, METH_VARARGS,
     "in_process(text, hit_lists, process, line_starts, line_ends, findings, reports, window)"
     " -> hit_lists with each hit about how the review was done weighed 0 (tagger._in_process)"},
    {"next_cut", scan_next_cut, METH_VARARGS,
     "next_cut(text, pos, rules, undecided) -> (start, end, split) of the next sentence"
     " boundary from pos (segment._boundaries and _is_boundary), or None"},
    {"phrase_in", scan_phrase_in, METH_VARARGS,
     "phrase_in(text, pos, index) -> whether r'\\b(?:phrases)\\b' is found in text from pos"},
    {"weigh", scan_weigh, METH_VARARGS,
     "weigh(text, clusters, phrases, sections, boiler, problem, line_flags, hit_type, params)"
     " -> per theme a list of hit_type: coverage.Context.hit for every cluster"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef scanmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_scan",
    .m_doc = "The theme engine's per-document loop, in C.",
    .m_size = -1,
    .m_methods = scan_functions,
};

PyMODINIT_FUNC PyInit__scan(void) {
    if (PyType_Ready(&EngineType) < 0) return NULL;
    PyObject *m = PyModule_Create(&scanmodule);
    if (!m) return NULL;
    Py_INCREF(&EngineType);
    if (PyModule_AddObject(m, "Engine", (PyObject *)&EngineType) < 0) {
        Py_DECREF(&EngineType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
