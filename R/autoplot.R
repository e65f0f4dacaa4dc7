#' @importFrom ggplot2 autoplot
#' @export
ggplot2::autoplot

#' @importFrom rlang .data
NULL

# Columns a sweep must have to be summarised or plotted, and the quantities
# summarised across repeats. The residual projection is summarised by its
# absolute value: its sign follows the arbitrary sign of the singular vector.
sweep_key_columns <- c("dataset", "ablation", "level", "n_params", "n_train")
sweep_quantities <- c(
  "train_mse", "test_mse", "min_singular_value", "test_bias_sq",
  "min_mode_inv_sv", "min_mode_test_proj_sq", "min_mode_abs_resid_proj"
)

# Medians (and band edges) below this fraction of a panel's scale are zero up
# to rounding: an interpolating fit has no training error and, at or above the
# threshold, no test bias. A log axis cannot show them.
log_floor_fraction <- 1e-10

ratio_label <- "Parameters / training rows (P/N)"
single_colour <- "#2C5F8A"

#' Summarise a sweep across its repeats
#'
#' Collapses the repeats of a [dd_sweep()] result into the median and a
#' central quantile interval, for every dataset, ablation, ablation level and
#' number of training rows. These are the numbers that [autoplot.dd_sweep()]
#' draws.
#'
#' Quantiles are those of [stats::quantile()] with its default `type = 7`, so
#' `median` equals [stats::median()] of the same values. Missing values are
#' left out; infinite values are kept.
#'
#' @param object A data frame from [dd_sweep()], or any data frame with its
#'   columns (several sweeps bound with [rbind()] included).
#' @param band Coverage of the interval across repeats, a number in (0, 1).
#'   The default `0.95` spans the 2.5% and 97.5% quantiles.
#'
#' @return A data frame with one row per dataset, ablation, level, number of
#'   training rows and quantity, and the columns:
#'   * `dataset` (chr), `ablation` (chr), `level` (dbl), `n_params` (int),
#'     `n_train` (int), `ratio` (dbl, `n_params / n_train`), as in the sweep.
#'   * `quantity` (chr): one of `"train_mse"`, `"test_mse"`,
#'     `"min_singular_value"`, `"test_bias_sq"`, `"min_mode_inv_sv"`,
#'     `"min_mode_test_proj_sq"` and `"min_mode_abs_resid_proj"` (the absolute
#'     value of the sweep's `min_mode_resid_proj`).
#'   * `median`, `lower`, `upper` (dbl): the median and the `(1 - band) / 2`
#'     and `(1 + band) / 2` quantiles across repeats.
#'   * `n` (int): the number of repeats with a non-missing value.
#'
#'   Rows are ordered by quantity, dataset (in order of appearance), ablation,
#'   level and number of training rows.
#'
#' @family plots
#' @export
#' @examples
#' d <- dd_data("diabetes")
#' sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes")
#' summary <- dd_summarise(sweep, band = 0.9)
#' head(summary[summary$quantity == "test_mse", ])
dd_summarise <- function(object, band = 0.95) {
  check_sweep_columns(object)
  check_band(band)
  object <- as.data.frame(object)
  object$min_mode_abs_resid_proj <- abs(object$min_mode_resid_proj)

  keys <- unique(object[sweep_key_columns])
  keys <- keys[order_keys(keys, unique(object$dataset)), , drop = FALSE]
  group <- match(key_strings(object), key_strings(keys))
  probs <- c(0.5, (1 - band) / 2, (1 + band) / 2)

  pieces <- lapply(sweep_quantities, function(quantity) {
    q <- group_quantiles(object[[quantity]], group, nrow(keys), probs)
    data.frame(
      dataset = as.character(keys$dataset),
      ablation = as.character(keys$ablation),
      level = as.double(keys$level),
      n_params = as.integer(keys$n_params),
      n_train = as.integer(keys$n_train),
      ratio = keys$n_params / keys$n_train,
      quantity = quantity,
      median = q$values[, 1],
      lower = q$values[, 2],
      upper = q$values[, 3],
      n = q$n
    )
  })
  out <- do.call(rbind, pieces)
  rownames(out) <- NULL
  out
}

check_sweep_columns <- function(object, arg = rlang::caller_arg(object),
                                call = rlang::caller_env()) {
  if (!is.data.frame(object)) {
    abort_input(
      c(
        "{.arg {arg}} must be a data frame from {.fn dd_sweep}.",
        "x" = "It is {.obj_type_friendly {object}}."
      ),
      call = call
    )
  }
  needed <- c(
    sweep_key_columns, "rep",
    setdiff(sweep_quantities, "min_mode_abs_resid_proj"),
    "min_mode_resid_proj"
  )
  missing <- setdiff(needed, names(object))
  if (length(missing) > 0) {
    abort_input(
      c(
        "{.arg {arg}} must have the columns of a {.fn dd_sweep} result.",
        "x" = "Missing column{?s}: {.field {missing}}."
      ),
      call = call
    )
  }
  invisible(object)
}

check_band <- function(band, arg = rlang::caller_arg(band),
                       call = rlang::caller_env()) {
  ok <- is.numeric(band) && length(band) == 1 && !is.na(band) &&
    band > 0 && band < 1
  if (!ok) {
    abort_input(
      c(
        "{.arg {arg}} must be a single number between 0 and 1.",
        "i" = "For example {.code band = 0.95} for the central 95%."
      ),
      call = call
    )
  }
  invisible(band)
}

# Datasets keep their order of appearance; ablations their natural order.
order_keys <- function(keys, datasets) {
  ablation_rank <- match(keys$ablation, ablation_names)
  ablation_rank[is.na(ablation_rank)] <- length(ablation_names) + 1
  order(
    match(keys$dataset, datasets), ablation_rank, keys$ablation,
    keys$n_params, keys$level, keys$n_train,
    na.last = TRUE
  )
}

key_strings <- function(data) {
  do.call(paste, c(lapply(data[sweep_key_columns], as.character), sep = "\r"))
}

# Type 7 quantiles of `value` within each of `n_groups` groups, for all groups
# at once: sort by group and value, then interpolate between order statistics
# as stats::quantile() does, including its rule of not interpolating between
# equal neighbours (which keeps infinite values from turning into NaN).
group_quantiles <- function(value, group, n_groups, probs) {
  keep <- !is.na(value)
  value <- value[keep]
  group <- group[keep]
  sorted <- order(group, value)
  value <- value[sorted]
  group <- group[sorted]

  n <- tabulate(group, nbins = n_groups)
  offset <- cumsum(n) - n
  filled <- n > 0
  out <- matrix(NA_real_, n_groups, length(probs))

  for (j in seq_along(probs)) {
    index <- 1 + (n[filled] - 1) * probs[j]
    lo <- floor(index)
    hi <- ceiling(index)
    below <- value[offset[filled] + lo]
    above <- value[offset[filled] + hi]
    h <- index - lo
    mix <- h > 0 & above != below
    q <- below
    q[mix] <- (1 - h[mix]) * below[mix] + h[mix] * above[mix]
    out[filled, j] <- q
  }

  list(values = out, n = n)
}

#' Plot a sweep across the interpolation threshold
#'
#' Draws the figures of Schaeffer et al. (2023) from a [dd_sweep()] result:
#' a quantity against the ratio of parameters to training rows, P/N, on log
#' axes, with the median over repeats as a line, a ribbon over the central
#' `band` of repeats and a dashed line at the interpolation threshold,
#' P/N = 1. Several datasets (sweeps bound with [rbind()]) get one panel each.
#' `plot()` prints the figure and returns it invisibly.
#'
#' The figure types are
#' * `"mse"`: training and test mean squared error (Figure 1 of the paper).
#'   With `ablation`, the test error of the ablated fits instead: one curve
#'   per singular value cutoff (`"sv_cutoff"`, Figure 2), per number of
#'   leading singular modes the test features are projected on
#'   (`"test_subspace"`, Figure 3), or the fit without residuals against the
#'   unablated one (`"no_residuals"`, Figure 4). The sweep must have been run
#'   with that ablation.
#' * `"min_singular_value"`: the smallest non-zero singular value of the
#'   training features (Figure 5).
#' * `"test_bias_sq"`: the squared bias term of the test error.
#' * `"factors"`: the three factors of the variance term at the smallest
#'   non-zero singular mode: the inverse singular value, the mean squared
#'   projection of the test features on that mode, and the absolute
#'   projection of the training residuals of the ideal fit on it.
#'
#' With `"sv_cutoff"` and `"test_subspace"` there is one curve per level and
#' only the medians are drawn: the bands of neighbouring levels would overlap
#' and hide them. [dd_summarise()] has the band edges.
#'
#' A log axis cannot show zeros. Training error below the threshold and test
#' bias above it are zero up to rounding; medians smaller than `1e-10` times
#' a panel's scale (its 90% quantile of positive medians) are therefore not
#' drawn, ribbons are cut at that floor, and the caption says so.
#' [dd_summarise()] returns every number, and the plot's `data` keeps the
#' dropped rows with `on_log_scale = FALSE`.
#'
#' @param object,x A data frame from [dd_sweep()].
#' @param type The figure to draw, see Details.
#' @param ablation `NULL` for the unablated fits, or one of `"sv_cutoff"`,
#'   `"test_subspace"` and `"no_residuals"` (with `type = "mse"` only).
#' @param band Coverage of the ribbon across repeats, in (0, 1).
#' @param ... Passed from `plot()` to `autoplot()`; must be empty for
#'   `autoplot()`.
#'
#' @return A ggplot object. Its `data` holds the rows of [dd_summarise()] that
#'   it shows, with a `floor` and an `on_log_scale` column.
#'
#' @inherit mn_fit references
#' @family plots
#' @method autoplot dd_sweep
#' @export
#' @examples
#' d <- dd_data("diabetes")
#' sweep <- dd_sweep(d$x, d$y, repeats = 5, seed = 1, dataset = "diabetes",
#'                   ablations = "sv_cutoff")
#' autoplot(sweep)
#' autoplot(sweep, type = "factors")
#' autoplot(sweep, ablation = "sv_cutoff")
autoplot.dd_sweep <- function(object,
                              type = c(
                                "mse", "min_singular_value", "test_bias_sq",
                                "factors"
                              ),
                              ablation = NULL, band = 0.95, ...) {
  rlang::check_dots_empty()
  type <- rlang::arg_match(type)
  check_sweep_columns(object)
  check_band(band)
  if (!is.null(ablation)) {
    ablation <- rlang::arg_match(
      ablation, c("sv_cutoff", "test_subspace", "no_residuals")
    )
    if (type != "mse") {
      abort_input(
        c(
          "{.arg ablation} is only drawn with {.code type = \"mse\"}.",
          "x" = "{.arg type} is {.val {type}}."
        )
      )
    }
  }
  check_has_ablation(object, ablation %||% "none")

  repeats <- length(unique(object$rep))
  if (is.null(ablation)) {
    summary <- dd_summarise(object[object$ablation == "none", ], band)
    switch(type,
      mse = plot_mse(summary, repeats, band),
      min_singular_value = plot_single(
        summary, "min_singular_value", "Smallest non-zero singular value",
        repeats, band
      ),
      test_bias_sq = plot_single(
        summary, "test_bias_sq", "Test bias squared (mean over test rows)",
        repeats, band
      ),
      factors = plot_factors(summary, repeats, band)
    )
  } else if (ablation == "no_residuals") {
    check_has_ablation(object, "none")
    rows <- object$ablation %in% c("none", ablation)
    plot_no_residuals(dd_summarise(object[rows, ], band), repeats, band)
  } else {
    summary <- dd_summarise(object[object$ablation == ablation, ], band)
    plot_levels(summary, ablation, repeats)
  }
}

check_has_ablation <- function(object, ablation, call = rlang::caller_env()) {
  if (any(object$ablation == ablation)) {
    return(invisible(object))
  }
  hint <- if (ablation == "none") {
    "Every {.fn dd_sweep} result has them; keep them when subsetting."
  } else {
    "Run {.fn dd_sweep} with {.code ablations = \"{ablation}\"}
     (or {.code \"all\"})."
  }
  abort_input(
    c(
      "The sweep has no rows with ablation {.val {ablation}}.",
      "i" = hint
    ),
    call = call
  )
}

#' @rdname autoplot.dd_sweep
#' @export
plot.dd_sweep <- function(x, ...) {
  p <- autoplot(x, ...)
  print(p)
  invisible(p)
}

plot_mse <- function(summary, repeats, band) {
  data <- summary[summary$quantity %in% c("train_mse", "test_mse"), ]
  plot_pair(
    data, "split", data$quantity == "train_mse", c("Train", "Test"),
    repeats, band,
    colours = ggplot2::scale_colour_manual(
      values = c(Train = "#1B7837", Test = "#762A83"),
      aesthetics = c("colour", "fill")
    ),
    y = "Mean squared error", legend = "Split"
  )
}

# Two curves per panel with their bands: in the new factor `column`, rows
# where `is_first` holds are labelled names[1], the others names[2].
plot_pair <- function(data, column, is_first, names, repeats, band, colours,
                      y, legend) {
  data[[column]] <- factor(
    ifelse(is_first, names[1], names[2]),
    levels = names
  )
  data <- mark_log_floor(data, panel = "dataset")
  sweep_canvas(data, column, repeats, band) +
    colours +
    ggplot2::labs(y = y, colour = legend, fill = legend)
}

plot_single <- function(summary, quantity, label, repeats, band) {
  data <- summary[summary$quantity == quantity, ]
  data <- mark_log_floor(data, panel = "dataset")
  sweep_canvas(data, NULL, repeats, band) + ggplot2::labs(y = label)
}

factor_labels <- c(
  min_mode_inv_sv = "1 / smallest singular value",
  min_mode_test_proj_sq = "Test projection, squared",
  min_mode_abs_resid_proj = "|Residual projection|"
)

plot_factors <- function(summary, repeats, band) {
  data <- summary[summary$quantity %in% names(factor_labels), ]
  data$factor <- factor(
    factor_labels[data$quantity],
    levels = factor_labels
  )
  data <- mark_log_floor(data, panel = c("dataset", "factor"))
  datasets <- unique(data$dataset)
  facets <- if (length(datasets) > 1) {
    ggplot2::facet_wrap(
      ggplot2::vars(.data$dataset, .data$factor),
      ncol = 3, scales = "free_y",
      labeller = ggplot2::labeller(dataset = dataset_label)
    )
  } else {
    ggplot2::facet_wrap(ggplot2::vars(.data$factor), nrow = 1,
                        scales = "free_y")
  }
  what <- "factors at the smallest non-zero singular mode"
  sweep_canvas(data, NULL, repeats, band, facets = facets) +
    ggplot2::labs(
      y = "Factor value",
      subtitle = if (length(datasets) == 1) {
        paste0(dataset_label(datasets), ": ", what)
      } else {
        paste0("The three ", what)
      }
    )
}

# One curve per ablation level: bands of neighbouring levels overlap and hide
# the medians, so these figures draw the medians only.
plot_levels <- function(summary, ablation, repeats) {
  data <- summary[summary$quantity == "test_mse", ]
  data <- mark_log_floor(data, panel = "dataset")
  # Discrete legends in both figures: neighbouring levels must be told
  # apart, which a colour bar does not allow.
  levels <- sort(unique(data$level))
  labels <- trimws(formatC(levels, digits = 2, format = "g"))
  data$setting <- factor(match(data$level, levels), labels = labels)
  colours <- ggplot2::scale_colour_viridis_d(
    end = 0.9, guide = ggplot2::guide_legend(nrow = 1)
  )
  title <- if (ablation == "sv_cutoff") {
    "Singular value cutoff"
  } else {
    "Leading modes kept"
  }
  sweep_canvas(data, "setting", repeats, band = NULL) +
    colours +
    ggplot2::labs(y = "Test mean squared error", colour = title)
}

plot_no_residuals <- function(summary, repeats, band) {
  data <- summary[summary$quantity == "test_mse", ]
  plot_pair(
    data, "setting", data$ablation == "none", c("None", "Residuals removed"),
    repeats, band,
    colours = ggplot2::scale_colour_viridis_d(
      end = 0.6, direction = -1, aesthetics = c("colour", "fill")
    ),
    y = "Test mean squared error", legend = "Ablation"
  )
}

# Flags the rows a log axis can show. The scale of a panel is the 90% quantile
# of its positive medians: high enough to ignore a curve that is zero over
# half the panel, low enough not to be set by the spike at the threshold.
mark_log_floor <- function(data, panel, value = "median") {
  key <- do.call(paste, c(lapply(data[panel], as.character), sep = "\r"))
  x <- data[[value]]
  positive <- is.finite(x) & x > 0
  scale <- tapply(x[positive], key[positive], stats::quantile, probs = 0.9,
                  names = FALSE)
  data$floor <- log_floor_fraction * as.vector(scale[key])
  data$on_log_scale <- positive & !is.na(data$floor) & x >= data$floor
  data
}

# The rows to draw, with ribbons cut at the floor rather than sent to zero.
drawn_rows <- function(data) {
  data <- data[data$on_log_scale, , drop = FALSE]
  if (!is.null(data$lower)) {
    data$lower <- pmax(data$lower, data$floor)
    data$upper <- pmax(data$upper, data$lower)
  }
  data
}

sweep_canvas <- function(data, colour, repeats, band, facets = NULL,
                         ribbon_alpha = 0.2) {
  data$dataset <- factor(data$dataset, levels = unique(data$dataset))
  if (is.null(facets) && nlevels(data$dataset) > 1) {
    facets <- ggplot2::facet_wrap(
      ggplot2::vars(.data$dataset), scales = "free_y",
      labeller = ggplot2::as_labeller(dataset_label)
    )
  }
  subtitle <- if (nlevels(data$dataset) == 1) {
    dataset_label(levels(data$dataset))
  }

  if (is.null(colour)) {
    curves <- list(
      ggplot2::geom_ribbon(
        ggplot2::aes(x = .data$ratio, ymin = .data$lower, ymax = .data$upper),
        data = drawn_rows, alpha = ribbon_alpha, colour = NA,
        fill = single_colour
      ),
      ggplot2::geom_line(
        ggplot2::aes(x = .data$ratio, y = .data$median),
        data = drawn_rows, linewidth = 0.7, colour = single_colour
      )
    )
  } else {
    curves <- list(
      ggplot2::geom_ribbon(
        ggplot2::aes(
          x = .data$ratio, ymin = .data$lower, ymax = .data$upper,
          fill = .data[[colour]], group = .data[[colour]]
        ),
        data = drawn_rows, alpha = ribbon_alpha, colour = NA
      ),
      ggplot2::geom_line(
        ggplot2::aes(x = .data$ratio, y = .data$median,
                     colour = .data[[colour]], group = .data[[colour]]),
        data = drawn_rows, linewidth = 0.7
      )
    )
  }
  if (is.null(band)) {
    curves <- curves[-1]
  }

  ggplot2::ggplot(data) +
    curves +
    ggplot2::geom_vline(xintercept = 1, linetype = "dashed",
                        colour = "grey35") +
    ggplot2::scale_x_log10(breaks = ratio_breaks, labels = as.character) +
    ggplot2::scale_y_log10() +
    ggplot2::expand_limits(x = range(data$ratio)) +
    facets +
    ggplot2::labs(
      x = ratio_label, subtitle = subtitle,
      caption = sweep_caption(data, repeats, band)
    ) +
    dd_theme()
}

sweep_caption <- function(data, repeats, band) {
  lines <- c(
    sprintf(
      "Line: median over %d repeat%s%s.",
      repeats, if (repeats == 1) "" else "s",
      if (is.null(band)) "" else {
        sprintf("; band: central %s%% of repeats", format(100 * band))
      }
    ),
    "Dashed line: interpolation threshold, P = N."
  )
  if (any(!data$on_log_scale)) {
    lines <- c(lines, "Values that are zero up to rounding are not drawn.")
  }
  paste(lines, collapse = "\n")
}

dd_theme <- function() {
  ggplot2::theme_bw(base_size = 11) +
    ggplot2::theme(
      legend.position = "bottom",
      strip.background = ggplot2::element_rect(fill = "grey92"),
      plot.caption = ggplot2::element_text(hjust = 0, colour = "grey30"),
      panel.grid.minor = ggplot2::element_blank()
    )
}

dataset_names <- c(
  student_teacher = "Student-teacher",
  diabetes = "Diabetes",
  california_housing = "California housing",
  who_life_expectancy = "WHO life expectancy"
)

dataset_label <- function(x) {
  x <- as.character(x)
  known <- x %in% names(dataset_names)
  x[known] <- dataset_names[x[known]]
  x
}

#' Plot the three factors of each singular mode
#'
#' Draws, for each singular mode of the training features in a [dd_modes()]
#' result, the three factors whose product is the mode's variance term: the
#' inverse singular value, the mean squared projection of the test features
#' on the mode and the absolute projection of the training residuals on it.
#' Modes are numbered from the largest singular value; the y axes are
#' logarithmic, so factors that are exactly zero are not drawn.
#' `plot()` prints the figure and returns it invisibly.
#'
#' @param object,x A data frame from [dd_modes()].
#' @param ... Passed from `plot()` to `autoplot()`; must be empty for
#'   `autoplot()`.
#'
#' @return A ggplot object whose `data` has the columns `mode`, `factor`
#'   (the factor's label), `value`, `floor` and `on_log_scale`.
#' @family plots
#' @method autoplot dd_modes
#' @export
#' @examples
#' d <- dd_data("diabetes")
#' train <- 1:10
#' modes <- dd_modes(d$x[train, ], d$y[train], d$x[-train, ], d$y[-train])
#' autoplot(modes)
autoplot.dd_modes <- function(object, ...) {
  rlang::check_dots_empty()
  needed <- c("mode", "inv_singular_value", "test_proj_sq", "resid_proj")
  missing <- setdiff(needed, names(object))
  if (!is.data.frame(object) || length(missing) > 0) {
    abort_input(
      c(
        "{.arg object} must be a data frame from {.fn dd_modes}.",
        "x" = "Missing column{?s}: {.field {missing}}."
      )
    )
  }

  labels <- c(
    inv_singular_value = "1 / singular value",
    test_proj_sq = "Test projection, squared",
    abs_resid_proj = "|Residual projection|"
  )
  values <- list(
    object$inv_singular_value, object$test_proj_sq, abs(object$resid_proj)
  )
  data <- data.frame(
    mode = rep(object$mode, times = 3),
    factor = factor(rep(labels, each = nrow(object)), levels = labels),
    value = unlist(values)
  )
  data <- mark_log_floor(data, panel = "factor", value = "value")

  ggplot2::ggplot(data, ggplot2::aes(x = .data$mode, y = .data$value)) +
    ggplot2::geom_line(data = drawn_rows, colour = single_colour,
                       linewidth = 0.6) +
    ggplot2::geom_point(data = drawn_rows, colour = single_colour, size = 1.8) +
    ggplot2::facet_wrap(ggplot2::vars(.data$factor), nrow = 1,
                        scales = "free_y") +
    ggplot2::scale_x_continuous(breaks = integer_breaks) +
    ggplot2::scale_y_log10() +
    ggplot2::labs(
      x = "Singular mode (1 = largest singular value)",
      y = "Factor value",
      caption = if (any(!data$on_log_scale)) {
        "Values that are zero up to rounding are not drawn."
      }
    ) +
    dd_theme()
}

#' @rdname autoplot.dd_modes
#' @export
plot.dd_modes <- function(x, ...) {
  p <- autoplot(x, ...)
  print(p)
  invisible(p)
}

# 1-2-5 steps per decade, or whole decades when the axis spans many.
ratio_breaks <- function(limits) {
  decades <- seq(floor(log10(limits[1])), ceiling(log10(limits[2])))
  steps <- if (length(decades) > 4) 1 else c(1, 2, 5)
  breaks <- as.vector(outer(steps, 10^decades))
  breaks[breaks >= limits[1] & breaks <= limits[2]]
}

integer_breaks <- function(limits) {
  breaks <- pretty(limits)
  unique(breaks[breaks == round(breaks)])
}
