decompose <- function(n_train, seed = 1) {
  d <- dd_data("diabetes")
  rows <- withr::with_seed(seed, sample.int(nrow(d$x)))
  train <- rows[seq_len(n_train)]
  dd_modes(d$x[train, ], d$y[train], d$x[-train, ], d$y[-train])
}

test_that("prediction - x.beta* = bias + variance, to 1e-10 relative", {
  for (n in c(4, 9, 10, 11, 30)) {
    modes <- decompose(n)
    rows <- attr(modes, "test_rows")
    gap <- rows$prediction - rows$linear
    scale <- max(abs(gap))
    expect_lt(max(abs(gap - rows$bias - rows$variance)) / scale, 1e-10)
    if (n >= 10) {
      expect_lt(max(abs(rows$bias)) / scale, 1e-10)
    } else {
      expect_gt(max(abs(rows$bias)), 1)
    }
  }
})

test_that("every column matches a direct svd() computation", {
  skip_if_not_installed("MASS")
  d <- dd_data("diabetes")
  train <- 1:10
  modes <- dd_modes(d$x[train, ], d$y[train], d$x[-train, ], d$y[-train])
  beta_star <- drop(MASS::ginv(d$x) %*% d$y)
  expect_equal(unname(attr(modes, "beta_star")), beta_star,
    tolerance = 1e-10
  )

  s <- svd(d$x[train, ])
  resid <- d$y[train] - drop(d$x[train, ] %*% beta_star)
  signs <- apply(s$v, 2, function(v) sign(v[which.max(abs(v))]))
  resid_proj <- signs * drop(crossprod(s$u, resid))
  proj <- d$x[-train, ] %*% s$v
  terms <- sweep(proj, 2, drop(crossprod(s$u, resid)) / s$d, `*`)

  expect_equal(modes$singular_value, s$d, tolerance = 1e-12)
  expect_equal(modes$inv_singular_value, 1 / s$d, tolerance = 1e-12)
  expect_equal(modes$resid_proj, resid_proj, tolerance = 1e-10)
  expect_equal(modes$test_proj_sq, colMeans(proj^2), tolerance = 1e-10)
  expect_equal(modes$variance_term_sq, colMeans(terms^2), tolerance = 1e-10)
  expect_equal(attr(modes, "test_rows")$variance, rowSums(terms),
    tolerance = 1e-10
  )
  expect_identical(modes$tie_group, 1:10)
  expect_identical(modes$group_variance_term_sq, modes$variance_term_sq)
  expect_equal(attr(modes, "test_rows")$error,
    attr(modes, "test_rows")$prediction - d$y[-train],
    tolerance = 1e-14
  )
})

test_that("tied singular values share a group whose sum is defined", {
  skip_if_not_installed("MASS")
  # Orthogonal columns of equal norm: all singular values are 3.
  q <- qr.Q(qr(withr::with_seed(5, matrix(stats::rnorm(40), 10, 4))))
  x_train <- 3 * q
  y_train <- withr::with_seed(6, stats::rnorm(10))
  x_test <- withr::with_seed(7, matrix(stats::rnorm(20), 5, 4))
  beta_star <- c(1, -1, 0.5, 2)
  modes <- dd_modes(x_train, y_train, x_test, beta_star = beta_star)

  expect_identical(modes$tie_group, rep(1L, 4))
  resid <- y_train - drop(x_train %*% beta_star)
  summed <- x_test %*% (MASS::ginv(x_train) %*% resid)
  expected <- mean(summed^2)
  expect_equal(modes$group_variance_term_sq, rep(expected, 4),
    tolerance = 1e-10
  )
  expect_equal(modes$singular_value, rep(3, 4), tolerance = 1e-14)
})

test_that("a given beta_star is used and y_test is optional with it", {
  d <- dd_data("diabetes")
  beta <- rep(1, 10)
  modes <- dd_modes(d$x[1:5, ], d$y[1:5], d$x[6:20, ], beta_star = beta)
  expect_equal(unname(attr(modes, "beta_star")), beta, tolerance = 0)
  expect_true(all(is.na(attr(modes, "test_rows")$error)))
  rows <- attr(modes, "test_rows")
  expect_equal(rows$linear, drop(d$x[6:20, ] %*% beta), tolerance = 1e-14)
  expect_error(
    dd_modes(d$x[1:5, ], d$y[1:5], d$x[6:20, ]),
    class = "doubledescent_error_input"
  )
})

test_that("dd_modes() and dd_sweep() report the same smallest mode", {
  d <- dd_data("diabetes")
  order <- withr::with_seed(2, sample.int(442))
  sweep <- dd_sweep(d$x, d$y, n_train = 10, splits = list(order))
  train <- order[1:10]
  modes <- dd_modes(d$x[train, ], d$y[train], d$x[-train, ], d$y[-train])
  last <- modes[10, ]
  expect_equal(sweep$min_singular_value, last$singular_value, tolerance = 0)
  expect_equal(sweep$min_mode_resid_proj, last$resid_proj, tolerance = 1e-10)
  expect_equal(sweep$min_mode_test_proj_sq, last$test_proj_sq,
    tolerance = 1e-10
  )
})
