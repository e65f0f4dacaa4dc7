#ifndef DOUBLEDESCENT_H
#define DOUBLEDESCENT_H

/* Fortran character lengths are passed explicitly (FCONE) by R >= 3.6.2. */
#define USE_FC_LEN_T
#include <limits.h>
#include <R.h>
#include <Rinternals.h>
#include <R_ext/BLAS.h>
#include <R_ext/Lapack.h>
#ifndef FCONE
#define FCONE
#endif

/* A thin singular value decomposition x = u diag(s) vt of an n x p matrix,
 * k = min(n, p). Every array is column-major and lives on the R_alloc stack
 * of the .Call that made it. */
typedef struct {
  int n;
  int p;
  int k;
  double *s;  /* k singular values, non-increasing */
  double *u;  /* n x k */
  double *vt; /* k x p */
  int driver; /* DD_DRIVER_GESDD or DD_DRIVER_GESVD */
} dd_svd;

enum { DD_DRIVER_GESDD = 1, DD_DRIVER_GESVD = 2 };

/* svd.c */
void dd_svd_compute(const double *x, int n, int p, dd_svd *out);
double dd_svd_threshold(const dd_svd *svd, double tol, double cutoff);
int dd_svd_rank(const dd_svd *svd, double threshold);
SEXP ffi_svd_failure_mode(SEXP mode);

/* fit.c */
void dd_mode_coefficients(const dd_svd *svd, const double *y, double *z);
void dd_beta_from_modes(const dd_svd *svd, const double *z, int r, double *coef,
                        double *beta);
void dd_bias_direction(const dd_svd *svd, int rank, const double *beta_star,
                       double *coef, double *delta);
SEXP ffi_mn_fit(SEXP x, SEXP y, SEXP tol, SEXP cutoff);

/* sweep.c */
SEXP ffi_sweep_setup(SEXP x, SEXP y);
SEXP ffi_sweep_shortcut_mode(SEXP mode);
SEXP ffi_sweep_run(SEXP x, SEXP setup, SEXP splits, SEXP n_train, SEXP cutoffs,
                   SEXP modes, SEXP no_residuals, SEXP tol,
                   SEXP rounding_level);

/* modes.c */
SEXP ffi_modes(SEXP x_train, SEXP y_train, SEXP x_test, SEXP beta_star,
               SEXP tol);

/* Small helpers shared by the files above. */

/* LAPACK's optimal workspace comes back as a double; round it up so that a
 * value just below an integer cannot shortchange the routine. */
static inline int dd_workspace_size(double query, const char *routine)
{
  if (query + 1.0 >= (double)INT_MAX)
    Rf_error("%s needs a workspace beyond the range of a Fortran integer; "
             "the matrix is too large",
             routine);
  return (int)(query + 1.0);
}

static inline double *dd_alloc_double(size_t len)
{
  return (double *)R_alloc(len > 0 ? len : 1, sizeof(double));
}

/* Thin wrappers over the BLAS calls in use, with unit strides: they keep
 * the call sites to one line each. Note dgemv's quick return: with m or n
 * zero, y is left as it is, not scaled by beta. */
static inline void dd_gemv(const char *trans, int m, int n, double alpha,
                           const double *a, int lda, const double *x,
                           double beta, double *y)
{
  const int one = 1;
  F77_CALL(dgemv)
  (trans, &m, &n, &alpha, a, &lda, x, &one, &beta, y, &one FCONE);
}

/* c = a b^T, a of m x p, b of n x p, c of m x n. */
static inline void dd_gemm_nt(int m, int n, int p, const double *a, int lda,
                              const double *b, int ldb, double *c)
{
  const double one = 1.0, zero = 0.0;
  F77_CALL(dgemm)
  ("N", "T", &m, &n, &p, &one, a, &lda, b, &ldb, &zero, c, &m FCONE FCONE);
}

/* b = a b, a upper triangular p x p, b of p x n. */
static inline void dd_trmm_upper(int p, int n, const double *a, double *b)
{
  const double one = 1.0;
  F77_CALL(dtrmm)
  ("L", "U", "N", "N", &p, &n, &one, a, &p, b, &p FCONE FCONE FCONE FCONE);
}

/* x = a x, a upper triangular p x p. */
static inline void dd_trmv_upper(int p, const double *a, double *x)
{
  const int one = 1;
  F77_CALL(dtrmv)("U", "N", "N", &p, a, &p, x, &one FCONE FCONE FCONE);
}

static inline double dd_nrm2(int len, const double *v)
{
  const int one = 1;
  return len > 0 ? F77_CALL(dnrm2)(&len, v, &one) : 0.0;
}

static inline double dd_dot(int len, const double *a, const double *b)
{
  const int one = 1;
  return len > 0 ? F77_CALL(ddot)(&len, a, &one, b, &one) : 0.0;
}

#endif
