#ifndef DOUBLEDESCENT_H
#define DOUBLEDESCENT_H

/* Fortran character lengths are passed explicitly (FCONE) by R >= 3.6.2. */
#define USE_FC_LEN_T
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
void dd_beta_from_modes(const dd_svd *svd, const double *z, int r,
                        double *beta);
SEXP ffi_mn_fit(SEXP x, SEXP y, SEXP tol, SEXP cutoff);

/* sweep.c */
SEXP ffi_sweep_setup(SEXP x, SEXP y);
SEXP ffi_sweep_run(SEXP x, SEXP setup, SEXP splits, SEXP n_train, SEXP cutoffs,
                   SEXP modes, SEXP no_residuals, SEXP tol,
                   SEXP rounding_level);

/* modes.c */
SEXP ffi_modes(SEXP x_train, SEXP y_train, SEXP x_test, SEXP beta_star,
               SEXP tol);

/* Small helpers shared by the files above. */
static inline double *dd_alloc_double(size_t len)
{
  return (double *)R_alloc(len > 0 ? len : 1, sizeof(double));
}

static inline double dd_dot(int len, const double *a, const double *b)
{
  const int one = 1;
  return len > 0 ? F77_CALL(ddot)(&len, a, &one, b, &one) : 0.0;
}

#endif
