#' Reproduce every figure of the vignettes
#'
#' Runs the sweeps behind the two vignettes, `vignette("divergence")` and
#' `vignette("ablations")`, and writes each of their figures into `dir` as a
#' PNG file together with the data it draws as a CSV file. The sweep covers
#' the datasets of Schaeffer et al. (2023) with every ablation, the default
#' training sizes of [dd_sweep()] (1 to `max(40, 2 * P)` rows) and `repeats`
#' random row orders; the mode-by-mode figure trains on P random rows of the
#' diabetes data (the interpolation threshold) and tests on the rest.
#'
#' Files written, each figure as `<name>.png` and `<name>.csv`:
#' * `divergence_mse`: training and test error (Figure 1 of the paper);
#' * `divergence_min_singular_value`: smallest non-zero singular value
#'   (Figure 5);
#' * `divergence_test_bias_sq`: squared test bias;
#' * `divergence_factors`: the three factors at the smallest non-zero mode;
#' * `divergence_modes`: the three factors of every mode of one fit;
#' * `ablation_sv_cutoff`, `ablation_test_subspace`, `ablation_no_residuals`:
#'   the three ablations (Figures 2 to 4);
#' * `sweep.csv`: the whole sweep, one row per repeat, training size,
#'   ablation and level, as returned by [dd_sweep()].
#'
#' The CSV files of the figures hold the plots' data: the rows of
#' [dd_summarise()] behind each curve (with the `floor` and `on_log_scale`
#' columns described in [autoplot.dd_sweep()]), or the long form of the
#' [dd_modes()] result.
#'
#' @param dir Folder to write into; created (with its parents) if missing.
#'   Existing files of the same names are overwritten.
#' @param repeats Number of random row orders per dataset.
#' @param seed Seed of the row orders, as in [dd_sweep()]; the caller's
#'   random number stream is left as it was.
#' @param progress Show a progress bar while sweeping.
#' @param datasets Names of the datasets to sweep, see [dd_data()]. The mode
#'   figure uses `"diabetes"` when it is among them, else the first one.
#'
#' @return The paths of the files written, invisibly: a named character
#'   vector, names as in the list above (`"sweep"` for the whole sweep).
#' @family plots
#' @export
#' @examplesIf interactive()
#' # A quick run with 5 repeats (the paper uses 50).
#' files <- dd_reproduce(tempfile("dd-figures"), repeats = 5)
#' basename(files)
dd_reproduce <- function(dir, repeats = 50, seed = 1,
                         progress = interactive(),
                         datasets = c(
                           "student_teacher", "diabetes",
                           "california_housing", "who_life_expectancy"
                         )) {
  if (!rlang::is_string(dir) || !nzchar(dir)) {
    abort_input("{.arg dir} must be a single, non-empty path.")
  }
  repeats <- check_whole(repeats, 1, Inf, what = "at least one")
  check_flag(progress)
  datasets <- check_reproduce_datasets(datasets)

  sweep <- reproduce_sweep(datasets, repeats, seed, progress)
  modes_dataset <- if ("diabetes" %in% datasets) "diabetes" else datasets[1]
  modes <- reproduce_modes(modes_dataset, seed)
  figures <- reproduce_figures(sweep, modes)

  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  if (!dir.exists(dir)) {
    abort_input("Can't create the folder {.path {dir}}.")
  }
  paths <- character()
  for (name in names(figures)) {
    plot <- figures[[name]]
    png <- file.path(dir, paste0(name, ".png"))
    csv <- file.path(dir, paste0(name, ".csv"))
    ggplot2::ggsave(
      png, plot,
      width = 9, height = figure_height(plot), units = "in", dpi = 150
    )
    utils::write.csv(as.data.frame(plot$data), csv, row.names = FALSE)
    paths[paste0(name, c("_png", "_csv"))] <- c(png, csv)
  }
  paths["sweep"] <- file.path(dir, "sweep.csv")
  utils::write.csv(as.data.frame(sweep), paths[["sweep"]], row.names = FALSE)

  cli::cli_inform(c(
    "v" = "Wrote {length(figures)} figure{?s} (PNG + CSV) and the sweep
           ({nrow(sweep)} rows) to {.path {dir}}:",
    rlang::set_names(basename(paths), rep("*", length(paths)))
  ))
  invisible(paths)
}

reproduce_dataset_names <- c(
  "student_teacher", "diabetes", "california_housing", "who_life_expectancy"
)

check_reproduce_datasets <- function(datasets, call = rlang::caller_env()) {
  ok <- is.character(datasets) && length(datasets) > 0 && !anyNA(datasets)
  unknown <- if (ok) setdiff(datasets, reproduce_dataset_names)
  if (!ok || length(unknown) > 0) {
    abort_input(
      c(
        "{.arg datasets} must name shipped datasets.",
        "x" = if (length(unknown) > 0) "Unknown: {.val {unknown}}.",
        "i" = "Use any of {.or {.val {reproduce_dataset_names}}}."
      ),
      call = call
    )
  }
  unique(datasets)
}

reproduce_sweep <- function(datasets, repeats, seed, progress) {
  sweeps <- lapply(datasets, function(name) {
    data <- dd_data(name)
    dd_sweep(
      data$x, data$y,
      repeats = repeats, seed = seed, ablations = "all", dataset = name,
      progress = progress
    )
  })
  do.call(rbind, sweeps)
}

# Training on exactly P rows puts the fit at the interpolation threshold,
# where the smallest singular value is at its smallest.
reproduce_modes <- function(name, seed) {
  data <- dd_data(name)
  order <- draw_splits(nrow(data$x), 1, seed)[[1]]
  train <- order[seq_len(ncol(data$x))]
  modes <- dd_modes(
    data$x[train, , drop = FALSE], data$y[train],
    data$x[-train, , drop = FALSE], data$y[-train]
  )
  attr(modes, "subtitle") <- sprintf(
    "%s: %d training rows for %d parameters, %d test rows",
    dataset_label(name), length(train), ncol(data$x),
    nrow(data$x) - length(train)
  )
  modes
}

reproduce_figures <- function(sweep, modes) {
  list(
    divergence_mse = autoplot(sweep, type = "mse"),
    divergence_min_singular_value = autoplot(
      sweep,
      type = "min_singular_value"
    ),
    divergence_test_bias_sq = autoplot(sweep, type = "test_bias_sq"),
    divergence_factors = autoplot(sweep, type = "factors"),
    divergence_modes = autoplot(modes) +
      ggplot2::labs(subtitle = attr(modes, "subtitle")),
    ablation_sv_cutoff = autoplot(sweep, ablation = "sv_cutoff"),
    ablation_test_subspace = autoplot(sweep, ablation = "test_subspace"),
    ablation_no_residuals = autoplot(sweep, ablation = "no_residuals")
  )
}

# Inches: room for the title, legend and caption, plus a fixed height per
# row of panels.
figure_height <- function(plot) {
  rows <- max(ggplot2::ggplot_build(plot)$layout$layout$ROW)
  1.8 + 2.5 * rows
}
