# Bad and degenerate inputs: every case names what it feeds and what it must
# get back, either a classed error or a correct value.

x <- as.matrix(diabetes[1:20, 1:10])
y <- diabetes$progression[1:20]
bad_input <- "doubledescent_error_input"

error_cases <- list(
  "factor column" = function() {
    mn_fit(data.frame(a = 1:4, b = factor(c("u", "v", "u", "v"))), 1:4)
  },
  "character column" = function() {
    mn_fit(data.frame(a = 1:3, b = c("u", "v", "w")), 1:3)
  },
  "list input" = function() mn_fit(list(1, 2), 1:2),
  "character matrix" = function() mn_fit(matrix("a", 2, 2), 1:2),
  "NA in x" = function() mn_fit(replace(x, 5, NA), y),
  "NaN in x" = function() mn_fit(replace(x, 5, NaN), y),
  "Inf in x" = function() mn_fit(replace(x, 5, Inf), y),
  "NA in y" = function() mn_fit(x, replace(y, 2, NA)),
  "Inf in y" = function() mn_fit(x, replace(y, 2, -Inf)),
  "y too short" = function() mn_fit(x, y[-1]),
  "y not numeric" = function() mn_fit(x, as.character(y)),
  "y with two columns" = function() mn_fit(x, cbind(y, y)),
  "zero rows" = function() mn_fit(x[0, ], numeric()),
  "zero columns" = function() mn_fit(x[, 0], y),
  "negative cutoff" = function() mn_fit(x, y, cutoff = -1),
  "NA cutoff" = function() mn_fit(x, y, cutoff = NA_real_),
  "Inf tol" = function() mn_fit(x, y, tol = Inf),
  "two tols" = function() mn_fit(x, y, tol = c(1, 2)),
  "extra argument" = function() mn_fit(x, y, tolerance = 1),
  "formula data not a frame" = function() mn_fit(progression ~ bmi, 1:3),
  "formula NA" = function() {
    mn_fit(progression ~ bmi, data = replace(diabetes, cbind(3, 3), NA))
  },
  "n_train zero" = function() dd_sweep(x, y, n_train = 0:3, repeats = 2),
  "n_train all rows" = function() dd_sweep(x, y, n_train = 20, repeats = 2),
  "n_train fractional" = function() dd_sweep(x, y, n_train = 2.5),
  "n_train duplicated" = function() dd_sweep(x, y, n_train = c(3, 3)),
  "repeats zero" = function() dd_sweep(x, y, n_train = 3, repeats = 0),
  "single row" = function() dd_sweep(x[1, , drop = FALSE], y[1]),
  "splits not a list" = function() dd_sweep(x, y, n_train = 3, splits = 1:20),
  "splits duplicated index" = function() {
    dd_sweep(x, y, n_train = 3, splits = list(c(1, 1, 2:18)))
  },
  "splits out of range" = function() {
    dd_sweep(x, y, n_train = 3, splits = list(c(0, 1:19)))
  },
  "splits too short" = function() {
    dd_sweep(x, y, n_train = 5, splits = list(1:4))
  },
  "unknown ablation" = function() dd_sweep(x, y, ablations = "dropout"),
  "negative cutoffs" = function() {
    dd_sweep(x, y, ablations = "sv_cutoff", cutoffs = c(0.1, -1))
  },
  "modes beyond the rank" = function() {
    dd_sweep(x, y, ablations = "test_subspace", modes = 11)
  },
  "modes zero" = function() {
    dd_sweep(x, y, ablations = "test_subspace", modes = 0)
  },
  "bad seed" = function() dd_sweep(x, y, n_train = 3, seed = "a"),
  "bad dataset label" = function() dd_sweep(x, y, n_train = 3, dataset = 1),
  "parallel not a flag" = function() dd_sweep(x, y, parallel = NA),
  "huge repeats" = function() dd_sweep(x, y, n_train = 3, repeats = 1e10),
  "huge seed" = function() dd_sweep(x, y, n_train = 3, seed = 1e12),
  "fractional seed" = function() dd_sweep(x, y, n_train = 3, seed = 1.5),
  "all with others" = function() {
    dd_sweep(x, y, ablations = c("all", "sv_cutoff"))
  },
  "subspace on all-zero x" = function() {
    dd_sweep(matrix(0, 10, 3), 1:10, ablations = "test_subspace")
  },
  "x_test other columns" = function() dd_modes(x, y, x[, 1:3], y),
  "beta_star wrong length" = function() {
    dd_modes(x[1:5, ], y[1:5], x[6:20, ], beta_star = 1:3)
  },
  "newdata wrong width" = function() predict(mn_fit(x, y), x[, 1:4])
)

for (case in names(error_cases)) {
  test_that(paste("bad input gives a classed error:", case), {
    expect_error(error_cases[[case]](), class = bad_input)
  })
}

test_that("error messages name the argument and the problem", {
  expect_snapshot(error = TRUE, {
    mn_fit(data.frame(a = 1:4, b = factor(c("u", "v", "u", "v"))), 1:4)
    mn_fit(replace(x, 5, NA), y)
    mn_fit(x, y[-1])
    mn_fit(x, y, cutoff = -1)
    dd_sweep(x, y, n_train = 0:3)
    dd_sweep(x, y, ablations = "test_subspace", modes = 11)
    dd_sweep(x, y, n_train = 3, splits = list(c(1, 1, 2:18)))
  })
})

test_that("a one-column matrix or data frame of targets is accepted", {
  expected <- coef(mn_fit(x, y))
  expect_identical(coef(mn_fit(x, matrix(y, ncol = 1))), expected)
  expect_identical(coef(mn_fit(x, data.frame(target = y))), expected)
})

test_that("errors name the argument even after a data frame is converted", {
  bad <- data.frame(a = c(NA, 1:19), b = 1)
  expect_error(mn_fit(bad, y), "`x` must contain finite values")
  expect_error(
    mn_fit(x, data.frame(target = c(NA, y[-1]))),
    "`y` must contain finite values"
  )
})

test_that("integer and logical matrices are accepted as numeric", {
  xi <- matrix(c(1L, 0L, 2L, 1L, 3L, 5L), 3, 2)
  xl <- matrix(c(TRUE, FALSE, TRUE, TRUE, FALSE, FALSE), 3, 2)
  yi <- c(1L, 2L, 4L)
  expect_equal(coef(mn_fit(xi, yi)), coef(mn_fit(xi * 1.0, yi * 1.0)),
    tolerance = 0
  )
  expect_equal(coef(mn_fit(xl, yi)), coef(mn_fit(xl * 1.0, yi * 1.0)),
    tolerance = 0
  )
})

test_that("an all-zero training matrix has rank 0 and predicts 0", {
  fit <- mn_fit(matrix(0, 4, 3), 1:4)
  expect_identical(fit$rank, 0L)
  expect_identical(unname(coef(fit)), c(0, 0, 0))
  expect_identical(unname(predict(fit, matrix(1, 2, 3))), c(0, 0))

  sweep <- dd_sweep(rbind(matrix(0, 3, 2), diag(2)), 1:5,
    n_train = 2, splits = list(1:5)
  )
  expect_identical(sweep$rank, 0L)
  expect_true(is.na(sweep$min_singular_value))
  expect_equal(sweep$test_mse, mean(c(3, 4, 5)^2), tolerance = 1e-15)
})

test_that("constant, duplicated columns and duplicated rows are handled", {
  constant <- cbind(x[, 1:3], 1)
  fit <- mn_fit(constant, y)
  expect_identical(fit$rank, 4L)
  expect_lt(relative_error(
    unname(coef(fit)),
    unname(stats::lm.fit(constant, y)$coefficients)
  ), 1e-10)

  duplicated_cols <- cbind(x[, 1:3], x[, 3])
  fit <- mn_fit(duplicated_cols, y)
  expect_identical(fit$rank, 3L)
  # The minimum-norm fit splits the weight evenly between the twins.
  expect_equal(coef(fit)[[3]], coef(fit)[[4]], tolerance = 1e-10)

  doubled <- rbind(x[1:5, ], x[1:5, ])
  fit <- mn_fit(doubled, rep(y[1:5], 2))
  expect_identical(fit$rank, 5L)
  expect_lt(max(abs(residuals(fit))), 1e-10)
})

test_that("a single training row and a single column give exact fits", {
  fit <- mn_fit(x[1, , drop = FALSE], y[1])
  expected <- x[1, ] * y[1] / sum(x[1, ]^2)
  expect_equal(unname(coef(fit)), unname(expected), tolerance = 1e-12)

  one_col <- x[, 1, drop = FALSE]
  fit <- mn_fit(one_col, y)
  expect_equal(unname(coef(fit)), sum(one_col * y) / sum(one_col^2),
    tolerance = 1e-12
  )
  splits <- withr::with_seed(1, list(sample.int(20), sample.int(20)))
  sweep <- dd_sweep(one_col, y, n_train = 1:3, splits = splits)
  expect_identical(sweep$rank, rep(1L, 6))
  slow <- reference_sweep(one_col, y, splits, 1:3)
  expect_sweeps_agree(sweep, slow, c("train_mse", "test_mse", "test_bias_sq"),
    rtol = 1e-10, atol = 1e-12 * stats::var(y)
  )
})

test_that("scaling x by 1e150 or 1e-150 scales the coefficients only", {
  for (scale in c(1e150, 1e-150)) {
    base <- mn_fit(x, y)
    scaled <- mn_fit(x * scale, y)
    expect_equal(coef(scaled) * scale, coef(base), tolerance = 1e-10)
    expect_equal(fitted(scaled), fitted(base), tolerance = 1e-10)

    order <- withr::with_seed(1, sample.int(20))
    s1 <- dd_sweep(x, y, n_train = c(5, 10, 15), splits = list(order))
    s2 <- dd_sweep(x * scale, y, n_train = c(5, 10, 15), splits = list(order))
    expect_equal(s2$test_mse, s1$test_mse, tolerance = 1e-10)
    expect_equal(s2$train_mse, s1$train_mse, tolerance = 1e-10)
    expect_equal(s2$test_bias_sq, s1$test_bias_sq, tolerance = 1e-10)
    expect_true(all(is.finite(s2$min_mode_test_proj_sq)))
  }
})

test_that("features of 1e200 give finite, correct answers", {
  big <- x * 1e200
  fit <- mn_fit(big, y)
  expect_true(all(is.finite(coef(fit))))
  expect_equal(fitted(fit), fitted(mn_fit(x, y)), tolerance = 1e-10)
})
