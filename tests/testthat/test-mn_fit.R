test_that("mn_fit() matches MASS::ginv() on tall, square, wide designs", {
  skip_if_not_installed("MASS")
  shapes <- list(c(30, 8), c(12, 12), c(5, 14), c(1, 6), c(9, 1))
  for (i in seq_along(shapes)) {
    d <- gaussian_design(shapes[[i]][1], shapes[[i]][2], seed = i)
    fit <- mn_fit(d$x, d$y)
    expected <- drop(MASS::ginv(d$x) %*% d$y)
    expect_lt(relative_error(unname(coef(fit)), expected), 1e-10)
  }
})

test_that("mn_fit() matches lm.fit() when N > P", {
  d <- gaussian_design(50, 7, seed = 11)
  fit <- mn_fit(d$x, d$y)
  ols <- stats::lm.fit(d$x, d$y)
  expect_lt(relative_error(unname(coef(fit)), unname(ols$coefficients)), 1e-10)
  expect_lt(relative_error(residuals(fit), unname(ols$residuals)), 1e-10)
})

test_that("mn_fit() matches MASS::ginv() on rank-deficient designs", {
  skip_if_not_installed("MASS")
  d <- gaussian_design(25, 6, seed = 3)
  x <- cbind(d$x, d$x[, 1] + d$x[, 2], d$x[, 3])
  fit <- mn_fit(x, d$y)
  expect_identical(fit$rank, 6L)
  expect_lt(
    relative_error(unname(coef(fit)), drop(MASS::ginv(x) %*% d$y)),
    1e-10
  )
})

test_that("the interpolating solution has the minimum norm", {
  d <- gaussian_design(6, 15, seed = 5)
  fit <- mn_fit(d$x, d$y)
  beta <- unname(coef(fit))
  expect_lt(max(abs(d$x %*% beta - d$y)), 1e-12)

  # Any other interpolating solution adds a null-space component.
  null_basis <- svd(d$x, nv = 15)$v[, 7:15]
  other <- beta + null_basis %*% c(0.3, -1, 0.2, 0, 0, 0.5, 0, 0, 1)
  expect_lt(max(abs(d$x %*% other - d$y)), 1e-12)
  expect_gt(sum(other^2), sum(beta^2))
  expect_equal(sum(crossprod(null_basis, beta)^2), 0, tolerance = 1e-24)
})

test_that("mn_fit() keeps every singular value and the SVD reconstructs x", {
  d <- gaussian_design(9, 4, seed = 8)
  fit <- mn_fit(d$x, d$y)
  expect_length(fit$singular_values, 4)
  expect_equal(fit$singular_values, svd(d$x)$d, tolerance = 1e-12)
  rebuilt <- fit$u %*% diag(fit$singular_values) %*% t(fit$v)
  expect_lt(max(abs(rebuilt - d$x)), 1e-12)
  # The sign convention: the largest entry of each v_r is positive.
  largest <- apply(fit$v, 2, function(v) v[which.max(abs(v))])
  expect_true(all(largest > 0))
  expect_identical(fit$svd_driver, "dgesdd")
})

test_that("the default rank tolerance is max(N, P) * s_1 * epsilon", {
  d <- gaussian_design(20, 5, seed = 2)
  fit <- mn_fit(d$x, d$y)
  expected <- 20 * fit$singular_values[1] * .Machine$double.eps
  expect_equal(fit$threshold, expected, tolerance = 1e-15)

  # Round-off modes are dropped, ...
  x <- cbind(d$x, d$x[, 1] * (1 + 1e-15))
  expect_identical(mn_fit(x, d$y)$rank, 5L)
  # ... real directions of badly scaled columns are kept.
  x <- cbind(d$x[, 1:4] * 1e9, d$x[, 5])
  expect_identical(mn_fit(x, d$y)$rank, 5L)
})

test_that("cutoff and tol drop singular values at or below them", {
  d <- gaussian_design(30, 6, seed = 4)
  s <- svd(d$x)
  fit <- mn_fit(d$x, d$y, cutoff = s$d[4])
  expect_identical(fit$rank, 3L)
  expected <- s$v[, 1:3] %*% (crossprod(s$u[, 1:3], d$y) / s$d[1:3])
  expect_lt(relative_error(unname(coef(fit)), drop(expected)), 1e-10)
  expect_identical(mn_fit(d$x, d$y, tol = s$d[2])$rank, 1L)
  expect_identical(mn_fit(d$x, d$y, tol = 0, cutoff = 0)$rank, 6L)
})

test_that("a failed dgesdd falls back to dgesvd, a double failure errors", {
  d <- gaussian_design(15, 5, seed = 6)
  reference <- mn_fit(d$x, d$y)
  old <- svd_failure_mode(1)
  on.exit(svd_failure_mode(old))
  fit <- mn_fit(d$x, d$y)
  expect_identical(fit$svd_driver, "dgesvd")
  expect_lt(relative_error(coef(fit), coef(reference)), 1e-10)

  svd_failure_mode(2)
  expect_error(mn_fit(d$x, d$y), class = "doubledescent_error_numerical")
  expect_snapshot(mn_fit(d$x, d$y), error = TRUE)
})

test_that("the formula method follows model.matrix()", {
  fit <- mn_fit(progression ~ bmi + ltg, data = diabetes)
  ols <- stats::lm(progression ~ bmi + ltg, data = diabetes)
  expect_named(coef(fit), c("(Intercept)", "bmi", "ltg"))
  expect_lt(relative_error(coef(fit), coef(ols)), 1e-10)
  expect_lt(relative_error(predict(fit, diabetes[1:5, ]),
                           unname(predict(ols, diabetes[1:5, ]))), 1e-10)

  no_intercept <- mn_fit(progression ~ bmi - 1, data = diabetes)
  expect_named(coef(no_intercept), "bmi")
})

test_that("predict() aligns columns by name and checks their number", {
  d <- gaussian_design(20, 3, seed = 9)
  colnames(d$x) <- c("a", "b", "c")
  fit <- mn_fit(d$x, d$y)
  expected <- drop(d$x[1:4, ] %*% coef(fit))
  expect_equal(predict(fit, d$x[1:4, c("c", "a", "b")]), expected,
               tolerance = 1e-14)
  expect_equal(predict(fit), fitted(fit), tolerance = 0)
  expect_error(predict(fit, d$x[, 1:2]), class = "doubledescent_error_input")
})

test_that("tidy() and glance() describe the fit", {
  d <- gaussian_design(8, 8, seed = 10)
  fit <- mn_fit(d$x, d$y)
  tidied <- tidy(fit)
  expect_identical(tidied$term, paste0("x", 1:8))
  expect_identical(tidied$estimate, unname(coef(fit)))

  glanced <- glance(fit)
  expect_identical(nrow(glanced), 1L)
  expect_identical(glanced$rank, 8L)
  expect_true(glanced$interpolates)
  expect_lt(glanced$train_mse, 1e-20)
  expect_equal(glanced$min_singular_value, min(svd(d$x)$d),
               tolerance = 1e-12)
  expect_equal(glanced$coef_norm, sqrt(sum(coef(fit)^2)), tolerance = 1e-15)
})

test_that("print() shows the shape, the rank and the coefficients", {
  fit <- mn_fit(as.matrix(diabetes[1:10, 1:10]), diabetes$progression[1:10])
  expect_snapshot(print(fit))
})
