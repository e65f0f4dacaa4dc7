test_that("dd_student_teacher returns the student columns and y", {
  st <- dd_student_teacher(n = 50, p_teacher = 12, p_student = 9, seed = 3)
  expect_s3_class(st, "data.frame")
  expect_identical(dim(st), c(50L, 10L))
  expect_identical(names(st), c(sprintf("x%02d", 1:9), "y"))
  expect_true(all(vapply(st, is.double, logical(1))))
  expect_length(attr(st, "beta_teacher"), 12L)
})

test_that("dd_student_teacher pads column names to a common width", {
  st <- dd_student_teacher(n = 5, p_teacher = 120, p_student = 100, seed = 1)
  expect_identical(names(st)[c(1, 10, 100, 101)],
                   c("x001", "x010", "x100", "y"))
})

test_that("dd_student_teacher defaults give 1000 rows of 20 of 30", {
  st <- dd_student_teacher(seed = 1)
  expect_identical(dim(st), c(1000L, 21L))
  expect_length(attr(st, "beta_teacher"), 30L)
})

test_that("dd_student_teacher is reproducible with a seed", {
  a <- dd_student_teacher(n = 40, seed = 11)
  b <- dd_student_teacher(n = 40, seed = 11)
  c <- dd_student_teacher(n = 40, seed = 12)
  expect_identical(a, b)
  expect_false(identical(a$y, c$y))
  # Coefficients are drawn before the features, so they do not depend on n.
  expect_identical(
    attr(dd_student_teacher(n = 7, seed = 11), "beta_teacher"),
    attr(a, "beta_teacher")
  )
})

test_that("dd_student_teacher ignores the caller's RNGkind under a seed", {
  a <- dd_student_teacher(n = 10, seed = 5)
  withr::with_preserve_seed({
    RNGkind("L'Ecuyer-CMRG")
    b <- dd_student_teacher(n = 10, seed = 5)
    expect_identical(RNGkind()[1], "L'Ecuyer-CMRG")
    RNGkind("default", "default", "default")
  })
  expect_identical(a, b)
})

test_that("a seeded dd_student_teacher leaves the global RNG state alone", {
  withr::with_preserve_seed({
    set.seed(2024)
    before <- get(".Random.seed", envir = globalenv())
    dd_student_teacher(n = 20, seed = 1)
    expect_identical(get(".Random.seed", envir = globalenv()), before)

    # Same stream as if the call had not happened.
    set.seed(2024)
    expected_next <- runif(3)
    set.seed(2024)
    dd_student_teacher(n = 20, seed = 1)
    expect_identical(runif(3), expected_next)
  })
})

test_that("a seeded call creates no RNG state when there was none", {
  withr::with_preserve_seed({
    if (exists(".Random.seed", envir = globalenv(), inherits = FALSE)) {
      rm(".Random.seed", envir = globalenv())
    }
    dd_student_teacher(n = 20, seed = 1)
    expect_false(exists(".Random.seed", envir = globalenv(),
                        inherits = FALSE))
  })
})

test_that("dd_student_teacher without a seed draws from the global stream", {
  withr::with_preserve_seed({
    set.seed(99)
    a <- dd_student_teacher(n = 15)
    set.seed(99)
    b <- dd_student_teacher(n = 15)
    c <- dd_student_teacher(n = 15)
  })
  expect_identical(a, b)
  expect_false(identical(b, c))
})

test_that("y is the teacher's linear function when the student sees all", {
  st <- dd_student_teacher(n = 25, p_teacher = 6, p_student = 6, seed = 8)
  x <- as.matrix(st[1:6])
  beta <- attr(st, "beta_teacher")
  expect_equal(st$y, drop(x %*% beta), tolerance = 1e-12)
})

test_that("the hidden teacher columns act as noise for the student", {
  st <- dd_student_teacher(n = 20000, p_teacher = 30, p_student = 20,
                           seed = 4)
  beta <- attr(st, "beta_teacher")
  fit <- stats::lm.fit(as.matrix(st[1:20]), st$y)
  hidden_var <- sum(beta[21:30]^2)
  # Least squares on the seen columns recovers their coefficients to
  # within a few standard errors (about sqrt(hidden_var / n) each), and
  # what is left has the variance of the hidden part, to within a few
  # times its relative sampling error sqrt(2 / n) = 0.01.
  coef_error <- max(abs(fit$coefficients - beta[1:20]))
  expect_lt(coef_error, 5 * sqrt(hidden_var / 20000))
  expect_equal(mean(fit$residuals^2), hidden_var, tolerance = 0.05)
})

test_that("dd_student_teacher validates its arguments", {
  cls <- "doubledescent_error_input"
  expect_error(dd_student_teacher(n = 1), class = cls)
  expect_error(dd_student_teacher(n = 10.5), class = cls)
  expect_error(dd_student_teacher(n = NA), class = cls)
  expect_error(dd_student_teacher(n = "10"), class = cls)
  expect_error(dd_student_teacher(n = c(10, 20)), class = cls)
  expect_error(dd_student_teacher(p_teacher = 0), class = cls)
  expect_error(dd_student_teacher(p_student = 0), class = cls)
  expect_error(dd_student_teacher(p_teacher = Inf), class = cls)
  expect_error(
    dd_student_teacher(p_teacher = 5, p_student = 6),
    class = "doubledescent_error"
  )
  expect_error(dd_student_teacher(seed = 1.5), class = cls)
  expect_error(dd_student_teacher(seed = "a"), class = cls)
})

test_that("dd_student_teacher errors name the offending argument", {
  err <- tryCatch(dd_student_teacher(n = 1), error = identity)
  expect_match(conditionMessage(err), "`n`")
  expect_match(conditionMessage(err), "at least 2")
  err <- tryCatch(dd_student_teacher(p_teacher = 3, p_student = 4),
                  error = identity)
  expect_match(conditionMessage(err), "`p_student`")
  expect_match(conditionMessage(err), "`p_teacher`")
  err <- tryCatch(dd_student_teacher(seed = 0.5), error = identity)
  expect_match(conditionMessage(err), "`seed`")
  expect_identical(
    deparse(conditionCall(err)), "dd_student_teacher(seed = 0.5)"
  )
})

test_that("dd_data returns a double matrix and a matching vector", {
  expected <- list(
    diabetes = c(442L, 10L),
    california_housing = c(20433L, 8L),
    who_life_expectancy = c(131L, 17L),
    student_teacher = c(1000L, 20L)
  )
  for (name in names(expected)) {
    d <- dd_data(name)
    expect_named(d, c("x", "y", "name"))
    expect_identical(d$name, name)
    expect_true(is.matrix(d$x))
    expect_identical(typeof(d$x), "double")
    expect_identical(dim(d$x), expected[[name]])
    expect_identical(typeof(d$y), "double")
    expect_null(names(d$y))
    expect_length(d$y, nrow(d$x))
    expect_false(anyNA(d$x))
    expect_false(anyNA(d$y))
  }
})

test_that("dd_data splits off the last column as the target", {
  d <- dd_data("diabetes")
  expect_identical(colnames(d$x), names(diabetes)[1:10])
  expect_identical(d$y, diabetes$progression)
  expect_identical(unname(d$x[, "bmi"]), diabetes$bmi)

  w <- dd_data("who_life_expectancy")
  expect_identical(w$y, who_life_expectancy$life_expectancy)
  expect_false("life_expectancy" %in% colnames(w$x))
})

test_that("dd_data student_teacher is dd_student_teacher(seed = 1)", {
  d <- dd_data("student_teacher")
  st <- dd_student_teacher(seed = 1)
  expect_identical(d$y, st$y)
  expect_identical(unname(d$x), unname(as.matrix(st[1:20])))
})

test_that("dd_data matches names like match.arg and rejects others", {
  expect_identical(dd_data("calif")$name, "california_housing")
  expect_identical(dd_data("who")$name, "who_life_expectancy")
  cls <- "doubledescent_error_input"
  expect_error(dd_data("iris"), class = cls)
  expect_error(dd_data(c("diabetes", "who")), class = cls)
  expect_error(dd_data(1), class = cls)
  expect_error(dd_data(NA_character_), class = cls)
  expect_error(dd_data(), class = cls)
  err <- tryCatch(dd_data("iris"), error = identity)
  expect_match(conditionMessage(err), "`name`")
})
