/* Thin SVD through R's LAPACK: dgesdd first, dgesvd when it fails. */

#include <float.h>
#include <string.h>
#include "doubledescent.h"

/* Lets the tests reach the fallback paths, which real inputs almost never
 * do: 0 = normal, 1 = treat every dgesdd call as failed, 2 = treat both
 * drivers as failed. */
static int svd_failure_mode = 0;

SEXP ffi_svd_failure_mode(SEXP mode)
{
  int old = svd_failure_mode;
  svd_failure_mode = Rf_asInteger(mode);
  return Rf_ScalarInteger(old);
}

static int run_gesdd(double *a, dd_svd *out)
{
  int n = out->n, p = out->p, k = out->k, lwork = -1, info = 0;
  int *iwork = (int *)R_alloc((size_t)8 * k, sizeof(int));
  double query;

  /* clang-format off */
  F77_CALL(dgesdd)("S", &n, &p, a, &n, out->s, out->u, &n, out->vt, &k,
                   &query, &lwork, iwork, &info FCONE);
  /* clang-format on */
  if (info != 0)
    Rf_error("dgesdd workspace query failed (info = %d)", info);

  lwork = dd_workspace_size(query, "dgesdd");
  double *work = dd_alloc_double(lwork);
  /* clang-format off */
  F77_CALL(dgesdd)("S", &n, &p, a, &n, out->s, out->u, &n, out->vt, &k,
                   work, &lwork, iwork, &info FCONE);
  /* clang-format on */
  if (info < 0)
    Rf_error("internal error: argument %d of dgesdd was invalid", -info);
  return svd_failure_mode >= 1 ? 1 : info;
}

static int run_gesvd(double *a, dd_svd *out)
{
  int n = out->n, p = out->p, k = out->k, lwork = -1, info = 0;
  double query;

  /* clang-format off */
  F77_CALL(dgesvd)("S", "S", &n, &p, a, &n, out->s, out->u, &n, out->vt,
                   &k, &query, &lwork, &info FCONE FCONE);
  /* clang-format on */
  if (info != 0)
    Rf_error("dgesvd workspace query failed (info = %d)", info);

  lwork = dd_workspace_size(query, "dgesvd");
  double *work = dd_alloc_double(lwork);
  /* clang-format off */
  F77_CALL(dgesvd)("S", "S", &n, &p, a, &n, out->s, out->u, &n, out->vt,
                   &k, work, &lwork, &info FCONE FCONE);
  /* clang-format on */
  if (info < 0)
    Rf_error("internal error: argument %d of dgesvd was invalid", -info);
  return svd_failure_mode >= 2 ? 1 : info;
}

/* Singular vectors are defined up to a joint sign flip of u_r and v_r.
 * Fix it: the entry of v_r with the largest magnitude (the first one on a
 * tie) is made positive, so that signed projections are reproducible. */
static void canonicalise_signs(dd_svd *svd)
{
  for (int r = 0; r < svd->k; r++) {
    int best = 0;
    double best_abs = -1.0;
    for (int j = 0; j < svd->p; j++) {
      double value = fabs(svd->vt[r + (size_t)j * svd->k]);
      if (value > best_abs) {
        best_abs = value;
        best = j;
      }
    }
    if (svd->vt[r + (size_t)best * svd->k] >= 0.0)
      continue;

    for (int j = 0; j < svd->p; j++)
      svd->vt[r + (size_t)j * svd->k] *= -1.0;
    for (int i = 0; i < svd->n; i++)
      svd->u[i + (size_t)r * svd->n] *= -1.0;
  }
}

/* Both drivers overwrite their input, so each works on a fresh copy of x. */
void dd_svd_compute(const double *x, int n, int p, dd_svd *out)
{
  size_t len = (size_t)n * p;
  int k = n < p ? n : p;

  out->n = n;
  out->p = p;
  out->k = k;
  out->s = dd_alloc_double(k);
  out->u = dd_alloc_double((size_t)n * k);
  out->vt = dd_alloc_double((size_t)k * p);
  double *a = dd_alloc_double(len);

  memcpy(a, x, len * sizeof(double));
  out->driver = DD_DRIVER_GESDD;
  if (run_gesdd(a, out) > 0) {
    memcpy(a, x, len * sizeof(double));
    out->driver = DD_DRIVER_GESVD;
    if (run_gesvd(a, out) > 0)
      Rf_error("the singular value decomposition did not converge with "
               "dgesdd nor with dgesvd; check the features for extreme "
               "values");
  }

  canonicalise_signs(out);
}

/* Singular values at or below the returned value count as zero. A missing
 * tol (NA) gives the rank tolerance of LAPACK's least-squares drivers,
 * max(n, p) * s_1 * epsilon, relative to the largest singular value. */
double dd_svd_threshold(const dd_svd *svd, double tol, double cutoff)
{
  if (ISNAN(tol)) {
    int big = svd->n > svd->p ? svd->n : svd->p;
    double s1 = svd->k > 0 ? svd->s[0] : 0.0;
    tol = big * s1 * DBL_EPSILON;
  }
  return tol > cutoff ? tol : cutoff;
}

int dd_svd_rank(const dd_svd *svd, double threshold)
{
  int rank = 0;
  while (rank < svd->k && svd->s[rank] > threshold)
    rank++;
  return rank;
}
