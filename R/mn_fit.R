#' Minimum-norm least-squares fit
#'
#' Fits `y ~ x` by the minimum-norm least-squares solution
#' \deqn{\hat\beta = V \Sigma^+ U^\top y,}{beta = V S^+ U' y,}
#' computed from the thin singular value decomposition
#' \eqn{X = U \Sigma V^\top}{X = U S V'} of the features. The same code path
#' serves every shape: with more rows than columns (N > P) it is ordinary
#' least squares; at N = P it interpolates; with fewer rows (N < P) it picks,
#' among the infinitely many coefficient vectors that interpolate the data,
#' the one of smallest Euclidean norm.
#'
#' No intercept is added by the default method: the features are used as
#' they are, which is the setting of Schaeffer et al. (2023). The formula
#' method follows [stats::model.matrix()] and so has an intercept unless the
#' formula says `- 1`.
#'
#' @section Rank tolerance:
#' Singular values at or below `max(tol, cutoff)` are treated as zero: the
#' corresponding modes do not enter the fit. The default `tol` is the rank
#' tolerance of LAPACK's least-squares drivers,
#' `max(N, P) * sigma_1 * .Machine$double.eps`, relative to the largest
#' singular value `sigma_1`. It keeps every direction the data resolve, even
#' when columns differ in scale by many orders of magnitude, and drops only
#' round-off. `cutoff` is an absolute threshold on the singular values (the
#' `sv_cutoff` ablation of [dd_sweep()]); unlike `tol` it is not scale
#' invariant.
#'
#' @param x A numeric matrix or a data frame of numeric columns (the
#'   features, one row per observation); for the formula method, a model
#'   formula such as `y ~ a + b`.
#' @param y A numeric vector of targets, one per row of `x`.
#' @param cutoff Absolute singular value cutoff, a number >= 0.
#' @param tol Rank tolerance, a number >= 0, or `NULL` for the default
#'   described below.
#' @param data A data frame holding the variables of the formula; by
#'   default they are taken from the formula's environment.
#' @param ... Not used; must be empty.
#'
#' @return An object of class `mn_fit`, a list with
#'   * `coefficients`: the fitted coefficients, named after the columns;
#'   * `singular_values`: all `min(N, P)` singular values of `x`, decreasing;
#'   * `rank`: the number of singular values above the threshold;
#'   * `u`, `v`: the left (N x min(N, P)) and right (P x min(N, P)) singular
#'     vectors, each pair `u[, r]`, `v[, r]` signed so that the entry of
#'     `v[, r]` with the largest magnitude is positive;
#'   * `threshold`: the singular value threshold used, `max(tol, cutoff)`;
#'   * `svd_driver`: the LAPACK routine that computed the decomposition,
#'     `"dgesdd"` or, when it failed to converge, `"dgesvd"`;
#'   * `cutoff`: the `cutoff` argument;
#'   * `fitted.values`, `residuals`, `n_obs`, `n_params`, `call`, and for
#'     the formula method `terms`, `xlevels` and `contrasts`.
#' @references Schaeffer, R., Robertson, Z., Boopathy, A., Khona, M., Fiete,
#'   I., Gromov, A. and Koyejo, S. (2023). Divergence at the interpolation
#'   threshold: identifying, interpreting & ablating the sources of a deep
#'   learning puzzle. NeurIPS 2023 Workshop on Attributing Model Behavior at
#'   Scale (ATTRIB).
#'
#'   The longer version: Schaeffer, R., Khona, M., Robertson, Z., Boopathy,
#'   A., Pistunova, K., Rocks, J. W., Fiete, I. R. and Koyejo, O. (2023).
#'   Double descent demystified: identifying, interpreting & ablating the
#'   sources of a deep learning puzzle. arXiv:2303.14151.
#'   \doi{10.48550/arXiv.2303.14151}
#' @family fitting
#' @export
#' @examples
#' x <- as.matrix(diabetes[, 1:10])
#' y <- diabetes$progression
#'
#' # Ten rows, ten parameters: the fit interpolates.
#' fit <- mn_fit(x[1:10, ], y[1:10])
#' fit
#' max(abs(residuals(fit)))
#'
#' # The formula method adds an intercept.
#' coef(mn_fit(progression ~ bmi + ltg, data = diabetes))
mn_fit <- function(x, ...) {
  UseMethod("mn_fit")
}

#' @rdname mn_fit
#' @export
mn_fit.default <- function(x, y, cutoff = 0, tol = NULL, ...) {
  check_dots_unused(...)
  x <- as_feature_matrix(x)
  y <- as_target_vector(y, nrow(x))
  cutoff <- check_tolerance(cutoff, allow_null = FALSE)
  tol <- check_tolerance(tol)

  fit <- fit_min_norm(x, y, cutoff, tol, call = rlang::current_env())
  fit$call <- match.call()
  fit
}

#' @rdname mn_fit
#' @export
mn_fit.formula <- function(x, data = NULL, cutoff = 0, tol = NULL, ...) {
  check_dots_unused(...)
  if (!is.null(data) && !is.data.frame(data)) {
    abort_input(
      c(
        "{.arg data} must be a data frame.",
        "x" = "It is {.obj_type_friendly {data}}."
      )
    )
  }
  frame <- stats::model.frame(x, data, na.action = stats::na.pass)
  terms <- attr(frame, "terms")
  x <- as_feature_matrix(stats::model.matrix(terms, frame), arg = "data")
  y <- stats::model.response(frame, "numeric")
  if (is.null(y)) {
    abort_input("{.arg x} must be a formula with a response on its left.")
  }
  y <- as_target_vector(y, nrow(x), arg = "data")
  cutoff <- check_tolerance(cutoff, allow_null = FALSE)
  tol <- check_tolerance(tol)

  fit <- fit_min_norm(x, y, cutoff, tol, call = rlang::current_env())
  fit$call <- match.call()
  fit$terms <- terms
  fit$xlevels <- stats::.getXlevels(terms, frame)
  fit$contrasts <- attr(x, "contrasts")
  fit
}

# The fit itself, on a checked double matrix and vector.
fit_min_norm <- function(x, y, cutoff, tol, call = rlang::caller_env()) {
  res <- with_c_errors(.Call(ffi_mn_fit, x, y, tol, cutoff), call = call)
  names(res$coefficients) <- colnames(x)
  fitted <- drop(x %*% res$coefficients)
  names(fitted) <- rownames(x)
  res$fitted.values <- fitted
  res$residuals <- y - fitted
  res$n_obs <- nrow(x)
  res$n_params <- ncol(x)
  res$cutoff <- cutoff
  structure(res, class = "mn_fit")
}

#' Methods for minimum-norm fits
#'
#' `predict()` evaluates the fit on new features; `coef()`, `fitted()` and
#' `residuals()` extract what their names say; `tidy()` and `glance()` give
#' one row per coefficient and one row per fit.
#'
#' @param object,x An object returned by [mn_fit()].
#' @param newdata Features to predict at: a numeric matrix or data frame
#'   with the same columns as the training features (a data frame for the
#'   formula method). When missing, the fitted values are returned.
#' @param digits Significant digits to print.
#' @param ... Not used.
#' @return `predict()`: a numeric vector. `tidy()`: a data frame with
#'   columns `term` and `estimate`. `glance()`: a one-row data frame with
#'   `n_obs`, `n_params`, `rank`, `max_singular_value`,
#'   `min_singular_value` (the smallest non-zero one), `threshold`,
#'   `train_mse`, `coef_norm` (Euclidean norm of the coefficients) and
#'   `interpolates` (whether the training residuals vanish, that is
#'   rank = N).
#' @name mn_fit-methods
#' @examples
#' x <- as.matrix(diabetes[, 1:10])
#' y <- diabetes$progression
#' fit <- mn_fit(x[1:30, ], y[1:30])
#' head(predict(fit, x[31:40, ]))
#' tidy(fit)
#' glance(fit)
NULL

#' @rdname mn_fit-methods
#' @export
predict.mn_fit <- function(object, newdata, ...) {
  if (missing(newdata) || is.null(newdata)) {
    return(object$fitted.values)
  }
  x <- if (is.null(object$terms)) {
    align_columns(newdata, names(object$coefficients))
  } else {
    model_matrix_new(object, newdata)
  }
  drop(x %*% object$coefficients)
}

align_columns <- function(newdata, names, call = rlang::caller_env()) {
  x <- as_feature_matrix(newdata, arg = "newdata", call = call)
  if (!is.null(colnames(newdata)) && all(names %in% colnames(x))) {
    return(x[, names, drop = FALSE])
  }
  if (ncol(x) != length(names)) {
    abort_input(
      c(
        "{.arg newdata} must have the {length(names)} feature column{?s}
         of the fit.",
        "x" = "It has {ncol(x)} column{?s}."
      ),
      call = call
    )
  }
  x
}

model_matrix_new <- function(object, newdata, call = rlang::caller_env()) {
  if (!is.data.frame(newdata)) {
    abort_input(
      "{.arg newdata} must be a data frame for a fit made from a formula.",
      call = call
    )
  }
  terms <- stats::delete.response(object$terms)
  frame <- stats::model.frame(
    terms, newdata,
    na.action = stats::na.pass, xlev = object$xlevels
  )
  x <- stats::model.matrix(terms, frame, contrasts.arg = object$contrasts)
  as_feature_matrix(x, arg = "newdata", call = call)
}

#' @rdname mn_fit-methods
#' @export
coef.mn_fit <- function(object, ...) {
  object$coefficients
}

#' @rdname mn_fit-methods
#' @export
fitted.mn_fit <- function(object, ...) {
  object$fitted.values
}

#' @rdname mn_fit-methods
#' @export
residuals.mn_fit <- function(object, ...) {
  object$residuals
}

#' @rdname mn_fit-methods
#' @export
print.mn_fit <- function(x, digits = max(3L, getOption("digits") - 3L),
                         ...) {
  s <- x$singular_values
  cat("Minimum-norm least-squares fit\n")
  cat(sprintf(
    "  %d rows, %d parameters, rank %d%s\n",
    x$n_obs, x$n_params, x$rank,
    if (x$rank == x$n_obs) " (interpolates the training rows)" else ""
  ))
  cat(sprintf(
    "  singular values from %s to %s; threshold %s (%s)\n",
    format(max(s), digits = digits), format(min(s), digits = digits),
    format(x$threshold, digits = digits), x$svd_driver
  ))
  cat("\nCoefficients:\n")
  print.default(format(x$coefficients, digits = digits),
    print.gap = 2L,
    quote = FALSE
  )
  invisible(x)
}

#' @importFrom generics tidy
#' @export
generics::tidy

#' @importFrom generics glance
#' @export
generics::glance

#' @rdname mn_fit-methods
#' @export
tidy.mn_fit <- function(x, ...) {
  data.frame(
    term = names(x$coefficients),
    estimate = unname(x$coefficients),
    stringsAsFactors = FALSE
  )
}

#' @rdname mn_fit-methods
#' @export
glance.mn_fit <- function(x, ...) {
  s <- x$singular_values
  data.frame(
    n_obs = x$n_obs,
    n_params = x$n_params,
    rank = x$rank,
    max_singular_value = s[1],
    min_singular_value = if (x$rank > 0) s[x$rank] else NA_real_,
    threshold = x$threshold,
    train_mse = mean(x$residuals^2),
    coef_norm = sqrt(sum(x$coefficients^2)),
    interpolates = x$rank == x$n_obs
  )
}
