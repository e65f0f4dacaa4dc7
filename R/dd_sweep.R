#' Sweep the number of training rows across the interpolation threshold
#'
#' For each repeat, the rows are put in a random order; for each training
#' size `n` the first `n` rows of that order train a minimum-norm
#' least-squares fit ([mn_fit()]) and every remaining row tests it. Training
#' sets are therefore nested within a repeat, as in Schaeffer et al. (2023).
#' The whole double loop runs in C with one singular value decomposition per
#' (repeat, size), shared by the unablated fit and every ablation level.
#'
#' @section What is computed:
#' With \eqn{X = U S V^\top}{X = U S V'} the training features and
#' \eqn{\beta^*}{beta*} the least-squares fit on all rows, the test error
#' splits into a bias term
#' \eqn{x_{test} \cdot (X^+ X - I)\beta^*}{x_test . (X^+ X - I) beta*}
#' and, per mode r, a variance term
#' \eqn{(x_{test} \cdot v_r)(u_r \cdot E)/s_r}{(x_test . v_r)(u_r . E) / s_r}
#' with \eqn{E = y - X\beta^*}{E = y - X beta*} (see [dd_modes()]). The
#' columns below report the errors and these factors at the smallest
#' non-zero singular value (listed under Value).
#'
#' @section Ablations:
#' * `"sv_cutoff"`: for each value `c` of `cutoffs`, singular values of the
#'   training features at or below `c` are dropped from the fit (both its
#'   training and its test errors change). The cutoffs are absolute, as in
#'   the paper, so this ablation is not invariant to the scale of the
#'   features: that is by design.
#' * `"test_subspace"`: for each `k` of `modes`, the test features are
#'   projected onto the span of the leading `k` right singular vectors of
#'   the training features before predicting with the unablated fit; the
#'   training error is that of the unablated fit. When the training rank is
#'   below `k`, every mode is kept and the row equals the unablated one.
#' * `"no_residuals"`: the targets of all rows are replaced by
#'   \eqn{x \cdot \beta^*}{x . beta*}, so that the best linear model has no
#'   residual; both errors are measured against those targets. For
#'   `n >= P` (full rank) the test error is at rounding level.
#'
#' @section Accuracy and speed:
#' Test errors are obtained without visiting the test rows: with the
#' Householder QR factorisation \eqn{X_{all} = QR}{X_all = QR} of all rows,
#' the sum of squared errors over all rows of any coefficient vector is
#' \eqn{\|R b - Q^\top t\|^2 + \|(I - QQ^\top) t\|^2}{||R b - Q't||^2 +
#' ||(I - QQ')t||^2}, and the training rows' share is subtracted. A
#' first-order bound on the rounding error of that subtraction is checked
#' for every value; where it exceeds `1e-10` relative (and `1e-12 var(y)`
#' absolute), the value is recomputed over the test rows instead.
#'
#' @param x A numeric matrix or a data frame of numeric columns: all rows,
#'   training and test.
#' @param y A numeric vector of targets, one per row of `x`.
#' @param n_train Training sizes to sweep, whole numbers between 1 and
#'   `nrow(x) - 1`. The default is `1:min(nrow(x) - 1, max(40, 2 * ncol(x)))`.
#' @param repeats Number of random row orders, a whole number >= 1. Ignored
#'   when `splits` is given.
#' @param splits Optional list of row orders, one integer vector per repeat,
#'   each with distinct row indices and at least `max(n_train)` of them; the
#'   first `n` train, all rows not among them test.
#' @param seed Optional seed for the row orders, a whole number. The same
#'   seed gives the same sweep, drawn with R's default generators whatever
#'   [RNGkind()] says; the caller's random number stream is left as it was.
#'   With `NULL` the current stream is used.
#' @param ablations Ablations to add: any of `"sv_cutoff"`,
#'   `"test_subspace"`, `"no_residuals"`, or `"all"`. The unablated rows
#'   (`ablation == "none"`) are always included.
#' @param cutoffs Absolute singular value cutoffs of the `sv_cutoff`
#'   ablation.
#' @param modes Numbers of leading modes kept by the `test_subspace`
#'   ablation, between 1 and the rank of `x`. The default is
#'   `1:min(10, rank)`.
#' @param tol Rank tolerance of every fit, as in [mn_fit()].
#' @param dataset A label stored in the `dataset` column, to tell sweeps
#'   apart once they are bound together with [rbind()].
#' @param parallel If `TRUE`, the repeats are spread over the workers of the
#'   current [future::plan()] (needs the future.apply package). The result
#'   is identical, bit for bit, to the sequential one. Starting workers
#'   takes seconds, so this pays off only for sweeps that run longer than
#'   that (large P or many repeats); the paper's sweeps take under a second
#'   sequentially.
#' @param progress Show a progress bar (sequential runs only).
#' @return A data frame of class `dd_sweep`, one row per (repeat, training
#'   size, ablation, level), with columns
#'   * `dataset` (character), `rep`, `n_train`, `n_params` (integer), and
#'     `ratio` = `n_params / n_train`;
#'   * `ablation` (character: `"none"`, `"sv_cutoff"`, `"test_subspace"`,
#'     `"no_residuals"`) and `level` (the cutoff, the number of modes kept,
#'     or `NA`);
#'   * `rank`: rank of the training features;
#'   * `train_mse`, `test_mse`: mean squared errors on the training and the
#'     test rows;
#'   * `min_singular_value`: the smallest non-zero singular value of the
#'     training features (`NA` at rank 0);
#'   * `test_bias_sq`: mean over test rows of the squared bias term, exactly
#'     zero at full column rank;
#'   * `min_mode_inv_sv`, `min_mode_test_proj_sq`, `min_mode_resid_proj`: at
#'     the smallest non-zero mode r, the three factors of the divergence:
#'     \eqn{1/s_r}, the mean over test rows of
#'     \eqn{(x_{test} \cdot v_r)^2}{(x_test . v_r)^2}, and
#'     \eqn{u_r \cdot E}{u_r . E} (signed as in [mn_fit()]).
#'
#'   Columns that describe the training set (`rank`, `min_singular_value`,
#'   `test_bias_sq` and the three factors) take the same value on every
#'   ablation row of a (repeat, size).
#' @inherit mn_fit references
#' @seealso [dd_modes()] for the mode-by-mode decomposition of one fit.
#' @family sweeps
#' @export
#' @examples
#' x <- as.matrix(diabetes[, 1:10])
#' sweep <- dd_sweep(x, diabetes$progression, repeats = 10, seed = 1)
#' # The median test error peaks where n_train equals the 10 parameters.
#' medians <- tapply(sweep$test_mse, sweep$n_train, median)
#' round(medians[5:20])
#'
#' ablated <- dd_sweep(x, diabetes$progression,
#'   repeats = 5, seed = 1,
#'   ablations = "no_residuals", n_train = 8:12
#' )
#' ablated[ablated$ablation == "no_residuals", c("n_train", "test_mse")]
dd_sweep <- function(x, y, n_train = NULL, repeats = 50, splits = NULL,
                     seed = NULL, ablations = character(),
                     cutoffs = 10^seq(-3, 0, length.out = 7), modes = NULL,
                     tol = NULL, dataset = NULL, parallel = FALSE,
                     progress = interactive()) {
  x <- as_feature_matrix(x)
  y <- as_target_vector(y, nrow(x))
  rows <- nrow(x)
  if (rows < 2) {
    abort_input(c(
      "{.arg x} must have at least two rows: one to train, one to test.",
      "x" = "It has {rows} row."
    ))
  }
  n_train <- n_train %||% seq_len(min(rows - 1, max(40, 2 * ncol(x))))
  n_train <- check_whole(n_train, 1, rows - 1, what = "nrow(x) - 1")
  ablations <- check_ablations(ablations)
  tol <- check_tolerance(tol)
  dataset <- check_label(dataset)
  check_flag(parallel)
  check_flag(progress)
  if ("sv_cutoff" %in% ablations) {
    cutoffs <- check_nonnegative(cutoffs)
  } else {
    cutoffs <- double()
  }
  if (is.null(splits)) {
    repeats <- check_whole(repeats, 1, Inf)
    splits <- draw_splits(rows, repeats, seed)
  } else {
    splits <- check_splits(splits, rows, max(n_train))
  }

  setup <- with_c_errors(.Call(ffi_sweep_setup, x, y))
  if ("test_subspace" %in% ablations) {
    if (setup$rank == 0) {
      abort_input(c(
        "The {.val test_subspace} ablation needs features of rank >= 1.",
        "x" = "{.arg x} is all zero."
      ))
    }
    modes <- modes %||% seq_len(min(10, setup$rank))
    modes <- check_whole(modes, 1, setup$rank, what = "the rank of x")
  } else {
    modes <- integer()
  }

  spec <- list(
    n_train = n_train, cutoffs = cutoffs, modes = modes,
    no_residuals = "no_residuals" %in% ablations, tol = tol,
    rounding = 1e-12 * stats::var(y)
  )
  columns <- run_sweep(x, setup, splits, spec, parallel, progress,
    call = rlang::current_env()
  )
  new_dd_sweep(columns, dataset, ncol(x))
}

ablation_names <- c("none", "sv_cutoff", "test_subspace", "no_residuals")

check_ablations <- function(ablations, call = rlang::caller_env()) {
  if (length(ablations) == 0) {
    return(character())
  }
  if (!is.character(ablations) || anyNA(ablations)) {
    abort_input("{.arg ablations} must be a character vector.", call = call)
  }
  if ("all" %in% ablations) {
    if (length(ablations) > 1) {
      abort_input(
        "{.arg ablations} must be {.val all} alone, or a set of names.",
        call = call
      )
    }
    return(ablation_names[-1])
  }
  unknown <- setdiff(ablations, ablation_names)
  if (length(unknown) > 0) {
    abort_input(
      c(
        "{.arg ablations} must name ablations the sweep knows.",
        "x" = "Unknown: {.val {unknown}}.",
        "i" = "Use any of {.val {ablation_names[-1]}}, or {.val all}."
      ),
      call = call
    )
  }
  setdiff(ablations, "none")
}

check_label <- function(dataset, call = rlang::caller_env()) {
  if (is.null(dataset)) {
    return("data")
  }
  if (!rlang::is_string(dataset)) {
    abort_input("{.arg dataset} must be a single string.", call = call)
  }
  dataset
}

# One random order of the rows per repeat. With a seed, the draws come from
# that seed and the caller's stream is restored afterwards.
draw_splits <- function(rows, repeats, seed, call = rlang::caller_env()) {
  draw <- function() lapply(seq_len(repeats), function(i) sample.int(rows))
  if (is.null(seed)) {
    return(draw())
  }
  ok <- is.numeric(seed) && length(seed) == 1 && is.finite(seed) &&
    seed == round(seed) && abs(seed) <= .Machine$integer.max
  if (!ok) {
    abort_input("{.arg seed} must be a single whole number, or NULL.",
      call = call
    )
  }
  # The generator is fixed too, so that a seed means the same sweep
  # whatever RNGkind() the session has set.
  withr::with_seed(seed, draw(),
    .rng_kind = "Mersenne-Twister", .rng_normal_kind = "Inversion",
    .rng_sample_kind = "Rejection"
  )
}

check_splits <- function(splits, rows, needed, call = rlang::caller_env()) {
  if (!is.list(splits) || length(splits) == 0) {
    abort_input(
      "{.arg splits} must be a non-empty list of integer vectors.",
      call = call
    )
  }
  for (i in seq_along(splits)) {
    split <- splits[[i]]
    ok <- is.numeric(split) && all(is.finite(split)) &&
      all(split == round(split))
    if (!ok) {
      abort_input(
        "{.arg splits[[{i}]]} must be a vector of whole row indices.",
        call = call
      )
    }
    if (length(split) < needed) {
      abort_input(
        c(
          "{.arg splits[[{i}]]} must order at least {needed} rows, the
           largest training size.",
          "x" = "It has {length(split)}."
        ),
        call = call
      )
    }
    splits[[i]] <- check_whole(
      split, 1, rows,
      arg = paste0("splits[[", i, "]]"), call = call, what = "row indices"
    )
  }
  splits
}

# Runs the C sweep over the repeats, in one piece, one repeat at a time (to
# show progress) or spread over the future workers.
run_sweep <- function(x, setup, splits, spec, parallel, progress, call) {
  run_chunk <- function(chunk) {
    with_c_errors(
      .Call(
        ffi_sweep_run, x, setup, chunk, spec$n_train, spec$cutoffs,
        spec$modes, spec$no_residuals, spec$tol, spec$rounding
      ),
      call = call
    )
  }
  if (parallel) {
    rlang::check_installed(
      c("future", "future.apply"),
      "to run repeats in parallel."
    )
  }
  chunks <- split_repeats(length(splits), parallel, progress)

  if (parallel) {
    pieces <- future.apply::future_lapply(
      chunks,
      function(ids) run_chunk(splits[ids])
    )
  } else if (progress && length(chunks) > 1) {
    pieces <- vector("list", length(chunks))
    cli::cli_progress_bar("Sweeping", total = length(chunks))
    for (i in seq_along(chunks)) {
      pieces[[i]] <- run_chunk(splits[chunks[[i]]])
      cli::cli_progress_update()
    }
    cli::cli_progress_done()
  } else {
    pieces <- list(run_chunk(splits))
  }

  for (i in seq_along(pieces)) {
    pieces[[i]]$rep <- chunks[[i]][pieces[[i]]$rep]
  }
  columns <- lapply(names(pieces[[1]]), function(name) {
    unlist(lapply(pieces, `[[`, name), use.names = FALSE)
  })
  rlang::set_names(columns, names(pieces[[1]]))
}

split_repeats <- function(repeats, parallel, progress) {
  ids <- seq_len(repeats)
  if (parallel) {
    workers <- min(repeats, future::nbrOfWorkers())
    return(unname(split(ids, ceiling(ids * workers / repeats))))
  }
  if (progress) {
    return(as.list(ids))
  }
  list(ids)
}

new_dd_sweep <- function(columns, dataset, n_params) {
  out <- data.frame(
    dataset = rep(dataset, length(columns$rep)),
    rep = columns$rep,
    n_train = columns$n_train,
    n_params = rep(as.integer(n_params), length(columns$rep)),
    ratio = n_params / columns$n_train,
    ablation = ablation_names[columns$ablation + 1L],
    level = columns$level,
    rank = columns$rank,
    train_mse = columns$train_mse,
    test_mse = columns$test_mse,
    min_singular_value = columns$min_singular_value,
    test_bias_sq = columns$test_bias_sq,
    min_mode_inv_sv = columns$min_mode_inv_sv,
    min_mode_test_proj_sq = columns$min_mode_test_proj_sq,
    min_mode_resid_proj = columns$min_mode_resid_proj,
    stringsAsFactors = FALSE
  )
  class(out) <- c("dd_sweep", "data.frame")
  out
}

# A sweep has thousands of rows: print a header and the first few.
#' @export
#' @noRd
print.dd_sweep <- function(x, n = 10, ...) {
  rows <- nrow(x)
  cat(sprintf(
    "<dd_sweep> %d rows: %s; %d repeat%s; n_train %s; ablations %s\n",
    rows, paste(unique(x$dataset), collapse = ", "),
    length(unique(x$rep)), if (length(unique(x$rep)) == 1) "" else "s",
    if (rows > 0) paste(range(x$n_train), collapse = " to ") else "none",
    paste(unique(x$ablation), collapse = ", ")
  ))
  shown <- utils::head(x, n)
  class(shown) <- "data.frame"
  print(shown, digits = 4, ...)
  if (rows > n) {
    cat(sprintf("# ... %d more rows\n", rows - n))
  }
  invisible(x)
}
