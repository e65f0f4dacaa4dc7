/* The paper's decomposition of the test prediction error, mode by mode:
 *
 *   x.beta_hat - x.beta* = x.(X^+ X - I) beta*
 *                          + sum_r (1 / s_r) (x.v_r) (u_r.E),
 *
 * with E = y - X beta* the training residuals of the best linear fit. */

#include <math.h>
#include <string.h>
#include "doubledescent.h"

static double mean_square(int len, const double *v, double scale)
{
  if (len == 0)
    return NA_REAL;
  double rms = dd_nrm2(len, v) / sqrt((double)len);
  rms *= fabs(scale);
  return rms * rms;
}

/* Modes whose singular values differ by no more than the rank threshold
 * share a group: inside a group only the sum of the modes is defined. */
static void tie_groups(const double *s, int rank, double threshold, int *group)
{
  for (int r = 0; r < rank; r++)
    group[r] = r == 0 ? 1 : group[r - 1] + (s[r - 1] - s[r] > threshold);
}

/* Mean over test rows of the square of the summed variance terms of modes
 * first..last; sum is scratch of length m. */
static double summed_mean_square(const double *proj, int m,
                                 const double *resid_proj, const double *s,
                                 int first, int last, double *sum)
{
  memset(sum, 0, (size_t)m * sizeof(double));
  for (int r = first; r <= last; r++) {
    double gain = resid_proj[r] / s[r];
    for (int i = 0; i < m; i++)
      sum[i] += proj[i + (size_t)r * m] * gain;
  }
  return mean_square(m, sum, 1.0);
}

/* Per mode r, the means over test rows of (x . v_r)^2 and of the squared
 * variance term; per test row, the variance terms summed over the modes. */
static void mode_factors(const double *proj, int m, int rank,
                         const double *resid_proj, const double *s,
                         double *proj_sq, double *term_sq, double *variance)
{
  memset(variance, 0, (size_t)m * sizeof(double));
  for (int r = 0; r < rank; r++) {
    const double *col = proj + (size_t)r * m;
    double gain = resid_proj[r] / s[r];
    proj_sq[r] = mean_square(m, col, 1.0);
    term_sq[r] = mean_square(m, col, gain);
    for (int i = 0; i < m; i++)
      variance[i] += col[i] * gain;
  }
}

/* The defined quantity of a tie group: the mean square of the group's
 * summed variance term, repeated on each of its modes. */
static void group_factors(const double *proj, int m, int rank,
                          const double *resid_proj, const double *s,
                          const int *group, const double *term_sq,
                          double *group_sq)
{
  double *sum = dd_alloc_double(m);

  for (int first = 0; first < rank;) {
    int last = first;
    while (last + 1 < rank && group[last + 1] == group[first])
      last++;
    group_sq[first] = term_sq[first];
    if (last > first)
      group_sq[first] =
          summed_mean_square(proj, m, resid_proj, s, first, last, sum);
    for (int r = first + 1; r <= last; r++)
      group_sq[r] = group_sq[first];
    first = last + 1;
  }
}

static SEXP real_vector(int len, const double *values)
{
  SEXP out = Rf_allocVector(REALSXP, len);
  if (len > 0)
    memcpy(REAL(out), values, (size_t)len * sizeof(double));
  return out;
}

/* x_train: n x p, y_train: n, x_test: m x p, beta_star: p (all checked
 * in R); tol: NA for the default rank tolerance. */
SEXP ffi_modes(SEXP x_train, SEXP y_train, SEXP x_test, SEXP beta_star,
               SEXP tol)
{
  int n = Rf_nrows(x_train), p = Rf_ncols(x_train), m = Rf_nrows(x_test);
  int nprot = 0;
  const double *xt = REAL(x_test), *bstar = REAL(beta_star);
  dd_svd svd;

  dd_svd_compute(REAL(x_train), n, p, &svd);
  double threshold = dd_svd_threshold(&svd, Rf_asReal(tol), 0.0);
  int rank = dd_svd_rank(&svd, threshold), k = svd.k;

  /* Training residuals of beta*, and their projections u_r . E. */
  double *resid = dd_alloc_double(n);
  memcpy(resid, REAL(y_train), (size_t)n * sizeof(double));
  dd_gemv("N", n, p, -1.0, REAL(x_train), n, bstar, 1.0, resid);
  double *resid_proj = dd_alloc_double(k);
  dd_mode_coefficients(&svd, resid, resid_proj);

  /* Test features on the right singular vectors: proj = X_test V. */
  double *proj = dd_alloc_double((size_t)m * rank);
  if (rank > 0)
    dd_gemm_nt(m, rank, p, xt, m, svd.vt, k, proj);

  /* The variance term of mode r on test row i is
   * proj[i, r] * resid_proj[r] / s_r. */
  double *proj_sq = dd_alloc_double(rank), *term_sq = dd_alloc_double(rank);
  double *variance = dd_alloc_double(m), *group_sq = dd_alloc_double(rank);
  int *group = (int *)R_alloc(rank > 0 ? rank : 1, sizeof(int));
  mode_factors(proj, m, rank, resid_proj, svd.s, proj_sq, term_sq, variance);
  tie_groups(svd.s, rank, threshold, group);
  group_factors(proj, m, rank, resid_proj, svd.s, group, term_sq, group_sq);

  /* Bias per test row: x . (V V^T beta* - beta*). */
  double *delta = dd_alloc_double(p), *bias = dd_alloc_double(m);
  dd_bias_direction(&svd, rank, bstar, dd_alloc_double(k), delta);
  dd_gemv("N", m, p, 1.0, xt, m, delta, 0.0, bias);

  /* Predictions of the minimum-norm fit and of beta*. */
  double *z = dd_alloc_double(k), *beta = dd_alloc_double(p);
  dd_mode_coefficients(&svd, REAL(y_train), z);
  dd_beta_from_modes(&svd, z, rank, dd_alloc_double(k), beta);
  double *pred = dd_alloc_double(m), *linear = dd_alloc_double(m);
  dd_gemv("N", m, p, 1.0, xt, m, beta, 0.0, pred);
  dd_gemv("N", m, p, 1.0, xt, m, bstar, 0.0, linear);

  const char *names[] = {"singular_value", "resid_proj",
                         "test_proj_sq",   "variance_term_sq",
                         "tie_group",      "group_variance_term_sq",
                         "bias",           "variance",
                         "prediction",     "linear",
                         "coefficients",   "rank",
                         "threshold",      ""};
  SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
  nprot++;
  SET_VECTOR_ELT(out, 0, real_vector(rank, svd.s));
  SET_VECTOR_ELT(out, 1, real_vector(rank, resid_proj));
  SET_VECTOR_ELT(out, 2, real_vector(rank, proj_sq));
  SET_VECTOR_ELT(out, 3, real_vector(rank, term_sq));
  SEXP groups = Rf_allocVector(INTSXP, rank);
  SET_VECTOR_ELT(out, 4, groups);
  if (rank > 0)
    memcpy(INTEGER(groups), group, (size_t)rank * sizeof(int));
  SET_VECTOR_ELT(out, 5, real_vector(rank, group_sq));
  SET_VECTOR_ELT(out, 6, real_vector(m, bias));
  SET_VECTOR_ELT(out, 7, real_vector(m, variance));
  SET_VECTOR_ELT(out, 8, real_vector(m, pred));
  SET_VECTOR_ELT(out, 9, real_vector(m, linear));
  SET_VECTOR_ELT(out, 10, real_vector(p, beta));
  SET_VECTOR_ELT(out, 11, Rf_ScalarInteger(rank));
  SET_VECTOR_ELT(out, 12, Rf_ScalarReal(threshold));
  UNPROTECT(nprot);
  return out;
}
