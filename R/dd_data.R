#' Simulate a student-teacher regression problem
#'
#' Draws a linear "teacher" on `p_teacher` standard normal features and
#' shows a "student" only the first `p_student` of them. The targets are
#' noise-free for the teacher, but the columns the student never sees add a
#' part that no linear model on the student features can fit: to the
#' student it behaves like independent noise, with variance
#' `sum(beta_teacher[-seq_len(p_student)]^2)` (about
#' `1 - p_student / p_teacher` on average). This is the residual that feeds
#' the divergence at the interpolation threshold in Schaeffer et al. (2023).
#'
#' The teacher coefficients are drawn first, then the features, so for a
#' given `seed` the coefficients do not depend on `n`.
#'
#' @param n Number of rows, a whole number of at least 2.
#' @param p_teacher Number of features the teacher uses, a whole number of
#'   at least 1.
#' @param p_student Number of features the student sees, a whole number
#'   between 1 and `p_teacher`.
#' @param seed `NULL` (the default) to draw from the current random number
#'   stream, or a whole number. With a seed the draw is reproducible and
#'   leaves the caller's random number stream exactly as it was; it uses
#'   R's default generators (Mersenne-Twister, Inversion, Rejection)
#'   whatever [RNGkind()] is in force.
#'
#' @return A data frame with `n` rows and `p_student + 1` double columns:
#'   the student features `x01`, `x02`, ... (zero-padded to a common width)
#'   and the target `y`, last. The attribute `"beta_teacher"` holds the
#'   `p_teacher` teacher coefficients, drawn from N(0, 1 / `p_teacher`);
#'   `y` equals the full teacher feature matrix times `beta_teacher`.
#'
#' @inherit mn_fit references
#'
#' @seealso [dd_data()] for this problem and the shipped real datasets in
#'   the form the sweep functions take.
#' @family datasets
#' @export
#' @examples
#' st <- dd_student_teacher(n = 200, seed = 1)
#' dim(st)
#' names(st)[1:3]
#'
#' # The same seed gives the same draw.
#' identical(st, dd_student_teacher(n = 200, seed = 1))
#'
#' # Variance the student cannot explain, and what least squares leaves.
#' beta <- attr(st, "beta_teacher")
#' sum(beta[-(1:20)]^2)
#' fit <- lm(y ~ . - 1, data = st)
#' mean(residuals(fit)^2)
dd_student_teacher <- function(n = 1000,
                               p_teacher = 30,
                               p_student = 20,
                               seed = NULL) {
  n <- check_dd_count(n, minimum = 2)
  p_teacher <- check_dd_count(p_teacher, minimum = 1)
  p_student <- check_dd_count(p_student, minimum = 1)
  if (p_student > p_teacher) {
    abort_input(c(
      "{.arg p_student} must not exceed {.arg p_teacher}.",
      "x" = "Got {p_student} student and {p_teacher} teacher features."
    ))
  }
  if (!is.null(seed)) {
    seed <- check_dd_seed(seed)
  }

  draw <- function() {
    beta <- stats::rnorm(p_teacher, sd = 1 / sqrt(p_teacher))
    x <- matrix(stats::rnorm(n * p_teacher), nrow = n, ncol = p_teacher)
    list(x = x, beta = beta)
  }
  sim <- if (is.null(seed)) {
    draw()
  } else {
    # Fixed generator kinds, so a seed means the same draw whatever
    # RNGkind() the caller has set.
    withr::with_seed(
      seed, draw(),
      .rng_kind = "Mersenne-Twister", .rng_normal_kind = "Inversion",
      .rng_sample_kind = "Rejection"
    )
  }

  y <- drop(sim$x %*% sim$beta)
  width <- max(2L, nchar(p_student))
  student <- sim$x[, seq_len(p_student), drop = FALSE]
  colnames(student) <- sprintf("x%0*d", width, seq_len(p_student))

  out <- data.frame(student, y = y)
  attr(out, "beta_teacher") <- sim$beta
  out
}

#' Get a dataset as a feature matrix and a target vector
#'
#' Returns one of the shipped datasets, or the default student-teacher
#' problem, as the numeric matrix and vector that [dd_sweep()] and
#' [mn_fit()] take. The target is the last column of each shipped data
#' frame; all other columns are features.
#'
#' @param name One of `"diabetes"`, `"california_housing"`,
#'   `"who_life_expectancy"` or `"student_teacher"`; a unique prefix is
#'   enough, as with [match.arg()]. `"student_teacher"` is
#'   `dd_student_teacher(seed = 1)`: 1000 rows, 20 of 30 teacher features.
#'
#' @return A list with elements
#'   * `x`: a double matrix, one row per observation, with column names;
#'   * `y`: a double vector of the target, `length(y) == nrow(x)`;
#'   * `name`: the full dataset name.
#'
#' @seealso [diabetes], [california_housing], [who_life_expectancy],
#'   [dd_student_teacher()].
#' @family datasets
#' @export
#' @examples
#' d <- dd_data("diabetes")
#' dim(d$x)
#' colnames(d$x)
#' summary(d$y)
#'
#' # Prefixes work.
#' dd_data("who")$name
dd_data <- function(name) {
  choices <- c(
    "diabetes", "california_housing", "who_life_expectancy",
    "student_teacher"
  )
  if (missing(name) || !is.character(name) || length(name) != 1 ||
    is.na(name) || !nzchar(name)) {
    abort_input(c(
      "{.arg name} must be a single string.",
      "i" = "Choose one of {.or {.val {choices}}}."
    ))
  }
  hit <- pmatch(name, choices)
  if (is.na(hit)) {
    abort_input(c(
      "{.arg name} must be one of {.or {.val {choices}}}.",
      "x" = "{.val {name}} matches none of them."
    ))
  }
  name <- choices[[hit]]

  frame <- if (name == "student_teacher") {
    dd_student_teacher(seed = 1)
  } else {
    getExportedValue("doubledescent", name)
  }
  target <- ncol(frame)
  x <- as.matrix(frame[-target])
  storage.mode(x) <- "double"
  list(x = x, y = as.double(frame[[target]]), name = name)
}

# A single whole number of at least `minimum`, returned as an integer.
# (check_whole() in validate.R takes vectors; these are scalars.)
check_dd_count <- function(x,
                           minimum,
                           arg = rlang::caller_arg(x),
                           call = rlang::caller_env()) {
  ok <- is.numeric(x) && length(x) == 1 && !is.na(x) && is.finite(x) &&
    x == round(x) && x >= minimum && abs(x) <= .Machine$integer.max
  if (!ok) {
    shown <- if (is.numeric(x) && length(x) == 1) {
      format(x)
    } else {
      paste0("an object of class <", class(x)[1], "> and length ",
             length(x))
    }
    abort_input(
      c(
        "{.arg {arg}} must be a whole number of at least {minimum}.",
        "x" = "It is {shown}."
      ),
      call = call
    )
  }
  as.integer(x)
}

# `NULL` or a single whole number that set.seed() accepts.
check_dd_seed <- function(seed, call = rlang::caller_env()) {
  ok <- is.numeric(seed) && length(seed) == 1 && !is.na(seed) &&
    is.finite(seed) && seed == round(seed) &&
    abs(seed) <= .Machine$integer.max
  if (!ok) {
    abort_input(
      c(
        "{.arg seed} must be {.code NULL} or a single whole number.",
        "i" = "Leave it {.code NULL} to draw from the current stream."
      ),
      call = call
    )
  }
  as.integer(seed)
}
