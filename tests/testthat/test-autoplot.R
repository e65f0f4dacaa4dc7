# Sweeps here are small (5 repeats of diabetes, about 10 ms) and seeded, so
# every test builds its own.

test_that("dd_summarise() matches stats::median() and stats::quantile()", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes",
                    ablations = "sv_cutoff", progress = FALSE)
  summary <- dd_summarise(sweep, band = 0.9)

  # One row per (ablation, level, n_train) group and quantity.
  groups <- unique(sweep[c("ablation", "level", "n_train")])
  expect_identical(nrow(summary), nrow(groups) * 7L)
  expect_identical(unique(summary$quantity), c(
    "train_mse", "test_mse", "min_singular_value", "test_bias_sq",
    "min_mode_inv_sv", "min_mode_test_proj_sq", "min_mode_abs_resid_proj"
  ))
  expect_identical(unique(summary$n), 5L)
  expect_identical(summary$ratio, summary$n_params / summary$n_train)

  # Spot checks against base R on the same rows: near the threshold, where
  # the values spread over decades, and at a cutoff level. Both are the same
  # type 7 interpolation, so they agree to rounding (relative 1e-12).
  checks <- list(
    list(ablation = "none", level = NA, n = 10L, column = "test_mse"),
    list(ablation = "none", level = NA, n = 11L, column = "train_mse"),
    list(ablation = "sv_cutoff", level = 0.01, n = 9L, column = "test_mse"),
    list(ablation = "none", level = NA, n = 4L,
         column = "min_mode_resid_proj")
  )
  for (check in checks) {
    rows <- sweep$ablation == check$ablation & sweep$n_train == check$n &
      (if (is.na(check$level)) is.na(sweep$level) else
        abs(sweep$level - check$level) < 1e-12)
    values <- sweep[[check$column]][rows]
    quantity <- check$column
    if (quantity == "min_mode_resid_proj") {
      values <- abs(values)
      quantity <- "min_mode_abs_resid_proj"
    }
    got <- summary[summary$ablation == check$ablation &
      summary$n_train == check$n & summary$quantity == quantity &
      (if (is.na(check$level)) is.na(summary$level) else
        abs(summary$level - check$level) < 1e-12), ]
    expect_identical(nrow(got), 1L)
    expect_equal(got$median, stats::median(values), tolerance = 1e-12)
    expect_equal(
      c(got$lower, got$upper),
      unname(stats::quantile(values, c(0.05, 0.95))),
      tolerance = 1e-12
    )
  }
})

test_that("dd_summarise() orders rows and handles missing and infinite", {
  skip_if_memcheck()
  sweep <- data.frame(
    dataset = rep(c("b", "a"), each = 4),
    rep = rep(1:4, 2),
    n_train = 2L,
    n_params = 3L,
    ratio = 1.5,
    ablation = "none",
    level = NA_real_,
    rank = 2L,
    train_mse = c(1, 2, NA, 4, 0, 0, 0, 0),
    test_mse = c(1, 2, 3, Inf, 5, 6, 7, 8),
    min_singular_value = 1,
    test_bias_sq = 0,
    min_mode_inv_sv = 1,
    min_mode_test_proj_sq = 1,
    min_mode_resid_proj = c(-1, 2, -3, 4, -5, 6, -7, 8)
  )
  summary <- dd_summarise(sweep, band = 0.5)

  # Datasets keep their order of appearance.
  expect_identical(unique(summary$dataset), c("b", "a"))

  train_b <- summary[summary$dataset == "b" &
    summary$quantity == "train_mse", ]
  expect_identical(train_b$n, 3L)
  expect_equal(train_b$median, 2, tolerance = 1e-14)
  expect_equal(c(train_b$lower, train_b$upper), c(1.5, 3), tolerance = 1e-14)

  test_b <- summary[summary$dataset == "b" & summary$quantity == "test_mse", ]
  expect_equal(test_b$median, 2.5, tolerance = 1e-14)
  expect_identical(test_b$upper, unname(stats::quantile(c(1, 2, 3, Inf),
                                                         0.75)))

  resid_a <- summary[summary$dataset == "a" &
    summary$quantity == "min_mode_abs_resid_proj", ]
  expect_equal(resid_a$median, 6.5, tolerance = 1e-14)
})

test_that("dd_summarise() rejects bad input with a classed error", {
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 2, seed = 1, n_train = 5:6,
                    progress = FALSE)
  expect_error(dd_summarise(sweep, band = 1), class = "doubledescent_error")
  expect_error(
    dd_summarise(sweep[-1]),
    class = "doubledescent_error_input"
  )
  expect_snapshot(error = TRUE, {
    dd_summarise(sweep, band = c(0.5, 0.9))
    dd_summarise(sweep[c("rep", "ratio")])
    dd_summarise(list(a = 1))
  })
})

test_that("the MSE plot shows medians, the threshold and no rounding zeros", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes",
                    progress = FALSE)
  p <- autoplot(sweep)

  expect_s3_class(p, "ggplot")
  expect_identical(p$labels$x, "Parameters / training rows (P/N)")
  expect_identical(p$labels$y, "Mean squared error")
  expect_identical(p$labels$colour, "Split")
  expect_identical(p$labels$subtitle, "Diabetes")
  expect_match(p$labels$caption, "median over 5 repeats")
  expect_match(p$labels$caption, "central 95% of repeats")

  # Layers: ribbon, line, threshold. The line's y is log10 of the medians
  # of the rows drawn; the threshold sits at log10(1) = 0.
  expect_no_warning(built <- ggplot2::ggplot_build(p))
  threshold <- ggplot2::layer_data(p, 3)
  expect_identical(threshold$xintercept, 0)
  expect_identical(threshold$linetype, "dashed")

  drawn <- p$data[p$data$on_log_scale, ]
  line <- ggplot2::layer_data(p, 2)
  expect_identical(nrow(line), nrow(drawn))
  expect_equal(sort(line$y), sort(log10(drawn$median)), tolerance = 1e-12)
  expect_equal(sort(line$x), sort(log10(drawn$ratio)), tolerance = 1e-12)

  # Every test MSE is drawn; training MSE only below the threshold (P/N < 1),
  # because interpolating fits have zero training error.
  test_rows <- p$data[p$data$quantity == "test_mse", ]
  train_rows <- p$data[p$data$quantity == "train_mse", ]
  expect_true(all(test_rows$on_log_scale))
  expect_identical(train_rows$on_log_scale, train_rows$ratio < 1)
  expect_true(all(train_rows$median[train_rows$ratio >= 1] <
    train_rows$floor[1]))
  expect_match(p$labels$caption, "zero up to rounding are not drawn")

  # The ribbon spans the band, cut at the floor.
  ribbon <- ggplot2::layer_data(p, 1)
  expect_equal(
    sort(ribbon$ymax),
    sort(log10(pmax(drawn$upper, drawn$lower, drawn$floor))),
    tolerance = 1e-12
  )
})

test_that("plot data equal dd_summarise() on the same rows", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes",
                    progress = FALSE)
  p <- autoplot(sweep, type = "min_singular_value", band = 0.5)
  summary <- dd_summarise(sweep, band = 0.5)
  expected <- summary[summary$quantity == "min_singular_value", ]
  expect_equal(p$data$median, expected$median, tolerance = 1e-14)
  expect_equal(p$data$lower, expected$lower, tolerance = 1e-14)
  expect_identical(p$labels$y, "Smallest non-zero singular value")
  expect_match(p$labels$caption, "central 50% of repeats")
  # Singular values are never rounding zeros.
  expect_true(all(p$data$on_log_scale))
})

test_that("several datasets get one panel each", {
  skip_if_memcheck()
  sweeps <- lapply(c("diabetes", "california_housing"), function(name) {
    d <- dd_data(name)
    dd_sweep(d$x, d$y, repeats = 3, seed = 1, dataset = name,
             n_train = 1:20, progress = FALSE)
  })
  sweep <- do.call(rbind, sweeps)
  p <- autoplot(sweep, type = "test_bias_sq")
  layout <- ggplot2::ggplot_build(p)$layout$layout
  expect_identical(nrow(layout), 2L)
  expect_identical(
    as.character(layout$dataset), c("diabetes", "california_housing")
  )
  strips <- p$facet$params$labeller(layout["dataset"])
  expect_identical(strips[[1]], c("Diabetes", "California housing"))
  expect_null(p$labels$subtitle)
  # The bias vanishes at full column rank (N >= P): nothing drawn there.
  expect_identical(p$data$on_log_scale, p$data$ratio > 1)

  factors <- autoplot(sweep, type = "factors")
  layout <- ggplot2::ggplot_build(factors)$layout$layout
  expect_identical(nrow(layout), 6L)
  expect_identical(
    levels(factors$data$factor),
    c("1 / smallest singular value", "Test projection, squared",
      "|Residual projection|")
  )
  summary <- dd_summarise(sweep)
  inv_sv <- summary[summary$quantity == "min_mode_inv_sv", ]
  expect_equal(
    factors$data$median[factors$data$quantity == "min_mode_inv_sv"],
    inv_sv$median,
    tolerance = 1e-14
  )
})

test_that("ablation plots colour by level with the right legend", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes",
                    ablations = "all", cutoffs = c(0.001, 0.01, 0.1),
                    modes = c(2, 5, 9), progress = FALSE)

  cut <- autoplot(sweep, ablation = "sv_cutoff")
  expect_identical(cut$labels$colour, "Singular value cutoff")
  expect_identical(cut$labels$y, "Test mean squared error")
  expect_identical(levels(cut$data$setting), c("0.001", "0.01", "0.1"))
  expect_setequal(cut$data$ablation, "sv_cutoff")
  # Medians only: one line per level, no ribbon layer.
  geoms <- vapply(cut$layers, function(l) class(l$geom)[1], character(1))
  expect_identical(geoms, c("GeomLine", "GeomVline", "GeomBlank"))
  lines <- ggplot2::layer_data(cut, 1)
  expect_identical(length(unique(lines$colour)), 3L)
  expect_no_match(cut$labels$caption, "band")

  kept <- autoplot(sweep, ablation = "test_subspace")
  expect_identical(kept$labels$colour, "Leading modes kept")
  expect_setequal(kept$data$level, c(2, 5, 9))

  nores <- autoplot(sweep, ablation = "no_residuals")
  expect_identical(nores$labels$colour, "Ablation")
  expect_identical(
    levels(nores$data$setting), c("None", "Residuals removed")
  )
  # Without residuals the test error at full rank is zero up to rounding.
  ablated <- nores$data[nores$data$setting == "Residuals removed", ]
  expect_identical(ablated$on_log_scale, ablated$ratio > 1)
  unablated <- nores$data[nores$data$setting == "None", ]
  expect_true(all(unablated$on_log_scale))
})

test_that("autoplot() explains what it cannot draw", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 2, seed = 1, n_train = 5:15,
                    ablations = "no_residuals", progress = FALSE)
  expect_error(
    autoplot(sweep, ablation = "sv_cutoff"),
    class = "doubledescent_error_input"
  )
  expect_error(
    autoplot(sweep[sweep$ablation != "none", ], ablation = "no_residuals"),
    class = "doubledescent_error_input"
  )
  expect_snapshot(error = TRUE, {
    autoplot(sweep, ablation = "sv_cutoff")
    autoplot(sweep[sweep$ablation == "no_residuals", ])
    autoplot(sweep, type = "factors", ablation = "no_residuals")
    autoplot(sweep, type = "loss")
    autoplot(sweep, band = 95)
  })
})

test_that("plot() prints and returns the ggplot invisibly", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 2, seed = 1, n_train = 5:15,
                    progress = FALSE)
  modes <- dd_modes(d$x[1:10, ], d$y[1:10], d$x[-(1:10), ], d$y[-(1:10)])
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off(), add = TRUE)
  expect_invisible(p <- plot(sweep, type = "min_singular_value"))
  expect_identical(p$labels$y, "Smallest non-zero singular value")
  expect_invisible(q <- plot(modes))
  expect_s3_class(q, "ggplot")
})

test_that("the mode plot shows the three factors of every mode", {
  skip_if_memcheck()
  d <- dd_data("diabetes")
  train <- 1:10
  modes <- dd_modes(d$x[train, ], d$y[train], d$x[-train, ], d$y[-train])
  p <- autoplot(modes)

  expect_identical(p$labels$x, "Singular mode (1 = largest singular value)")
  expect_identical(p$labels$y, "Factor value")
  expect_identical(
    levels(p$data$factor),
    c("1 / singular value", "Test projection, squared",
      "|Residual projection|")
  )
  expect_equal(
    p$data$value,
    c(modes$inv_singular_value, modes$test_proj_sq, abs(modes$resid_proj)),
    tolerance = 1e-14
  )
  points <- ggplot2::layer_data(p, 2)
  expect_identical(nrow(points), 3L * nrow(modes))
  expect_equal(sort(points$y), sort(log10(p$data$value)), tolerance = 1e-12)
  expect_error(autoplot(modes[-5]), class = "doubledescent_error_input")
})

test_that("figures look as they did", {
  skip_if_memcheck()
  skip_if_not_installed("vdiffr")
  d <- dd_data("diabetes")
  sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes",
                    ablations = "all", progress = FALSE)
  train <- 1:10
  modes <- dd_modes(d$x[train, ], d$y[train], d$x[-train, ], d$y[-train])

  vdiffr::expect_doppelganger("mse", autoplot(sweep))
  vdiffr::expect_doppelganger(
    "min singular value", autoplot(sweep, type = "min_singular_value")
  )
  vdiffr::expect_doppelganger(
    "test bias squared", autoplot(sweep, type = "test_bias_sq")
  )
  vdiffr::expect_doppelganger("factors", autoplot(sweep, type = "factors"))
  vdiffr::expect_doppelganger(
    "sv cutoff", autoplot(sweep, ablation = "sv_cutoff")
  )
  vdiffr::expect_doppelganger(
    "test subspace", autoplot(sweep, ablation = "test_subspace")
  )
  vdiffr::expect_doppelganger(
    "no residuals", autoplot(sweep, ablation = "no_residuals")
  )
  vdiffr::expect_doppelganger("modes", autoplot(modes))
})

test_that("several datasets look as they did", {
  skip_if_memcheck()
  skip_if_not_installed("vdiffr")
  sweeps <- lapply(c("diabetes", "student_teacher"), function(name) {
    d <- dd_data(name)
    dd_sweep(d$x, d$y, repeats = 3, seed = 1, dataset = name,
             progress = FALSE)
  })
  sweep <- do.call(rbind, sweeps)
  vdiffr::expect_doppelganger("mse two datasets", autoplot(sweep))
})
