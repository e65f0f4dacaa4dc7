/* The minimum-norm least-squares fit beta = V S^+ U^T y. */

#include <string.h>
#include "doubledescent.h"

/* z = U^T y: the targets in the basis of the left singular vectors. */
void dd_mode_coefficients(const dd_svd *svd, const double *y, double *z)
{

  if (svd->k == 0)
    return;
  dd_gemv("T", svd->n, svd->k, 1.0, svd->u, svd->n, y, 0.0, z);
}

/* beta = sum over the leading r modes of v_i z_i / s_i; coef (length >= r)
 * receives the mode coordinates z_i / s_i. Keeping modes in the order of
 * the SVD means every truncation is a leading block. */
void dd_beta_from_modes(const dd_svd *svd, const double *z, int r, double *coef,
                        double *beta)
{
  if (r == 0) {
    memset(beta, 0, (size_t)svd->p * sizeof(double));
    return;
  }
  for (int i = 0; i < r; i++)
    coef[i] = z[i] / svd->s[i];
  dd_gemv("T", r, svd->p, 1.0, svd->vt, svd->k, coef, 0.0, beta);
}

/* delta = V V^T beta* - beta*, the direction of the bias term
 * x . (X^+ X - I) beta* over the leading `rank` modes; coef (length >=
 * rank) receives V^T beta*. */
void dd_bias_direction(const dd_svd *svd, int rank, const double *beta_star,
                       double *coef, double *delta)
{
  for (int j = 0; j < svd->p; j++)
    delta[j] = -beta_star[j];
  if (rank == 0)
    return;
  dd_gemv("N", rank, svd->p, 1.0, svd->vt, svd->k, beta_star, 0.0, coef);
  dd_gemv("T", rank, svd->p, 1.0, svd->vt, svd->k, coef, 1.0, delta);
}

static SEXP transpose(const double *a, int rows, int cols)
{
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, cols, rows));
  double *dst = REAL(out);
  for (int j = 0; j < cols; j++)
    for (int i = 0; i < rows; i++)
      dst[j + (size_t)i * cols] = a[i + (size_t)j * rows];
  UNPROTECT(1);
  return out;
}

/* x: n x p double matrix, y: double vector of length n, both checked in R.
 * tol: NA for the default rank tolerance; cutoff: absolute, >= 0. */
SEXP ffi_mn_fit(SEXP x, SEXP y, SEXP tol, SEXP cutoff)
{
  int n = Rf_nrows(x), p = Rf_ncols(x), nprot = 0;
  dd_svd svd;

  dd_svd_compute(REAL(x), n, p, &svd);
  double threshold = dd_svd_threshold(&svd, Rf_asReal(tol), Rf_asReal(cutoff));
  int rank = dd_svd_rank(&svd, threshold);

  double *z = dd_alloc_double(svd.k);
  dd_mode_coefficients(&svd, REAL(y), z);

  SEXP beta = PROTECT(Rf_allocVector(REALSXP, p));
  nprot++;
  dd_beta_from_modes(&svd, z, rank, dd_alloc_double(svd.k), REAL(beta));

  SEXP s = PROTECT(Rf_allocVector(REALSXP, svd.k));
  nprot++;
  memcpy(REAL(s), svd.s, (size_t)svd.k * sizeof(double));
  SEXP u = PROTECT(Rf_allocMatrix(REALSXP, n, svd.k));
  nprot++;
  memcpy(REAL(u), svd.u, (size_t)n * svd.k * sizeof(double));
  SEXP v = PROTECT(transpose(svd.vt, svd.k, p));
  nprot++;

  const char *names[] = {"coefficients", "singular_values", "rank", "u", "v",
                         "threshold",    "svd_driver",      ""};
  SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
  nprot++;
  SET_VECTOR_ELT(out, 0, beta);
  SET_VECTOR_ELT(out, 1, s);
  SET_VECTOR_ELT(out, 2, Rf_ScalarInteger(rank));
  SET_VECTOR_ELT(out, 3, u);
  SET_VECTOR_ELT(out, 4, v);
  SET_VECTOR_ELT(out, 5, Rf_ScalarReal(threshold));
  SET_VECTOR_ELT(
      out, 6, Rf_mkString(svd.driver == DD_DRIVER_GESDD ? "dgesdd" : "dgesvd"));
  UNPROTECT(nprot);
  return out;
}
