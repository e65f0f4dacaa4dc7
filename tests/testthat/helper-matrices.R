# Small random designs shared by the fitting tests.
gaussian_design <- function(n, p, seed) {
  withr::with_seed(seed, {
    x <- matrix(stats::rnorm(n * p), n, p)
    y <- stats::rnorm(n)
  })
  list(x = x, y = y)
}

relative_error <- function(actual, expected) {
  max(abs(actual - expected)) / max(abs(expected))
}
