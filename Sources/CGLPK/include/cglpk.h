/*
 * CGLPK: the C side of Echelon's GLPK layer.
 *
 * GLPK aborts the process on bad input (glp_error -> abort()). Swift validates every input before
 * calling here; as a second line of defence each entry point below runs all its GLPK calls inside
 * one setjmp/longjmp guard installed through glp_error_hook, so that an internal GLPK error returns
 * CGLPK_EGUARD instead of killing the process. Because a guarded failure frees the calling thread's
 * GLPK environment, every entry point creates, uses and deletes its problem object within the one
 * call and frees the thread's environment before returning: no GLPK state outlives a call.
 */
#ifndef CGLPK_SHIM_H
#define CGLPK_SHIM_H

#include <glpk.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returned by the entry points when GLPK raised an internal error that the guard caught. */
#define CGLPK_EGUARD (-1)

/* A model in flat arrays (all 0-based here; the shim converts to GLPK's 1-based indices). */
typedef struct {
    int n_cols;
    int n_rows;
    int maximize;              /* 0 = minimize, 1 = maximize */
    double obj_const;
    const int *col_kind;       /* GLP_CV or GLP_IV, per column */
    const int *col_type;       /* GLP_FR, GLP_LO, GLP_UP, GLP_DB, GLP_FX */
    const double *col_lb;
    const double *col_ub;
    const double *obj;
    const int *row_type;
    const double *row_lb;
    const double *row_ub;
    int nnz;
    const int *a_row;          /* 0-based row of each nonzero */
    const int *a_col;          /* 0-based column of each nonzero */
    const double *a_val;
    const char *names;         /* blob of NUL-terminated names, may be NULL */
    const int *col_name_off;   /* offset into names per column, -1 = unnamed; may be NULL */
    const int *row_name_off;   /* offset into names per row, -1 = unnamed; may be NULL */
    const char *prob_name;     /* may be NULL */
} cglpk_model;

/* Solver options. */
typedef struct {
    int is_mip;                /* 1: branch-and-cut (glp_intopt); 0: simplex only */
    int tm_lim_ms;             /* time limit in ms; INT_MAX = none */
    double mip_gap;            /* relative gap tolerance */
    int presolve;              /* 1: GLPK presolver on */
    int gomory, mir, cover, clique;
    int msg_lev;               /* GLP_MSG_OFF / ERR / ON / ALL */
    const double *start;       /* optional incumbent (n_cols values), NULL for none */
} cglpk_options;

/* Raw outcome: return codes and statuses exactly as GLPK gave them; Swift interprets them. */
typedef struct {
    int simplex_ret;           /* glp_simplex return (or -100 if not called) */
    int simplex_stat;          /* glp_get_status after simplex */
    int intopt_ret;            /* glp_intopt return (or -100 if not called) */
    int mip_stat;              /* glp_mip_status after intopt */
    int lp_rerun_stat;         /* status from a presolve-off rerun after ENOPFS/ENODFS, or 0 */
    double obj;
    int has_bound;
    double bound;              /* best bound seen by the branch-and-cut callback */
    int start_accepted;        /* 1 if the incumbent was accepted by glp_ios_heur_sol */
    char errmsg[512];          /* GLPK's message when CGLPK_EGUARD */
} cglpk_outcome;

/* Output callback: receives GLPK's terminal output. */
typedef void (*cglpk_log_fn)(void *ctx, const char *text);

/*
 * Builds the model, solves it, fills the outcome and (if non-NULL) the value arrays:
 * col_val[n_cols], col_dual[n_cols] (reduced costs), row_val[n_rows], row_dual[n_rows].
 * Values are MIP values when is_mip, LP values otherwise. Returns 0, or CGLPK_EGUARD.
 */
int cglpk_solve(const cglpk_model *m, const cglpk_options *o, cglpk_outcome *out,
                double *col_val, double *col_dual, double *row_val, double *row_dual,
                cglpk_log_fn log_fn, void *log_ctx);

/* Writes the model in CPLEX LP format to `path`. Returns 0, a GLPK error code, or CGLPK_EGUARD. */
int cglpk_write_lp(const cglpk_model *m, const char *path, char *errmsg, int errmsg_len);

/*
 * Reads a CPLEX LP file and solves it (MIP if it has integer columns) with default settings.
 * For round-trip checks of exported models. Returns 0 and sets *status (GLP_OPT, ...) and *obj,
 * a positive GLPK code if reading failed, or CGLPK_EGUARD.
 */
int cglpk_solve_lp_file(const char *path, int *status, double *obj, int *n_cols, int *n_rows,
                        char *errmsg, int errmsg_len);

/*
 * TEST HOOK, deliberately unvalidated: calls glp_load_matrix with the given 1-based triplets on a
 * fresh n_rows x n_cols problem inside the guard. Used by the test suite to prove that the guard
 * turns a GLPK abort into CGLPK_EGUARD. Returns 0 or CGLPK_EGUARD.
 */
int cglpk_guarded_load_matrix_unchecked(int n_rows, int n_cols, int ne, const int *ia,
                                        const int *ja, const double *ar, char *errmsg,
                                        int errmsg_len);

#ifdef __cplusplus
}
#endif
#endif
