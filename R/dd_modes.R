#' Mode-by-mode decomposition of the test error of one fit
#'
#' Splits the test prediction error of the minimum-norm least-squares fit
#' on the training rows into the bias and variance terms of Schaeffer et al.
#' (2023). With the thin SVD \eqn{X = U S V^\top}{X = U S V'} of the
#' training features, \eqn{\beta^*}{beta*} the best linear parameters and
#' \eqn{E = y - X\beta^*}{E = y - X beta*} the training residuals that no
#' linear model captures, every test row satisfies
#' \deqn{\hat y - x \cdot \beta^* = x \cdot (X^+ X - I)\beta^* +
#'   \sum_r \frac{1}{s_r} (x \cdot v_r)(u_r \cdot E).}{
#'   yhat - x.beta* = x.(X^+ X - I) beta* + sum_r (1/s_r)(x.v_r)(u_r.E).}
#' The first term is the bias: it vanishes when the training features have
#' full column rank. Each summand is the variance term of mode r: it is
#' large only when three factors are large together, the inverse singular
#' value \eqn{1/s_r}, the projection of the test features on the right
#' singular vector \eqn{v_r}, and the projection of the residuals on the
#' left singular vector \eqn{u_r}.
#'
#' @section Signs and ties:
#' `u_r` and `v_r` are signed jointly so that the entry of `v_r` with the
#' largest magnitude is positive; each variance term is invariant to that
#' choice, `resid_proj` follows it. Singular values equal to within the rank
#' threshold make the individual modes of their group arbitrary: only the
#' group's sum is defined. Such modes share a `tie_group`, and
#' `group_variance_term_sq` reports the mean square of the group's summed
#' variance term.
#'
#' @param x_train,y_train Training features (a numeric matrix or data frame)
#'   and targets.
#' @param x_test Test features with the same columns.
#' @param y_test Optional test targets; used for `beta_star`'s default and
#'   for the `error` column.
#' @param beta_star The best linear parameters. By default the minimum-norm
#'   least-squares fit on training and test rows together (which needs
#'   `y_test`).
#' @inheritParams mn_fit
#' @return A data frame of class `dd_modes`, one row per non-zero singular
#'   mode of the training features, with columns `mode`, `singular_value`,
#'   `inv_singular_value`, `resid_proj` (\eqn{u_r \cdot E}{u_r . E}),
#'   `test_proj_sq` (mean over test rows of
#'   \eqn{(x \cdot v_r)^2}{(x . v_r)^2}), `variance_term_sq` (mean over test
#'   rows of the squared variance term of the mode), `tie_group` and
#'   `group_variance_term_sq`. Its attribute `"test_rows"` is a data frame
#'   with one row per test row: `row`, `prediction` (\eqn{\hat y}{yhat}),
#'   `linear` (\eqn{x \cdot \beta^*}{x . beta*}), `bias`, `variance` (sum
#'   of the variance terms) and `error` (`prediction - y_test`, `NA`
#'   without `y_test`); attribute `"beta_star"` holds \eqn{\beta^*}{beta*}.
#' @family sweeps
#' @export
#' @examples
#' x <- as.matrix(diabetes[, 1:10])
#' y <- diabetes$progression
#' # Ten training rows for ten parameters: at the interpolation threshold.
#' modes <- dd_modes(x[1:10, ], y[1:10], x[-(1:10), ], y[-(1:10)])
#' modes[, c("mode", "singular_value", "resid_proj", "variance_term_sq")]
#' rows <- attr(modes, "test_rows")
#' # The decomposition is exact:
#' max(abs(rows$prediction - rows$linear - rows$bias - rows$variance))
dd_modes <- function(x_train, y_train, x_test, y_test = NULL,
                     beta_star = NULL, tol = NULL) {
  x_train <- as_feature_matrix(x_train)
  y_train <- as_target_vector(y_train, nrow(x_train))
  x_test <- as_feature_matrix(x_test)
  if (ncol(x_test) != ncol(x_train)) {
    abort_input(c(
      "{.arg x_test} must have the columns of {.arg x_train}.",
      "x" = "It has {ncol(x_test)} column{?s}, {.arg x_train} has
             {ncol(x_train)}."
    ))
  }
  if (!is.null(y_test)) {
    y_test <- as_target_vector(y_test, nrow(x_test))
  }
  tol <- check_tolerance(tol)
  beta_star <- check_beta_star(beta_star, x_train, y_train, x_test, y_test)

  res <- with_c_errors(
    .Call(ffi_modes, x_train, y_train, x_test, beta_star, tol)
  )
  rank <- res$rank
  out <- data.frame(
    mode = seq_len(rank),
    singular_value = res$singular_value,
    inv_singular_value = 1 / res$singular_value,
    resid_proj = res$resid_proj,
    test_proj_sq = res$test_proj_sq,
    variance_term_sq = res$variance_term_sq,
    tie_group = res$tie_group,
    group_variance_term_sq = res$group_variance_term_sq
  )
  error <- if (is.null(y_test)) NA_real_ else res$prediction - y_test
  attr(out, "test_rows") <- data.frame(
    row = seq_len(nrow(x_test)),
    prediction = res$prediction,
    linear = res$linear,
    bias = res$bias,
    variance = res$variance,
    error = error
  )
  attr(out, "beta_star") <- stats::setNames(beta_star, colnames(x_train))
  attr(out, "threshold") <- res$threshold
  class(out) <- c("dd_modes", "data.frame")
  out
}

check_beta_star <- function(beta_star, x_train, y_train, x_test, y_test,
                            call = rlang::caller_env()) {
  if (is.null(beta_star)) {
    if (is.null(y_test)) {
      abort_input(
        c(
          "{.arg beta_star} is needed when {.arg y_test} is missing.",
          "i" = "Give {.arg y_test} to use the least-squares fit on all
                 rows, or give {.arg beta_star} itself."
        ),
        call = call
      )
    }
    all_x <- rbind(x_train, x_test)
    fit <- with_c_errors(
      .Call(ffi_mn_fit, all_x, c(y_train, y_test), NA_real_, 0),
      call = call
    )
    return(fit$coefficients)
  }
  ok <- is.numeric(beta_star) && is.null(dim(beta_star)) &&
    length(beta_star) == ncol(x_train) && all(is.finite(beta_star))
  if (!ok) {
    abort_input(
      "{.arg beta_star} must be a finite numeric vector with one value per
       column of {.arg x_train} ({ncol(x_train)}).",
      call = call
    )
  }
  as.double(unname(beta_star))
}
