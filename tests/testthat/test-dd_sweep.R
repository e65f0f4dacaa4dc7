sweep_columns <- c(
  "rank", "train_mse", "test_mse", "min_singular_value", "test_bias_sq",
  "min_mode_inv_sv", "min_mode_test_proj_sq", "min_mode_resid_proj"
)

compare_with_reference <- function(name, n_reps, sizes) {
  d <- dd_data(name)
  splits <- withr::with_seed(42, {
    lapply(seq_len(n_reps), function(i) sample.int(nrow(d$x)))
  })
  cutoffs <- 10^seq(-3, 0, length.out = 7)
  modes <- seq_len(min(10, ncol(d$x)))
  fast <- dd_sweep(d$x, d$y,
    n_train = sizes, splits = splits, ablations = "all",
    cutoffs = cutoffs, modes = modes
  )
  slow <- reference_sweep(d$x, d$y, splits, sizes, cutoffs, modes, TRUE)
  key <- function(z) paste(z$rep, z$n_train, z$ablation, z$level)
  expect_setequal(key(fast), key(slow))
  slow <- slow[match(key(fast), key(slow)), ]
  expect_sweeps_agree(fast, slow, sweep_columns,
    rtol = 1e-8,
    atol = 1e-10 * stats::var(d$y)
  )
}

test_that("every row agrees with a plain svd() computation", {
  skip_if_memcheck()
  compare_with_reference("diabetes", 3, c(1, 5, 9, 10, 11, 20, 100))
  compare_with_reference("student_teacher", 2, c(1, 19, 20, 21, 40))
  compare_with_reference("who_life_expectancy", 2, c(2, 16, 17, 18, 34))
  compare_with_reference("california_housing", 2, c(1, 7, 8, 9, 16))
})

test_that("both ways of applying R agree with plain svd() (P = 30)", {
  # Below about 20 modes the sweep multiplies by R V once per fit, above it
  # applies R to each coefficient vector: these sizes take both paths.
  d <- gaussian_design(90, 30, seed = 12)
  x <- d$x
  y <- drop(x[, 1:5] %*% c(1, -2, 0.5, 1, 3)) + d$y
  splits <- withr::with_seed(13, list(sample.int(90), sample.int(90)))
  sizes <- c(5, 20, 29, 30, 31, 60)
  for (ablations in list(character(), "all")) {
    fast <- dd_sweep(x, y, n_train = sizes, splits = splits,
      ablations = ablations
    )
    all <- identical(ablations, "all")
    slow <- reference_sweep(x, y, splits, sizes,
      cutoffs = if (all) 10^seq(-3, 0, length.out = 7) else double(),
      modes = if (all) 1:10 else integer(), no_residuals = all
    )
    key <- function(z) paste(z$rep, z$n_train, z$ablation, z$level)
    slow <- slow[match(key(fast), key(slow)), ]
    expect_sweeps_agree(fast, slow, sweep_columns,
      rtol = 1e-8,
      atol = 1e-10 * stats::var(y)
    )
  }
})

test_that("the shortcut agrees with the test rows on every row", {
  d <- dd_data("diabetes")
  sizes <- c(1, 5, 9, 10, 11, 20, 200, 441)
  fast <- dd_sweep(d$x, d$y,
    n_train = sizes, repeats = 3, seed = 4,
    ablations = "all"
  )
  old <- sweep_shortcut_mode(1)
  on.exit(sweep_shortcut_mode(old))
  direct <- dd_sweep(d$x, d$y,
    n_train = sizes, repeats = 3, seed = 4,
    ablations = "all"
  )
  sweep_shortcut_mode(old)
  expect_identical(fast[, 1:8], direct[, 1:8])
  expect_sweeps_agree(fast, direct, sweep_columns,
    rtol = 1e-10,
    atol = 1e-12 * stats::var(d$y)
  )
})

test_that("wide data, zero columns and rank-0 training sets are exact", {
  d <- gaussian_design(30, 50, seed = 14)
  splits <- withr::with_seed(15, list(sample.int(30), sample.int(30)))
  sizes <- c(1, 10, 29)
  fast <- dd_sweep(d$x, d$y, n_train = sizes, splits = splits,
    ablations = "all"
  )
  slow <- reference_sweep(d$x, d$y, splits, sizes,
    10^seq(-3, 0, length.out = 7), 1:10, TRUE
  )
  key <- function(z) paste(z$rep, z$n_train, z$ablation, z$level)
  slow <- slow[match(key(fast), key(slow)), ]
  expect_sweeps_agree(fast, slow, sweep_columns,
    rtol = 1e-8,
    atol = 1e-10 * stats::var(d$y)
  )

  x <- cbind(0, gaussian_design(40, 3, seed = 16)$x)
  x[1:3, ] <- 0
  y <- gaussian_design(40, 1, seed = 17)$y
  splits <- list(1:40)
  sizes <- c(1, 3, 4, 39)
  fast <- dd_sweep(x, y, n_train = sizes, splits = splits,
    ablations = "all", modes = 1:3
  )
  slow <- reference_sweep(x, y, splits, sizes,
    10^seq(-3, 0, length.out = 7), 1:3, TRUE
  )
  slow <- slow[match(key(fast), key(slow)), ]
  expect_identical(fast$rank[fast$n_train == 3], rep(0L, 12))
  expect_sweeps_agree(fast, slow, sweep_columns,
    rtol = 1e-8,
    atol = 1e-10 * stats::var(y)
  )
})

test_that("the shortcut falls back to the test rows when it would cancel", {
  # Nearly every row trains: the test sum of squares is a small difference
  # of two large ones and must be recomputed directly.
  d <- dd_data("diabetes")
  splits <- withr::with_seed(3, list(sample.int(442), sample.int(442)))
  sizes <- c(430, 440, 441)
  fast <- dd_sweep(d$x, d$y, n_train = sizes, splits = splits)
  slow <- reference_sweep(d$x, d$y, splits, sizes)
  expect_sweeps_agree(fast, slow, sweep_columns, rtol = 1e-8, atol = 1e-8)
})

spike_index <- function(sweep, p, ablation = "none", level = NA) {
  rows <- sweep$ablation == ablation
  if (!is.na(level)) rows <- rows & sweep$level == level
  medians <- tapply(sweep$test_mse[rows], sweep$n_train[rows], stats::median)
  unname(medians[as.character(p)] / medians[as.character(2 * p)])
}

paper_sweeps <- function() {
  names <- c(
    "student_teacher", "diabetes", "california_housing",
    "who_life_expectancy"
  )
  lapply(rlang::set_names(names), function(name) {
    d <- dd_data(name)
    p <- ncol(d$x)
    sweep <- dd_sweep(d$x, d$y,
      n_train = seq_len(2 * p), repeats = 30, seed = 1,
      ablations = "all", dataset = name
    )
    list(sweep = sweep, p = p, var_y = stats::var(d$y))
  })
}

test_that("the median test MSE peaks at N = P on every dataset", {
  skip_if_memcheck()
  for (run in paper_sweeps()) {
    none <- run$sweep[run$sweep$ablation == "none", ]
    medians <- tapply(none$test_mse, none$n_train, stats::median)
    window <- medians[ceiling(run$p / 2):(2 * run$p)]
    expect_identical(names(which.max(window)), as.character(run$p))
    expect_gte(spike_index(run$sweep, run$p), 5)
  }
})

test_that("each ablation removes or shrinks the spike", {
  skip_if_memcheck()
  for (name in names(runs <- paper_sweeps())) {
    run <- runs[[name]]
    s <- run$sweep
    p <- run$p
    unablated <- spike_index(s, p)

    # Dropping singular values below 1 shrinks the spike at least twofold.
    expect_lte(spike_index(s, p, "sv_cutoff", 1), unablated / 2)

    # Projecting test features on the leading mode leaves no spike. On the
    # unscaled WHO features that mode is the population column, whose fit
    # still improves with N (about 2.3 over N = P..2P with 2000 repeats).
    limit <- if (name == "who_life_expectancy") 3 else 2
    expect_lte(spike_index(s, p, "test_subspace", 1), limit)

    # Exactly linear targets: test errors at rounding level once N >= P.
    linear <- s[s$ablation == "no_residuals" & s$n_train >= p, ]
    expect_lt(max(linear$test_mse), 1e-10 * run$var_y)
  }
})

test_that("the same seed gives the same sweep and keeps the RNG state", {
  d <- dd_data("diabetes")
  set.seed(99)
  before <- .Random.seed
  a <- dd_sweep(d$x, d$y, n_train = 1:15, repeats = 4, seed = 7)
  expect_identical(.Random.seed, before)
  b <- dd_sweep(d$x, d$y, n_train = 1:15, repeats = 4, seed = 7)
  expect_identical(a, b)
  c <- dd_sweep(d$x, d$y, n_train = 1:15, repeats = 4, seed = 8)
  expect_false(identical(a$test_mse, c$test_mse))

  splits <- withr::with_seed(7, lapply(1:4, function(i) sample.int(442)))
  expect_identical(dd_sweep(d$x, d$y, n_train = 1:15, splits = splits), a)
})

test_that("training sets are nested prefixes of each repeat's order", {
  d <- dd_data("diabetes")
  order <- c(5:1, 6:442)
  a <- dd_sweep(d$x, d$y, n_train = 3, splits = list(order))
  fit <- mn_fit(d$x[c(5, 4, 3), ], d$y[c(5, 4, 3)])
  test_pred <- predict(fit, d$x[-(3:5), ])
  expect_equal(a$test_mse, mean((test_pred - d$y[-(3:5)])^2),
    tolerance = 1e-10
  )
  expect_equal(a$train_mse, mean(residuals(fit)^2), tolerance = 1e-10)
})

test_that("the sweep has the documented columns and types", {
  d <- dd_data("diabetes")
  s <- dd_sweep(d$x, d$y,
    n_train = c(5, 10, 20), repeats = 2, seed = 1,
    ablations = c("sv_cutoff", "no_residuals"), cutoffs = c(0.1, 1),
    dataset = "diabetes"
  )
  expect_s3_class(s, c("dd_sweep", "data.frame"), exact = TRUE)
  expect_named(s, c(
    "dataset", "rep", "n_train", "n_params", "ratio", "ablation", "level",
    "rank", "train_mse", "test_mse", "min_singular_value", "test_bias_sq",
    "min_mode_inv_sv", "min_mode_test_proj_sq", "min_mode_resid_proj"
  ))
  expect_identical(nrow(s), 2L * 3L * 4L)
  expect_identical(
    s$ablation[1:4],
    c("none", "sv_cutoff", "sv_cutoff", "no_residuals")
  )
  expect_identical(s$level[1:4], c(NA, 0.1, 1, NA))
  expect_identical(unique(s$dataset), "diabetes")
  expect_equal(s$ratio, 10 / s$n_train, tolerance = 1e-15)
  expect_type(s$rep, "integer")
  # Below the threshold the bias is positive; at full rank it is exactly 0.
  expect_true(all(s$test_bias_sq[s$n_train == 5] > 0))
  expect_identical(unique(s$test_bias_sq[s$n_train >= 10]), 0)
  expect_equal(s$min_mode_inv_sv, 1 / s$min_singular_value, tolerance = 0)
})

test_that("print() shows a header and the first rows only", {
  d <- dd_data("diabetes")
  s <- dd_sweep(d$x, d$y, n_train = 1:3, repeats = 2, seed = 1,
    dataset = "diabetes"
  )
  out <- capture.output(print(s, n = 2))
  expect_identical(
    out[1],
    "<dd_sweep> 6 rows: diabetes; 2 repeats; n_train 1 to 3; ablations none"
  )
  expect_identical(out[length(out)], "# ... 4 more rows")
  # Wide columns wrap into blocks; each block shows rows 1 and 2 only.
  expect_gt(sum(grepl("^1 ", out)), 0)
  expect_identical(sum(grepl("^3 ", out)), 0L)
})

test_that("progress chunks and future workers give bit-identical results", {
  d <- dd_data("diabetes")
  serial <- dd_sweep(d$x, d$y,
    n_train = 1:20, repeats = 5, seed = 3,
    ablations = "all", progress = FALSE
  )
  chunked <- dd_sweep(d$x, d$y,
    n_train = 1:20, repeats = 5, seed = 3,
    ablations = "all", progress = TRUE
  )
  expect_identical(chunked, serial)

  skip_if_not_installed("future.apply")
  skip_if_memcheck()
  withr::local_options(future.rng.onMisuse = "error")
  old_plan <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old_plan), add = TRUE)
  parallel <- dd_sweep(d$x, d$y,
    n_train = 1:20, repeats = 5, seed = 3,
    ablations = "all", parallel = TRUE
  )
  expect_identical(parallel, serial)
  future::plan(future::sequential)
  expect_identical(
    dd_sweep(d$x, d$y,
      n_train = 1:20, repeats = 5, seed = 3,
      ablations = "all", parallel = TRUE
    ),
    serial
  )
})

test_that("an interrupt stops a long sweep and leaves the session usable", {
  skip_on_cran()
  skip_if_not_installed("callr")
  skip_if_memcheck()
  session <- callr::r_session$new()
  on.exit(session$close(), add = TRUE)
  session$call(function() {
    x <- matrix(stats::rnorm(1500 * 300), 1500, 300)
    doubledescent::dd_sweep(x, stats::rnorm(1500),
      n_train = 1:1000,
      repeats = 20, progress = FALSE
    )
  })
  Sys.sleep(1.5)
  started <- Sys.time()
  session$interrupt()
  session$poll_process(10000)
  result <- session$read()
  waited <- as.numeric(difftime(Sys.time(), started, units = "secs"))
  expect_s3_class(result$error, "callr_error")
  expect_match(conditionMessage(result$error), "interrupt")
  expect_lt(waited, 5)
  expect_identical(session$run(function() 1 + 1), 2)
})
