# Checks and coercions shared by the exported verbs. Every check runs in R,
# before any C code: the C side trusts the types and sizes it is handed.

input_error_class <- c("doubledescent_error_input", "doubledescent_error")

abort_input <- function(message, ..., call = rlang::caller_env(),
                        .envir = parent.frame()) {
  cli::cli_abort(
    message,
    ...,
    class = input_error_class,
    call = call,
    .envir = .envir
  )
}

# Features: a numeric matrix or a data frame of numeric (or logical)
# columns. Returns a double matrix with column names.
as_feature_matrix <- function(x, arg = rlang::caller_arg(x),
                              call = rlang::caller_env()) {
  force(arg)
  if (is.data.frame(x)) {
    numeric_cols <- vapply(
      x,
      function(col) (is.numeric(col) || is.logical(col)) && is.null(dim(col)),
      logical(1)
    )
    if (!all(numeric_cols)) {
      bad <- names(x)[!numeric_cols]
      classes <- vapply(x[!numeric_cols], function(col) class(col)[1], "")
      abort_input(
        c(
          "{.arg {arg}} must have numeric columns only.",
          "x" = "Not numeric: {.field {bad}} (class {.cls {classes}}).",
          "i" = "Encode factors yourself, for example with
                 {.fn stats::model.matrix}."
        ),
        call = call
      )
    }
    x <- as.matrix(x)
  }
  if (!is.matrix(x) || !(is.numeric(x) || is.logical(x))) {
    abort_input(
      c(
        "{.arg {arg}} must be a numeric matrix or a data frame.",
        "x" = "It is {.obj_type_friendly {x}}."
      ),
      call = call
    )
  }
  if (nrow(x) == 0 || ncol(x) == 0) {
    abort_input(
      c(
        "{.arg {arg}} must have at least one row and one column.",
        "x" = "It has {nrow(x)} row{?s} and {ncol(x)} column{?s}."
      ),
      call = call
    )
  }
  check_all_finite(x, arg, call)
  storage.mode(x) <- "double"
  if (is.null(colnames(x))) {
    colnames(x) <- paste0("x", seq_len(ncol(x)))
  }
  x
}

check_all_finite <- function(x, arg, call) {
  bad <- !is.finite(x)
  if (!any(bad)) {
    return(invisible())
  }
  kinds <- c(
    "NA" = sum(is.na(x) & !is.nan(x)),
    "NaN" = sum(is.nan(x)),
    "Inf or -Inf" = sum(is.infinite(x))
  )
  kinds <- kinds[kinds > 0]
  first <- which(bad)[1]
  where <- if (is.matrix(x)) {
    sprintf("row %d, column %d", (first - 1) %% nrow(x) + 1,
            (first - 1) %/% nrow(x) + 1)
  } else {
    sprintf("position %d", first)
  }
  abort_input(
    c(
      "{.arg {arg}} must contain finite values only.",
      "x" = "Found {paste(kinds, names(kinds), collapse = ', ')}; the first
             at {where}.",
      "i" = "Drop or impute incomplete rows first, for example with
             {.fn stats::complete.cases}."
    ),
    call = call
  )
}

# Targets: a numeric (or logical) vector, or a one-column matrix or data
# frame, with one value per row of the features.
as_target_vector <- function(y, n, arg = rlang::caller_arg(y),
                             call = rlang::caller_env()) {
  force(arg)
  if (is.data.frame(y) || is.matrix(y)) {
    if (NCOL(y) != 1) {
      abort_input(
        c(
          "{.arg {arg}} must be a single column of targets.",
          "x" = "It has {NCOL(y)} columns."
        ),
        call = call
      )
    }
    y <- if (is.data.frame(y)) y[[1]] else y[, 1]
  }
  if (!(is.numeric(y) || is.logical(y)) || !is.null(dim(y))) {
    abort_input(
      c(
        "{.arg {arg}} must be a numeric vector.",
        "x" = "It is {.obj_type_friendly {y}}."
      ),
      call = call
    )
  }
  if (length(y) != n) {
    abort_input(
      c(
        "{.arg {arg}} must have one value per row of the features.",
        "x" = "It has length {length(y)}; the features have {n} row{?s}."
      ),
      call = call
    )
  }
  check_all_finite(y, arg, call)
  as.double(unname(y))
}

# A single finite number >= 0, or NULL when allowed.
check_tolerance <- function(x, arg = rlang::caller_arg(x),
                            call = rlang::caller_env(), allow_null = TRUE) {
  if (is.null(x) && allow_null) {
    return(NA_real_)
  }
  if (!is.numeric(x) || length(x) != 1 || !is.finite(x) || x < 0) {
    found <- if (is.numeric(x) && length(x) == 1) {
      format(x)
    } else {
      cli::format_inline("{.obj_type_friendly {x}}")
    }
    abort_input(
      c(
        "{.arg {arg}} must be a single finite number >= 0.",
        "x" = "It is {found}."
      ),
      call = call
    )
  }
  as.double(x)
}

# Finite numbers >= 0 (cutoffs).
check_nonnegative <- function(x, arg = rlang::caller_arg(x),
                              call = rlang::caller_env()) {
  if (!is.numeric(x) || length(x) == 0 || any(!is.finite(x)) ||
    any(x < 0)) {
    abort_input(
      "{.arg {arg}} must be a non-empty vector of finite numbers >= 0.",
      call = call
    )
  }
  as.double(x)
}

# Whole numbers within [lower, upper] (and within R's integers), without
# duplicates.
check_whole <- function(x, lower, upper, arg = rlang::caller_arg(x),
                        call = rlang::caller_env(), what = "values") {
  force(arg)
  upper <- min(upper, .Machine$integer.max)
  ok <- is.numeric(x) && length(x) > 0 && all(is.finite(x)) &&
    all(x == round(x))
  if (!ok) {
    abort_input(
      "{.arg {arg}} must be a non-empty vector of whole numbers.",
      call = call
    )
  }
  outside <- x[x < lower | x > upper]
  if (length(outside) > 0) {
    abort_input(
      c(
        "{.arg {arg}} must lie between {lower} and {upper} ({what}).",
        "x" = "Out of range: {.val {head(outside, 5)}}."
      ),
      call = call
    )
  }
  if (anyDuplicated(x)) {
    abort_input(
      c(
        "{.arg {arg}} must not repeat a value.",
        "x" = "Repeated: {.val {unique(x[duplicated(x)])}}."
      ),
      call = call
    )
  }
  as.integer(x)
}

check_flag <- function(x, arg = rlang::caller_arg(x),
                       call = rlang::caller_env()) {
  if (!rlang::is_bool(x)) {
    abort_input("{.arg {arg}} must be `TRUE` or `FALSE`.", call = call)
  }
  x
}

# Evaluates a .Call into the C core, turning its errors (LAPACK failures)
# into classed conditions raised from the user's call. The .Call is written
# out at each use so that R CMD check can match it to the registration.
with_c_errors <- function(expr, call = rlang::caller_env()) {
  tryCatch(
    expr,
    error = function(cnd) {
      message <- conditionMessage(cnd)
      internal <- startsWith(message, "internal error")
      cli::cli_abort(
        c(
          if (internal) "Internal error in the C core." else
            "Numerical failure in the C core.",
          "x" = "{message}",
          "i" = if (internal) "Please report it with the call that failed."
        ),
        class = c(
          if (internal) "doubledescent_error_internal" else
            "doubledescent_error_numerical",
          "doubledescent_error"
        ),
        call = call
      )
    }
  )
}

# For the tests of the fallback paths: makes the C core treat dgesdd (mode
# 1) or both LAPACK drivers (mode 2) as failed; 0 restores normal work.
# Returns the previous mode.
svd_failure_mode <- function(mode) {
  .Call(ffi_svd_failure_mode, as.integer(mode))
}

# For the tests of the sweep's shortcut: mode 1 makes every test error come
# from the test rows themselves; 0 restores normal work. Returns the
# previous mode.
sweep_shortcut_mode <- function(mode) {
  .Call(ffi_sweep_shortcut_mode, as.integer(mode))
}

# Arguments that reached `...` without being used are typos: name them.
check_dots_unused <- function(..., call = rlang::caller_env()) {
  if (...length() == 0) {
    return(invisible())
  }
  labels <- names(list(...)) %||% rep("", ...length())
  labels[labels == ""] <- "<unnamed>"
  abort_input(
    c(
      "Unused argument{?s}: {.arg {labels}}.",
      "i" = "Check the spelling against the help page."
    ),
    call = call
  )
}
