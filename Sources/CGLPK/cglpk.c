/* CGLPK: guarded GLPK entry points. See include/cglpk.h for the contract. */
#include "cglpk.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

/* ---- the guard ------------------------------------------------------------------------------- */

static _Thread_local jmp_buf *cglpk_jump;          /* where an internal GLPK error jumps to */
static _Thread_local char cglpk_tail[512];         /* the last terminal output, for error text */
static _Thread_local cglpk_log_fn cglpk_log;
static _Thread_local void *cglpk_log_ctx;

static void remember(const char *s) {
    size_t have = strlen(cglpk_tail), add = strlen(s), cap = sizeof cglpk_tail - 1;
    if (add >= cap) { memcpy(cglpk_tail, s + (add - cap), cap); cglpk_tail[cap] = 0; return; }
    if (have + add > cap) {                         /* drop the oldest text */
        size_t drop = have + add - cap;
        memmove(cglpk_tail, cglpk_tail + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(cglpk_tail + have, s, add + 1);
}

/* Terminal hook: keep a tail for error messages, forward to Swift; nonzero = GLPK prints nothing. */
static int on_term(void *info, const char *s) {
    (void)info;
    remember(s);
    if (cglpk_log) cglpk_log(cglpk_log_ctx, s);
    return 1;
}

/* Error hook: called by glp_error before it would abort; jump back to the guarded entry point. */
static void on_error(void *info) {
    (void)info;
    if (cglpk_jump) longjmp(*cglpk_jump, 1);
}

static void copy_tail(char *dst, int len) {
    if (!dst || len <= 0) return;
    strncpy(dst, cglpk_tail, (size_t)len - 1);
    dst[len - 1] = 0;
}

static void begin(cglpk_log_fn fn, void *ctx) {
    cglpk_tail[0] = 0;
    cglpk_log = fn;
    cglpk_log_ctx = ctx;
    glp_term_hook(on_term, NULL);
    glp_error_hook(on_error, NULL);
}

/* Leaves GLPK with no state on this thread (environment freed, hooks with it). */
static void end(void) {
    cglpk_jump = NULL;
    cglpk_log = NULL;
    cglpk_log_ctx = NULL;
    glp_free_env();
}

/* ---- model loading --------------------------------------------------------------------------- */

static glp_prob *load(const cglpk_model *m) {
    glp_prob *P = glp_create_prob();
    if (m->prob_name && m->prob_name[0]) glp_set_prob_name(P, m->prob_name);
    glp_set_obj_dir(P, m->maximize ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 0, m->obj_const);
    if (m->n_rows > 0) glp_add_rows(P, m->n_rows);
    if (m->n_cols > 0) glp_add_cols(P, m->n_cols);
    for (int j = 0; j < m->n_cols; j++) {
        glp_set_col_kind(P, j + 1, m->col_kind[j]);
        glp_set_col_bnds(P, j + 1, m->col_type[j], m->col_lb[j], m->col_ub[j]);
        glp_set_obj_coef(P, j + 1, m->obj[j]);
        if (m->names && m->col_name_off && m->col_name_off[j] >= 0)
            glp_set_col_name(P, j + 1, m->names + m->col_name_off[j]);
    }
    for (int i = 0; i < m->n_rows; i++) {
        glp_set_row_bnds(P, i + 1, m->row_type[i], m->row_lb[i], m->row_ub[i]);
        if (m->names && m->row_name_off && m->row_name_off[i] >= 0)
            glp_set_row_name(P, i + 1, m->names + m->row_name_off[i]);
    }
    if (m->nnz > 0) {
        /* GLPK wants 1-based arrays whose element 0 is ignored. */
        int *ia = glp_alloc(m->nnz + 1, sizeof(int));
        int *ja = glp_alloc(m->nnz + 1, sizeof(int));
        double *ar = glp_alloc(m->nnz + 1, sizeof(double));
        ia[0] = ja[0] = 0; ar[0] = 0.0;
        for (int k = 0; k < m->nnz; k++) {
            ia[k + 1] = m->a_row[k] + 1;
            ja[k + 1] = m->a_col[k] + 1;
            ar[k + 1] = m->a_val[k];
        }
        glp_load_matrix(P, m->nnz, ia, ja, ar);
        glp_free(ia); glp_free(ja); glp_free(ar);
    }
    return P;
}

/* ---- branch-and-cut callback: incumbent and best bound --------------------------------------- */

typedef struct {
    const double *start;
    int n_cols;
    int start_tried;
    int start_accepted;
    int has_bound;
    double bound;
} cb_state;

static void on_tree(glp_tree *T, void *info) {
    cb_state *st = info;
    int p = glp_ios_best_node(T);
    if (p != 0) {
        st->bound = glp_ios_node_bound(T, p);
        st->has_bound = 1;
    }
    if (glp_ios_reason(T) == GLP_IHEUR && st->start && !st->start_tried) {
        st->start_tried = 1;
        /* Only offered when the MIP presolver is off, so columns are the original ones. */
        glp_prob *P = glp_ios_get_prob(T);
        if (glp_get_num_cols(P) == st->n_cols) {
            double *x = glp_alloc(st->n_cols + 1, sizeof(double));
            x[0] = 0.0;
            for (int j = 0; j < st->n_cols; j++) x[j + 1] = st->start[j];
            st->start_accepted = glp_ios_heur_sol(T, x) == 0;
            glp_free(x);
        }
    }
}

/* ---- entry points ---------------------------------------------------------------------------- */

int cglpk_solve(const cglpk_model *m, const cglpk_options *o, cglpk_outcome *out,
                double *col_val, double *col_dual, double *row_val, double *row_dual,
                cglpk_log_fn log_fn, void *log_ctx) {
    jmp_buf jb;
    cb_state cb;
    memset(out, 0, sizeof *out);
    memset(&cb, 0, sizeof cb);
    out->simplex_ret = out->intopt_ret = -100;
    begin(log_fn, log_ctx);
    cglpk_jump = &jb;
    if (setjmp(jb)) {
        copy_tail(out->errmsg, sizeof out->errmsg);
        end();                                      /* frees every object of this thread's env */
        return CGLPK_EGUARD;
    }
    glp_prob *P = load(m);
    /* Scale rows and columns as glpsol does by default (GLP_SF_AUTO): the stock masters mix
       costs of 1e2..1e6 with service coefficients of 1e-4..1, and unscaled their degenerate
       bases go singular. Results are reported unscaled. */
    glp_scale_prob(P, GLP_SF_AUTO);

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = o->msg_lev;
    smcp.tm_lim = o->tm_lim_ms;
    smcp.presolve = o->presolve ? GLP_ON : GLP_OFF;

    int run_simplex = !o->is_mip || !o->presolve || o->start != NULL;
    if (run_simplex) {
        if (o->is_mip) smcp.presolve = GLP_ON;      /* the root LP for a presolve-off intopt */
        out->simplex_ret = glp_simplex(P, &smcp);
        out->simplex_stat = glp_get_status(P);
        if ((out->simplex_ret == GLP_ENOPFS || out->simplex_ret == GLP_ENODFS) && smcp.presolve == GLP_ON) {
            /* The presolver only says "no primal/dual feasible solution": rerun to tell which. */
            smcp.presolve = GLP_OFF;
            glp_std_basis(P);
            int r = glp_simplex(P, &smcp);
            out->lp_rerun_stat = r == 0 ? glp_get_status(P) : 0;
            /* The presolver's verdict is not always right: on degenerate column-generation
               masters (emea-150's SLA integer master, whose relaxation holds a feasible plan) it
               reports "no primal feasible solution" for an LP the simplex solves to optimality.
               The rerun's result is the answer. */
            if (r == 0) {
                out->simplex_ret = 0;
                out->simplex_stat = glp_get_status(P);
            }
        }
        if (out->simplex_ret == 0 && out->simplex_stat == GLP_NOFEAS) {
            /* The scaled primal simplex can call a degenerate master infeasible that the dual
               simplex solves (emea-150's SLA master at iteration 183: presolver and scaled
               primal said "no feasible solution", the dual simplex and the unscaled primal an
               optimum of 2,246,467). Infeasibility stands unless the dual simplex finds an optimum. */
            glp_adv_basis(P, 0);
            smcp.presolve = GLP_OFF;
            smcp.meth = GLP_DUALP;
            int r = glp_simplex(P, &smcp);
            smcp.meth = GLP_PRIMAL;
            if (r == 0 && glp_get_status(P) == GLP_OPT) out->simplex_stat = GLP_OPT;
        } else if (out->simplex_ret == GLP_EFAIL && smcp.presolve == GLP_ON) {
            /* The LP presolver gives up ("unable to recover undefined or non-optimal solution") on
               some degenerate masters that the simplex solves from an advanced basis without it
               (seen on emea-150's SLA column-generation master after 22 iterations). */
            smcp.presolve = GLP_OFF;
            glp_adv_basis(P, 0);
            out->simplex_ret = glp_simplex(P, &smcp);
            out->simplex_stat = glp_get_status(P);
        }
    }

    if (o->is_mip && (!run_simplex || (out->simplex_ret == 0 && out->simplex_stat == GLP_OPT))) {
        glp_iocp iocp;
        glp_init_iocp(&iocp);
        iocp.msg_lev = o->msg_lev;
        iocp.tm_lim = o->tm_lim_ms;
        iocp.mip_gap = o->mip_gap;
        iocp.presolve = run_simplex ? GLP_OFF : GLP_ON;
        iocp.gmi_cuts = o->gomory ? GLP_ON : GLP_OFF;
        iocp.mir_cuts = o->mir ? GLP_ON : GLP_OFF;
        iocp.cov_cuts = o->cover ? GLP_ON : GLP_OFF;
        iocp.clq_cuts = o->clique ? GLP_ON : GLP_OFF;
        cb.start = o->start;
        cb.n_cols = m->n_cols;
        iocp.cb_func = on_tree;
        iocp.cb_info = &cb;
        out->intopt_ret = glp_intopt(P, &iocp);
        out->mip_stat = glp_mip_status(P);
        out->has_bound = cb.has_bound;
        out->bound = cb.bound;
        out->start_accepted = cb.start_accepted;
        out->obj = glp_mip_obj_val(P);
        for (int j = 0; j < m->n_cols; j++) {
            if (col_val) col_val[j] = glp_mip_col_val(P, j + 1);
            if (col_dual) col_dual[j] = 0.0;
        }
        for (int i = 0; i < m->n_rows; i++) {
            if (row_val) row_val[i] = glp_mip_row_val(P, i + 1);
            if (row_dual) row_dual[i] = 0.0;
        }
    } else {
        out->obj = glp_get_obj_val(P);
        for (int j = 0; j < m->n_cols; j++) {
            if (col_val) col_val[j] = glp_get_col_prim(P, j + 1);
            if (col_dual) col_dual[j] = glp_get_col_dual(P, j + 1);
        }
        for (int i = 0; i < m->n_rows; i++) {
            if (row_val) row_val[i] = glp_get_row_prim(P, i + 1);
            if (row_dual) row_dual[i] = glp_get_row_dual(P, i + 1);
        }
    }
    glp_delete_prob(P);
    end();
    return 0;
}

int cglpk_write_lp(const cglpk_model *m, const char *path, char *errmsg, int errmsg_len) {
    jmp_buf jb;
    begin(NULL, NULL);
    cglpk_jump = &jb;
    if (setjmp(jb)) {
        copy_tail(errmsg, errmsg_len);
        end();
        return CGLPK_EGUARD;
    }
    glp_prob *P = load(m);
    int ret = glp_write_lp(P, NULL, path);
    if (ret != 0) copy_tail(errmsg, errmsg_len);
    glp_delete_prob(P);
    end();
    return ret;
}

int cglpk_solve_lp_file(const char *path, int *status, double *obj, int *n_cols, int *n_rows,
                        char *errmsg, int errmsg_len) {
    jmp_buf jb;
    begin(NULL, NULL);
    cglpk_jump = &jb;
    if (setjmp(jb)) {
        copy_tail(errmsg, errmsg_len);
        end();
        return CGLPK_EGUARD;
    }
    glp_prob *P = glp_create_prob();
    int ret = glp_read_lp(P, NULL, path);
    if (ret != 0) {
        copy_tail(errmsg, errmsg_len);
        glp_delete_prob(P);
        end();
        return ret > 0 ? ret : 1;
    }
    *n_cols = glp_get_num_cols(P);
    *n_rows = glp_get_num_rows(P);
    if (glp_get_num_int(P) > 0) {
        glp_iocp iocp;
        glp_init_iocp(&iocp);
        iocp.msg_lev = GLP_MSG_OFF;
        iocp.presolve = GLP_ON;
        glp_intopt(P, &iocp);
        *status = glp_mip_status(P);
        *obj = glp_mip_obj_val(P);
    } else {
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = GLP_MSG_OFF;
        glp_simplex(P, &smcp);
        *status = glp_get_status(P);
        *obj = glp_get_obj_val(P);
    }
    glp_delete_prob(P);
    end();
    return 0;
}

int cglpk_guarded_load_matrix_unchecked(int n_rows, int n_cols, int ne, const int *ia,
                                        const int *ja, const double *ar, char *errmsg,
                                        int errmsg_len) {
    jmp_buf jb;
    begin(NULL, NULL);
    cglpk_jump = &jb;
    if (setjmp(jb)) {
        copy_tail(errmsg, errmsg_len);
        end();
        return CGLPK_EGUARD;
    }
    glp_prob *P = glp_create_prob();
    if (n_rows > 0) glp_add_rows(P, n_rows);
    if (n_cols > 0) glp_add_cols(P, n_cols);
    glp_load_matrix(P, ne, ia, ja, ar);
    glp_delete_prob(P);
    end();
    return 0;
}
