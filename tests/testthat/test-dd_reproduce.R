test_that("dd_reproduce() writes every figure, its data and the sweep", {
  skip_if_memcheck()
  dir <- file.path(withr::local_tempdir(), "nested", "figures")
  expect_message(
    paths <- dd_reproduce(dir, repeats = 2, seed = 3, progress = FALSE),
    "Wrote 8 figures"
  )

  figures <- c(
    "divergence_mse", "divergence_min_singular_value",
    "divergence_test_bias_sq", "divergence_factors", "divergence_modes",
    "ablation_sv_cutoff", "ablation_test_subspace", "ablation_no_residuals"
  )
  expected <- c(
    as.vector(rbind(paste0(figures, ".png"), paste0(figures, ".csv"))),
    "sweep.csv"
  )
  expect_identical(unname(basename(paths)), expected)
  expect_identical(sort(list.files(dir)), sort(expected))
  expect_identical(
    names(paths),
    c(as.vector(rbind(paste0(figures, "_png"), paste0(figures, "_csv"))),
      "sweep")
  )

  # PNG files 9 inches wide at 150 dpi: the width sits in bytes 17 to 20.
  for (png in paths[grepl("png$", paths)]) {
    bytes <- readBin(png, "raw", n = 24)
    expect_identical(bytes[2:4], charToRaw("PNG"))
    width <- sum(as.integer(bytes[17:20]) * 256^(3:0))
    expect_identical(width, 1350)
  }

  # The sweep CSV holds the same numbers as the same sweeps run directly
  # (written with 15 significant digits, hence the tolerance).
  direct <- do.call(rbind, lapply(
    c("student_teacher", "diabetes", "california_housing",
      "who_life_expectancy"),
    function(name) {
      d <- dd_data(name)
      dd_sweep(d$x, d$y, repeats = 2, seed = 3, ablations = "all",
               dataset = name, progress = FALSE)
    }
  ))
  written <- utils::read.csv(paths[["sweep"]])
  expect_identical(names(written), names(direct))
  expect_identical(nrow(written), nrow(direct))
  expect_identical(written$dataset, direct$dataset)
  expect_equal(written$test_mse, direct$test_mse, tolerance = 1e-13)
  expect_equal(written$min_mode_resid_proj, direct$min_mode_resid_proj,
               tolerance = 1e-13)

  # A figure's CSV is the plot's data.
  mse <- utils::read.csv(paths[["divergence_mse_csv"]])
  plot <- autoplot(direct, type = "mse")
  expect_identical(nrow(mse), nrow(plot$data))
  expect_equal(mse$median, plot$data$median, tolerance = 1e-13)
  expect_identical(mse$on_log_scale, plot$data$on_log_scale)
  expect_setequal(mse$dataset, unique(direct$dataset))
})

test_that("dd_reproduce() can run on fewer datasets", {
  skip_if_memcheck()
  dir <- withr::local_tempdir()
  paths <- suppressMessages(
    dd_reproduce(dir, repeats = 1, datasets = "california_housing")
  )
  modes <- utils::read.csv(paths[["divergence_modes_csv"]])
  # The mode figure falls back on the only dataset: 8 modes, 3 factors.
  expect_identical(nrow(modes), 8L * 3L)
  written <- utils::read.csv(paths[["sweep"]])
  expect_setequal(written$dataset, "california_housing")
  expect_identical(unique(written$rep), 1L)
})

test_that("dd_reproduce() checks its arguments", {
  dir <- withr::local_tempdir()
  expect_error(dd_reproduce(c(dir, dir)), class = "doubledescent_error_input")
  expect_error(dd_reproduce(dir, repeats = 0),
               class = "doubledescent_error_input")
  expect_snapshot(error = TRUE, {
    dd_reproduce(dir, datasets = c("diabetes", "iris"))
    dd_reproduce(NA_character_)
  })
  expect_identical(list.files(dir), character())
})
