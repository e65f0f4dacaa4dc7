/* The N-sweep: for each repeat and training size, one SVD of the training
 * rows, then the unablated fit and every ablation level from it.
 *
 * Test errors never touch the test rows. With X = QR the Householder QR of
 * all rows (computed once), any coefficient vector b and targets t,
 *
 *   sum over all rows (x_i.b - t_i)^2 = ||R b - Q^T t||^2 + ||(I - QQ^T) t||^2
 *
 * so the test sum of squares is that minus the training rows' sum, a cost of
 * O(p^2 + n p) per fit instead of O(rows p). The first term is a sum of
 * squares, free of cancellation, and Householder QR is backward stable
 * column by column, so badly scaled columns lose nothing. What remains is
 * the subtraction of the training part; a first-order bound on its rounding
 * error decides, fit by fit, whether to recompute over the test rows. */

#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include "doubledescent.h"

enum { TARGET_Y = 0, TARGET_LINEAR = 1, TARGET_ZERO = 2, N_TARGETS = 3 };
enum { ABL_NONE = 0, ABL_CUTOFF = 1, ABL_SUBSPACE = 2, ABL_NO_RESID = 3 };

/* Relative accuracy asked of the shortcut before it is trusted: a hundred
 * times below the 1e-8 that results promise. The bound it is checked
 * against is a first-order estimate, not a proof: it grows with p but
 * leaves out the row count that worst-case QR error bounds carry, because
 * rounding errors add up like a random walk in practice. Tests compare
 * every column with a direct computation. */
#define SHORTCUT_RTOL 1e-10

/* For the tests: 1 makes every test error come from the test rows. */
static int shortcut_mode = 0;

SEXP ffi_sweep_shortcut_mode(SEXP mode)
{
  int old = shortcut_mode;
  shortcut_mode = Rf_asInteger(mode);
  return Rf_ScalarInteger(old);
}

/* Slots of the list that ffi_sweep_setup() returns. */
enum {
  SETUP_Y,
  SETUP_BETA_STAR,
  SETUP_LINEAR,
  SETUP_RESID,
  SETUP_R,
  SETUP_Q,
  SETUP_TAIL_NORM,
  SETUP_COL_NORMS,
  SETUP_RANK,
  SETUP_R_BETA_STAR,
  N_SETUP
};

/* ---- set-up: once per data set ---------------------------------------- */

static SEXP alloc_real(int len, double **ptr)
{
  SEXP out = Rf_allocVector(REALSXP, len);
  *ptr = REAL(out);
  return out;
}

/* Householder QR of x (padded with zero rows when it is wide, which leaves
 * every sum of squares unchanged), and Q^T applied to the two targets. */
static void qr_parts(const double *x, int rows, int p, const double *y,
                     const double *linear, double *r, double *q,
                     double *tail_norm)
{
  int m = rows > p ? rows : p, lwork = -1, info = 0, two = 2;
  double *a = dd_alloc_double((size_t)m * p);
  double *t = dd_alloc_double((size_t)m * 2);
  double *tau = dd_alloc_double(p), query;

  for (int j = 0; j < p; j++)
    for (int i = 0; i < m; i++)
      a[i + (size_t)j * m] = i < rows ? x[i + (size_t)j * rows] : 0.0;
  for (int i = 0; i < m; i++) {
    t[i] = i < rows ? y[i] : 0.0;
    t[i + m] = i < rows ? linear[i] : 0.0;
  }

  F77_CALL(dgeqrf)(&m, &p, a, &m, tau, &query, &lwork, &info);
  if (info != 0)
    Rf_error("internal error: dgeqrf workspace query gave info = %d", info);
  lwork = dd_workspace_size(query, "dgeqrf");
  double *work = dd_alloc_double(lwork);
  F77_CALL(dgeqrf)(&m, &p, a, &m, tau, work, &lwork, &info);
  if (info != 0)
    Rf_error("internal error: dgeqrf returned info = %d", info);

  /* clang-format off */
  lwork = -1;
  F77_CALL(dormqr)("L", "T", &m, &two, &p, a, &m, tau, t, &m, &query,
                   &lwork, &info FCONE FCONE);
  /* clang-format on */
  if (info != 0)
    Rf_error("internal error: dormqr workspace query gave info = %d", info);
  lwork = dd_workspace_size(query, "dormqr");
  work = dd_alloc_double(lwork);
  /* clang-format off */
  F77_CALL(dormqr)("L", "T", &m, &two, &p, a, &m, tau, t, &m, work, &lwork,
                   &info FCONE FCONE);
  /* clang-format on */
  if (info != 0)
    Rf_error("internal error: dormqr returned info = %d", info);

  for (int j = 0; j < p; j++)
    for (int i = 0; i < p; i++)
      r[i + (size_t)j * p] = i <= j ? a[i + (size_t)j * m] : 0.0;
  for (int c = 0; c < 2; c++) {
    memcpy(q + (size_t)c * p, t + (size_t)c * m, p * sizeof(double));
    tail_norm[c] = dd_nrm2(m - p, t + (size_t)c * m + p);
  }
}

/* x: rows x p double matrix, y: double vector; both checked in R. */
SEXP ffi_sweep_setup(SEXP x, SEXP y)
{
  int rows = Rf_nrows(x), p = Rf_ncols(x), nprot = 0;
  const double *xp = REAL(x), *yp = REAL(y);
  double *beta, *linear, *resid, *r, *q, *tails, *norms;
  dd_svd svd;

  /* beta*: the minimum-norm least-squares fit on every row. */
  dd_svd_compute(xp, rows, p, &svd);
  int rank = dd_svd_rank(&svd, dd_svd_threshold(&svd, NA_REAL, 0.0));
  double *z = dd_alloc_double(svd.k);
  dd_mode_coefficients(&svd, yp, z);
  SEXP beta_sexp = PROTECT(alloc_real(p, &beta));
  nprot++;
  dd_beta_from_modes(&svd, z, rank, dd_alloc_double(svd.k), beta);

  SEXP linear_sexp = PROTECT(alloc_real(rows, &linear));
  nprot++;
  dd_gemv("N", rows, p, 1.0, xp, rows, beta, 0.0, linear);
  SEXP resid_sexp = PROTECT(alloc_real(rows, &resid));
  nprot++;
  for (int i = 0; i < rows; i++)
    resid[i] = yp[i] - linear[i];

  SEXP r_sexp = PROTECT(Rf_allocMatrix(REALSXP, p, p));
  nprot++;
  r = REAL(r_sexp);
  SEXP q_sexp = PROTECT(Rf_allocMatrix(REALSXP, p, 2));
  nprot++;
  q = REAL(q_sexp);
  SEXP tails_sexp = PROTECT(alloc_real(2, &tails));
  nprot++;
  qr_parts(xp, rows, p, yp, linear, r, q, tails);

  double *r_beta;
  SEXP r_beta_sexp = PROTECT(alloc_real(p, &r_beta));
  nprot++;
  memcpy(r_beta, beta, (size_t)p * sizeof(double));
  dd_trmv_upper(p, r, r_beta);

  SEXP norms_sexp = PROTECT(alloc_real(p, &norms));
  nprot++;
  for (int j = 0; j < p; j++)
    norms[j] = dd_nrm2(rows, xp + (size_t)j * rows);

  /* clang-format off */
  const char *names[] = {"y", "beta_star", "linear", "resid", "r", "q",
                         "tail_norm", "col_norms", "rank", "r_beta_star",
                         ""};
  /* clang-format on */
  SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
  nprot++;
  SET_VECTOR_ELT(out, SETUP_Y, y);
  SET_VECTOR_ELT(out, SETUP_BETA_STAR, beta_sexp);
  SET_VECTOR_ELT(out, SETUP_LINEAR, linear_sexp);
  SET_VECTOR_ELT(out, SETUP_RESID, resid_sexp);
  SET_VECTOR_ELT(out, SETUP_R, r_sexp);
  SET_VECTOR_ELT(out, SETUP_Q, q_sexp);
  SET_VECTOR_ELT(out, SETUP_TAIL_NORM, tails_sexp);
  SET_VECTOR_ELT(out, SETUP_COL_NORMS, norms_sexp);
  SET_VECTOR_ELT(out, SETUP_RANK, Rf_ScalarInteger(rank));
  SET_VECTOR_ELT(out, SETUP_R_BETA_STAR, r_beta_sexp);
  UNPROTECT(nprot);
  return out;
}

/* ---- the sweep ---------------------------------------------------------- */

/* What one fit needs to know of the whole data and of its training rows. */
typedef struct {
  const double *x; /* rows x p, all rows */
  int rows, p;
  const double *r;                 /* p x p upper triangular factor of x */
  const double *col_norms;         /* ||x_j|| */
  const double *target[N_TARGETS]; /* all rows; NULL for zero */
  const double *q[N_TARGETS];      /* Q^T target, leading p rows */
  double tail_norm[N_TARGETS];     /* ||(I - QQ^T) target|| */
  double target_norm[N_TARGETS];   /* ||target|| */
  const int *perm;                 /* this repeat's row order, 1-based */
  int *pos;                        /* row -> place in perm, INT_MAX if absent */
  int pos_ready;
  int n;           /* training rows: perm[0 .. n - 1] */
  const double *a; /* n x p training features */
  const double *train_target[N_TARGETS];
  const double *rv;          /* R V (p x rank) for small ranks, else NULL */
  const double *r_beta_star; /* R beta* */
} fit_context;

/* Mean of squares over the test rows, computed from the test rows. */
static double test_mse_direct(fit_context *ctx, const double *beta, int kind)
{
  int rows = ctx->rows, m = rows - ctx->n, used = 0;
  double *pred = dd_alloc_double(rows);
  double *resid = dd_alloc_double(m);

  if (!ctx->pos_ready) {
    for (int i = 0; i < rows; i++)
      ctx->pos[i] = INT_MAX;
    for (int t = 0; t < ctx->n; t++)
      ctx->pos[ctx->perm[t] - 1] = t;
    ctx->pos_ready = 1;
  }

  dd_gemv("N", rows, ctx->p, 1.0, ctx->x, rows, beta, 0.0, pred);
  const double *target = ctx->target[kind];
  for (int i = 0; i < rows; i++) {
    if (ctx->pos[i] < ctx->n)
      continue;
    resid[used++] = target == NULL ? pred[i] : pred[i] - target[i];
  }

  double norm = dd_nrm2(m, resid) / sqrt((double)m);
  return norm * norm;
}

/* rb = R beta, for beta = V[, 1:r] coef. With the product R V at hand
 * (small ranks) this costs p r flops instead of p^2 / 2. */
static void r_times_beta(const fit_context *ctx, const double *beta,
                         const double *coef, int r, double *rb)
{
  int p = ctx->p;

  if (ctx->rv == NULL) {
    memcpy(rb, beta, (size_t)p * sizeof(double));
    dd_trmv_upper(p, ctx->r, rb);
  } else if (r == 0) {
    memset(rb, 0, (size_t)p * sizeof(double));
  } else {
    dd_gemv("N", p, r, 1.0, ctx->rv, p, coef, 0.0, rb);
  }
}

/* Training and test mean squared errors of the coefficients beta against
 * targets of the given kind; rb holds R beta and is overwritten. Values
 * whose rounding error is below rounding_level in absolute terms are
 * accepted from the shortcut too. */
static void evaluate_fit(fit_context *ctx, const double *beta, double *rb,
                         int kind, double rounding_level, double *train_mse,
                         double *test_mse)
{
  int n = ctx->n, p = ctx->p, m = ctx->rows - n;
  double *ab = dd_alloc_double(n);

  if (ctx->q[kind] != NULL)
    for (int j = 0; j < p; j++)
      rb[j] -= ctx->q[kind][j];

  if (ctx->train_target[kind] != NULL)
    memcpy(ab, ctx->train_target[kind], n * sizeof(double));
  else
    memset(ab, 0, n * sizeof(double));
  dd_gemv("N", n, p, 1.0, ctx->a, n, beta, -1.0, ab);

  double root_m = sqrt((double)m), root_n = sqrt((double)n);
  double train_norm = dd_nrm2(n, ab);
  double train_rms = train_norm / root_n;
  *train_mse = train_rms * train_rms;

  /* Scaled by sqrt(m) before squaring so that no square overflows. */
  double all_rms = hypot(dd_nrm2(p, rb), ctx->tail_norm[kind]) / root_m;
  double train_part = train_norm / root_m;
  double mse = all_rms * all_rms - train_part * train_part;

  double weight = ctx->target_norm[kind];
  for (int j = 0; j < p; j++)
    weight += ctx->col_norms[j] * fabs(beta[j]);
  double error = 8.0 * (p + 1) * DBL_EPSILON * all_rms * (weight / root_m) +
                 4.0 * DBL_EPSILON * all_rms * all_rms;

  int trusted = error <= SHORTCUT_RTOL * mse || error <= rounding_level;
  if (mse >= 0.0 && trusted && shortcut_mode == 0)
    *test_mse = mse;
  else
    *test_mse = test_mse_direct(ctx, beta, kind);
}

/* The output: one row per (repeat, size, level), as column vectors. */
enum {
  COL_REP,
  COL_N,
  COL_ABLATION,
  COL_LEVEL,
  COL_RANK,
  COL_TRAIN,
  COL_TEST,
  COL_MIN_SV,
  COL_BIAS,
  COL_INV_SV,
  COL_TEST_PROJ,
  COL_RESID_PROJ,
  N_COLS
};

static const char *column_names[] = {"rep",
                                     "n_train",
                                     "ablation",
                                     "level",
                                     "rank",
                                     "train_mse",
                                     "test_mse",
                                     "min_singular_value",
                                     "test_bias_sq",
                                     "min_mode_inv_sv",
                                     "min_mode_test_proj_sq",
                                     "min_mode_resid_proj",
                                     ""};

typedef struct {
  int *rep, *n, *ablation, *rank;
  double *level, *train, *test, *min_sv, *bias, *inv_sv, *test_proj,
      *resid_proj;
} sweep_columns;

/* Quantities of one (repeat, size) that every level row repeats. */
typedef struct {
  int rank;
  double min_sv, bias, inv_sv, test_proj, resid_proj;
} fit_summary;

/* The ablation levels asked for, in output order. */
typedef struct {
  const double *cutoffs;
  int n_cutoffs;
  const int *modes;
  int n_modes;
  int no_residuals;
  double tol;
  double rounding_level; /* rounding level of a test MSE: 1e-12 var(y) */
} level_spec;

static int levels_per_fit(const level_spec *spec)
{
  return 1 + spec->n_cutoffs + spec->n_modes + spec->no_residuals;
}

static void put_row(sweep_columns *cols, R_xlen_t row, int rep, int n,
                    int ablation, double level, const fit_summary *sum,
                    double train, double test)
{
  cols->rep[row] = rep;
  cols->n[row] = n;
  cols->ablation[row] = ablation;
  cols->level[row] = level;
  cols->rank[row] = sum->rank;
  cols->train[row] = train;
  cols->test[row] = test;
  cols->min_sv[row] = sum->min_sv;
  cols->bias[row] = sum->bias;
  cols->inv_sv[row] = sum->inv_sv;
  cols->test_proj[row] = sum->test_proj;
  cols->resid_proj[row] = sum->resid_proj;
}

/* Errors of the fit on the leading r modes, computed once per r, for one
 * kind of targets whose mode coordinates U^T t are z. */
typedef struct {
  double *train, *test;
  double *z;
  int kind;
} mode_cache;

static void init_cache(mode_cache *cache, const dd_svd *svd,
                       const double *train_target, int kind)
{
  cache->kind = kind;
  cache->z = dd_alloc_double(svd->k);
  dd_mode_coefficients(svd, train_target, cache->z);
  cache->train = dd_alloc_double(svd->k + 1);
  cache->test = dd_alloc_double(svd->k + 1);
  for (int r = 0; r <= svd->k; r++)
    cache->train[r] = cache->test[r] = NA_REAL;
}

static void fit_on_modes(fit_context *ctx, const dd_svd *svd, mode_cache *cache,
                         int r, double rounding_level)
{
  if (!ISNAN(cache->test[r]))
    return;
  int p = svd->p;
  double *coef = dd_alloc_double(svd->k), *beta = dd_alloc_double(p);
  double *rb = dd_alloc_double(p);

  dd_beta_from_modes(svd, cache->z, r, coef, beta);
  r_times_beta(ctx, beta, coef, r, rb);
  evaluate_fit(ctx, beta, rb, cache->kind, rounding_level, &cache->train[r],
               &cache->test[r]);
}

/* The three factors at the smallest non-zero mode, and the squared bias
 * x_test . (X^+ X - I) beta*, exactly zero at full column rank. */
static void summarise_fit(fit_context *ctx, const dd_svd *svd, int rank,
                          const double *beta_star, const double *resid_train,
                          double rounding_level, fit_summary *sum)
{
  int p = svd->p, k = svd->k;
  double *v = dd_alloc_double(p), *rv = dd_alloc_double(p), ignored;
  double *coef = dd_alloc_double(k);

  sum->rank = rank;
  sum->min_sv = sum->inv_sv = sum->test_proj = sum->resid_proj = NA_REAL;
  if (rank > 0) {
    int r = rank - 1;
    sum->min_sv = svd->s[r];
    sum->inv_sv = 1.0 / svd->s[r];
    sum->resid_proj = dd_dot(ctx->n, svd->u + (size_t)r * ctx->n, resid_train);
    for (int j = 0; j < p; j++)
      v[j] = svd->vt[r + (size_t)j * k];
    if (ctx->rv != NULL)
      memcpy(rv, ctx->rv + (size_t)r * p, (size_t)p * sizeof(double));
    else
      r_times_beta(ctx, v, NULL, 0, rv);
    evaluate_fit(ctx, v, rv, TARGET_ZERO, 0.0, &ignored, &sum->test_proj);
  }

  sum->bias = 0.0;
  if (rank == p)
    return;

  /* R delta = (R V)(V^T beta*) - R beta* when R V is at hand. */
  dd_bias_direction(svd, rank, beta_star, coef, v);
  if (ctx->rv != NULL) {
    for (int j = 0; j < p; j++)
      rv[j] = -ctx->r_beta_star[j];
    if (rank > 0)
      dd_gemv("N", p, rank, 1.0, ctx->rv, p, coef, 1.0, rv);
  } else {
    r_times_beta(ctx, v, NULL, 0, rv);
  }
  evaluate_fit(ctx, v, rv, TARGET_ZERO, rounding_level, &ignored, &sum->bias);
}

/* R V for the leading `rank` right singular vectors: worth forming when it
 * saves more than it costs, that is when the rank is below the number of
 * fits to evaluate. */
static double *r_times_modes(const fit_context *ctx, const dd_svd *svd,
                             int rank)
{
  int p = svd->p;
  double *rv = dd_alloc_double((size_t)p * rank);

  for (int r = 0; r < rank; r++)
    for (int j = 0; j < p; j++)
      rv[j + (size_t)r * p] = svd->vt[r + (size_t)j * svd->k];
  dd_trmm_upper(p, rank, ctx->r, rv);
  return rv;
}

/* Everything for one repeat and one training size: rows out .. out + L. */
static void sweep_one(fit_context *ctx, SEXP setup, const level_spec *spec,
                      int rep, sweep_columns *cols, R_xlen_t out)
{
  int n = ctx->n, p = ctx->p, rows = ctx->rows;
  const int *perm = ctx->perm;
  const double *resid_all = REAL(VECTOR_ELT(setup, SETUP_RESID));
  const double *beta_star = REAL(VECTOR_ELT(setup, SETUP_BETA_STAR));

  /* Gather the training rows; the test rows stay where they are. */
  double *a = dd_alloc_double((size_t)n * p);
  for (int j = 0; j < p; j++)
    for (int i = 0; i < n; i++)
      a[i + (size_t)j * n] = ctx->x[perm[i] - 1 + (size_t)j * rows];
  double *train_t[2], *resid_train = dd_alloc_double(n);
  for (int c = 0; c < 2; c++) {
    train_t[c] = dd_alloc_double(n);
    for (int i = 0; i < n; i++)
      train_t[c][i] = ctx->target[c][perm[i] - 1];
  }
  for (int i = 0; i < n; i++)
    resid_train[i] = resid_all[perm[i] - 1];
  ctx->a = a;
  ctx->train_target[TARGET_Y] = train_t[TARGET_Y];
  ctx->train_target[TARGET_LINEAR] = train_t[TARGET_LINEAR];
  ctx->train_target[TARGET_ZERO] = NULL;

  /* One SVD serves the fit and every ablation level. */
  dd_svd svd;
  dd_svd_compute(a, n, p, &svd);
  double threshold = dd_svd_threshold(&svd, spec->tol, 0.0);
  int rank = dd_svd_rank(&svd, threshold);

  int fits = levels_per_fit(spec) + 2;
  ctx->rv = rank < fits ? r_times_modes(ctx, &svd, rank) : NULL;

  fit_summary sum;
  summarise_fit(ctx, &svd, rank, beta_star, resid_train, spec->rounding_level,
                &sum);

  mode_cache cache;
  init_cache(&cache, &svd, train_t[TARGET_Y], TARGET_Y);

  fit_on_modes(ctx, &svd, &cache, rank, spec->rounding_level);
  put_row(cols, out++, rep, n, ABL_NONE, NA_REAL, &sum, cache.train[rank],
          cache.test[rank]);

  for (int c = 0; c < spec->n_cutoffs; c++) {
    double cut = dd_svd_threshold(&svd, spec->tol, spec->cutoffs[c]);
    int r = dd_svd_rank(&svd, cut);
    fit_on_modes(ctx, &svd, &cache, r, spec->rounding_level);
    put_row(cols, out++, rep, n, ABL_CUTOFF, spec->cutoffs[c], &sum,
            cache.train[r], cache.test[r]);
  }

  /* Projecting the test features on the leading k right singular vectors
   * is the same as predicting with the fit truncated to those modes. */
  for (int c = 0; c < spec->n_modes; c++) {
    int r = spec->modes[c] < rank ? spec->modes[c] : rank;
    fit_on_modes(ctx, &svd, &cache, r, spec->rounding_level);
    put_row(cols, out++, rep, n, ABL_SUBSPACE, spec->modes[c], &sum,
            cache.train[rank], cache.test[r]);
  }

  if (spec->no_residuals) {
    mode_cache linear;
    init_cache(&linear, &svd, train_t[TARGET_LINEAR], TARGET_LINEAR);
    fit_on_modes(ctx, &svd, &linear, rank, spec->rounding_level);
    put_row(cols, out, rep, n, ABL_NO_RESID, NA_REAL, &sum, linear.train[rank],
            linear.test[rank]);
  }
}

static SEXP alloc_columns(R_xlen_t len, sweep_columns *cols)
{
  SEXP out = PROTECT(Rf_mkNamed(VECSXP, column_names));
  for (int c = 0; c < N_COLS; c++) {
    int integer =
        c == COL_REP || c == COL_N || c == COL_ABLATION || c == COL_RANK;
    SET_VECTOR_ELT(out, c, Rf_allocVector(integer ? INTSXP : REALSXP, len));
  }
  cols->rep = INTEGER(VECTOR_ELT(out, COL_REP));
  cols->n = INTEGER(VECTOR_ELT(out, COL_N));
  cols->ablation = INTEGER(VECTOR_ELT(out, COL_ABLATION));
  cols->rank = INTEGER(VECTOR_ELT(out, COL_RANK));
  cols->level = REAL(VECTOR_ELT(out, COL_LEVEL));
  cols->train = REAL(VECTOR_ELT(out, COL_TRAIN));
  cols->test = REAL(VECTOR_ELT(out, COL_TEST));
  cols->min_sv = REAL(VECTOR_ELT(out, COL_MIN_SV));
  cols->bias = REAL(VECTOR_ELT(out, COL_BIAS));
  cols->inv_sv = REAL(VECTOR_ELT(out, COL_INV_SV));
  cols->test_proj = REAL(VECTOR_ELT(out, COL_TEST_PROJ));
  cols->resid_proj = REAL(VECTOR_ELT(out, COL_RESID_PROJ));
  UNPROTECT(1);
  return out;
}

static void init_context(fit_context *ctx, SEXP x, SEXP setup)
{
  const double *q = REAL(VECTOR_ELT(setup, SETUP_Q));
  const double *tails = REAL(VECTOR_ELT(setup, SETUP_TAIL_NORM));

  ctx->x = REAL(x);
  ctx->rows = Rf_nrows(x);
  ctx->p = Rf_ncols(x);
  ctx->r = REAL(VECTOR_ELT(setup, SETUP_R));
  ctx->col_norms = REAL(VECTOR_ELT(setup, SETUP_COL_NORMS));
  ctx->target[TARGET_Y] = REAL(VECTOR_ELT(setup, SETUP_Y));
  ctx->target[TARGET_LINEAR] = REAL(VECTOR_ELT(setup, SETUP_LINEAR));
  ctx->target[TARGET_ZERO] = NULL;
  for (int c = 0; c < N_TARGETS; c++) {
    int has = c != TARGET_ZERO;
    ctx->q[c] = has ? q + (size_t)c * ctx->p : NULL;
    ctx->tail_norm[c] = has ? tails[c] : 0.0;
    ctx->target_norm[c] = has ? dd_nrm2(ctx->rows, ctx->target[c]) : 0.0;
  }
  ctx->pos = (int *)R_alloc(ctx->rows, sizeof(int));
  ctx->r_beta_star = REAL(VECTOR_ELT(setup, SETUP_R_BETA_STAR));
}

/* splits: list of integer vectors (1-based row orders, checked in R);
 * n_train: integer sizes, each below nrow(x) and within every split;
 * cutoffs: doubles >= 0; modes: integers >= 1; no_residuals: logical;
 * tol: NA or >= 0; rounding_level: the absolute rounding level of a test MSE.
 */
SEXP ffi_sweep_run(SEXP x, SEXP setup, SEXP splits, SEXP n_train, SEXP cutoffs,
                   SEXP modes, SEXP no_residuals, SEXP tol, SEXP rounding_level)
{
  fit_context ctx;
  level_spec spec = {REAL(cutoffs),
                     Rf_length(cutoffs),
                     INTEGER(modes),
                     Rf_length(modes),
                     Rf_asLogical(no_residuals),
                     Rf_asReal(tol),
                     Rf_asReal(rounding_level)};
  int n_reps = Rf_length(splits), n_sizes = Rf_length(n_train);
  int per_fit = levels_per_fit(&spec);
  const int *sizes = INTEGER(n_train);

  init_context(&ctx, x, setup);
  sweep_columns cols;
  R_xlen_t len = (R_xlen_t)n_reps * n_sizes * per_fit, out = 0;
  SEXP result = PROTECT(alloc_columns(len, &cols));

  for (int rep = 0; rep < n_reps; rep++) {
    ctx.perm = INTEGER(VECTOR_ELT(splits, rep));
    for (int s = 0; s < n_sizes; s++) {
      const void *vmax = vmaxget();
      ctx.n = sizes[s];
      ctx.pos_ready = 0;
      sweep_one(&ctx, setup, &spec, rep + 1, &cols, out);
      out += per_fit;
      vmaxset(vmax);
      R_CheckUserInterrupt();
    }
  }

  UNPROTECT(1);
  return result;
}
