# Benchmark of the C sweep against a plain R implementation.
#
# Run from the repository root, with the package installed:
#   Rscript bench/run.R            # everything (a few minutes)
#   Rscript bench/run.R paper      # only the paper workload
# It prints its figures; bench/README.md records them. Nothing here is a
# test: timings depend on the machine.

suppressPackageStartupMessages(library(doubledescent))
`%||%` <- function(a, b) if (is.null(a)) b else a
source(file.path("tests", "testthat", "helper-reference.R"))

parts <- commandArgs(trailingOnly = TRUE)
if (length(parts) == 0) parts <- c("paper", "scaling", "memory")

elapsed <- function(expr) {
  gc()
  start <- proc.time()[["elapsed"]]
  force(expr)
  proc.time()[["elapsed"]] - start
}

# Largest disagreement, in units of the tolerance: 1e-8 relative, or
# 1e-10 var(y) absolute for values at rounding level.
worst_disagreement <- function(fast, slow, var_y) {
  key <- function(z) paste(z$rep, z$n_train, z$ablation, z$level)
  slow <- slow[match(key(fast), key(slow)), ]
  columns <- c(
    "train_mse", "test_mse", "min_singular_value", "test_bias_sq",
    "min_mode_inv_sv", "min_mode_test_proj_sq", "min_mode_resid_proj"
  )
  atol <- 1e-10 * var_y
  worst <- 0
  for (col in columns) {
    a <- fast[[col]]
    e <- slow[[col]]
    ok <- !is.na(e)
    if (any(is.na(a) != is.na(e))) return(Inf)
    small <- abs(e[ok]) < atol / 1e-8
    err <- ifelse(small, abs(a[ok] - e[ok]) / atol,
                  abs(a[ok] - e[ok]) / (1e-8 * abs(e[ok])))
    worst <- max(worst, err)
  }
  worst
}

paper_workload <- function() {
  cat("== Paper workload: 4 data sets, 50 repeats, all ablations ==\n")
  names <- c("student_teacher", "diabetes", "california_housing",
             "who_life_expectancy")
  data <- lapply(names, dd_data)
  cutoffs <- 10^seq(-3, 0, length.out = 7)
  settings <- lapply(data, function(d) {
    p <- ncol(d$x)
    list(
      n_train = seq_len(min(nrow(d$x) - 1, max(40, 2 * p))),
      modes = seq_len(min(10, p)),
      splits = withr::with_seed(1, lapply(1:50, function(i) {
        sample.int(nrow(d$x))
      }))
    )
  })

  fast <- vector("list", 4)
  time_fast <- elapsed(for (i in 1:4) {
    fast[[i]] <- dd_sweep(data[[i]]$x, data[[i]]$y,
      n_train = settings[[i]]$n_train, splits = settings[[i]]$splits,
      ablations = "all", cutoffs = cutoffs, modes = settings[[i]]$modes,
      progress = FALSE
    )
  })
  fits <- sum(vapply(fast, nrow, 1L))

  slow <- vector("list", 4)
  time_slow <- elapsed(for (i in 1:4) {
    slow[[i]] <- reference_sweep(data[[i]]$x, data[[i]]$y,
      settings[[i]]$splits, settings[[i]]$n_train, cutoffs,
      settings[[i]]$modes, TRUE
    )
  })

  worst <- max(vapply(1:4, function(i) {
    worst_disagreement(fast[[i]], slow[[i]], stats::var(data[[i]]$y))
  }, 1))
  cat(sprintf("fits (rows of the sweeps):      %d\n", fits))
  cat(sprintf("(a) dd_sweep, C core:           %.3f s\n", time_fast))
  cat(sprintf("(b) plain R, svd() per fit:     %.3f s\n", time_slow))
  cat(sprintf("ratio (b)/(a):                  %.0f\n", time_slow / time_fast))
  cat(sprintf("worst disagreement / tolerance: %.2g (must be <= 1)\n", worst))
  invisible(worst <= 1)
}

# Cost per (repeat, n) against one bare LAPACK SVD (La.svd, dgesdd) of the
# same training matrix, on Gaussian data with 500 test rows beyond 2P. The
# sweep's one-off set-up (an SVD and a QR of all rows) is timed apart: the
# C entry points are called directly so that it is paid once.
scaling <- function() {
  cat("\n== Cost per (repeat, n) against one bare SVD ==\n")
  ns <- asNamespace("doubledescent")
  cutoffs <- 10^seq(-3, 0, length.out = 7)
  for (p in c(200, 1000)) {
    rows <- 2 * p + 500
    x <- withr::with_seed(p, matrix(stats::rnorm(rows * p), rows, p))
    y <- withr::with_seed(p + 1, stats::rnorm(rows))
    setup <- NULL
    setup_time <- elapsed(setup <- .Call(ns$ffi_sweep_setup, x, y))
    cat(sprintf("P = %d, %d rows: one-off set-up %.2f s\n", p, rows,
                setup_time))
    cat(sprintf("%6s %6s %12s %12s %8s\n", "P", "N", "sweep (s)",
                "SVD (s)", "ratio"))
    sizes <- if (p == 200) {
      c(1, 10, 50, 100, 190, 200, 210, 300, 400)
    } else {
      c(1, 10, 100, 500, 1000, 2000)
    }
    order <- withr::with_seed(2, sample.int(rows))
    for (n in sizes) {
      reps <- if (n * p <= 1e4) 50 else if (n * p <= 1e5) 5 else 1
      sweep_time <- elapsed(.Call(
        ns$ffi_sweep_run, x, setup, rep(list(order), reps), as.integer(n),
        cutoffs, 1:10, TRUE, NA_real_, 1e-12 * stats::var(y)
      )) / reps
      x_train <- x[order[seq_len(n)], , drop = FALSE]
      svd_time <- elapsed(for (r in seq_len(reps)) La.svd(x_train)) / reps
      cat(sprintf("%6d %6d %12.5f %12.5f %8.2f\n", p, n, sweep_time,
                  svd_time, sweep_time / svd_time))
    }
  }
}

# Peak R heap used by a sweep (R_alloc scratch lives on it) against the
# size of the data, for two numbers of repeats.
memory <- function() {
  cat("\n== Peak extra memory of a sweep ==\n")
  p <- 200
  rows <- 2 * p + 500
  x <- withr::with_seed(3, matrix(stats::rnorm(rows * p), rows, p))
  y <- withr::with_seed(4, stats::rnorm(rows))
  data_mb <- rows * p * 8 / 2^20
  for (repeats in c(2, 8)) {
    invisible(gc(reset = TRUE))
    before <- sum(gc()[, 2])
    s <- dd_sweep(x, y, n_train = seq(10, 400, by = 10), repeats = repeats,
                  seed = 1, ablations = "all", progress = FALSE)
    result_mb <- as.numeric(object.size(s)) / 2^20
    peak <- sum(gc()[, 6]) - before
    cat(sprintf(
      "repeats %d: peak heap growth %.1f MB, of which result %.1f MB; data %.1f MB\n",
      repeats, peak, result_mb, data_mb
    ))
  }
}

ok <- TRUE
if ("paper" %in% parts) ok <- paper_workload()
if ("scaling" %in% parts) scaling()
if ("memory" %in% parts) memory()
if (!isTRUE(ok)) quit(status = 1)
