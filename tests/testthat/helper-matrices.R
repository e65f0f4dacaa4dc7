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

# Under valgrind or the sanitizers (tools/), R code runs 20 to 50 times
# slower. Tests whose work is mostly R (plain-R reference sweeps on the full
# data sets, figures, file output) are skipped there; the C paths they reach
# are also reached by the smaller tests that still run.
skip_if_memcheck <- function() {
  skip_if(nzchar(Sys.getenv("DD_MEMCHECK")), "slow R code under memcheck")
}
