test_that("diabetes has the lars column names and the progression target", {
  expect_s3_class(diabetes, "data.frame")
  expect_identical(dim(diabetes), c(442L, 11L))
  expect_identical(
    names(diabetes),
    c("age", "sex", "bmi", "map", "tc", "ldl", "hdl", "tch", "ltg", "glu",
      "progression")
  )
  expect_true(all(vapply(diabetes, is.double, logical(1))))
  expect_false(anyNA(diabetes))
})

test_that("diabetes features are centred with unit sum of squares", {
  x <- as.matrix(diabetes[1:10])
  expect_equal(unname(colSums(x)), rep(0, 10), tolerance = 1e-12)
  expect_equal(unname(colSums(x^2)), rep(1, 10), tolerance = 1e-12)
})

test_that("diabetes keeps the lars values after undoing care's scaling", {
  # First patient as stored in lars 1.3's `diabetes$x`; the shipped table
  # is rebuilt from care, whose copy must give these back.
  lars_first <- c(
    age = 0.0380759064334241, sex = 0.0506801187398187,
    bmi = 0.0616962065186885, map = 0.0218723549949558,
    tc = -0.0442234984244464, ldl = -0.0348207628376986,
    hdl = -0.0434008456520269, tch = -0.00259226199818282,
    ltg = 0.0199084208763183, glu = -0.0176461251598052
  )
  expect_equal(unlist(diabetes[1, 1:10]), lars_first, tolerance = 1e-12)
})

test_that("diabetes target is the raw progression score", {
  y <- diabetes$progression
  expect_identical(y, round(y))
  expect_identical(range(y), c(25, 346))
  expect_identical(y[1:5], c(151, 75, 141, 206, 135))
  expect_equal(mean(y), 152.133484162896, tolerance = 1e-12)
})

test_that("california_housing has 20,433 rows and the usual features", {
  expect_s3_class(california_housing, "data.frame")
  expect_identical(dim(california_housing), c(20433L, 9L))
  expect_identical(
    names(california_housing),
    c("MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population",
      "AveOccup", "Latitude", "Longitude", "median_house_value")
  )
  expect_true(all(vapply(california_housing, is.double, logical(1))))
  expect_false(anyNA(california_housing))
  expect_true(all(vapply(california_housing, function(v) all(is.finite(v)),
                         logical(1))))
})

test_that("california_housing target is in units of 100,000 USD", {
  expect_equal(
    range(california_housing$median_house_value), c(0.14999, 5.00001),
    tolerance = 1e-12
  )
})

test_that("california_housing first row matches the census block group", {
  # Block group at 37.88 N, 122.23 W: 880 rooms, 129 bedrooms, 322
  # residents, 126 households, median value 452,600 USD.
  first <- unlist(california_housing[1, ])
  expected <- c(
    MedInc = 8.3252, HouseAge = 41, AveRooms = 880 / 126,
    AveBedrms = 129 / 126, Population = 322, AveOccup = 322 / 126,
    Latitude = 37.88, Longitude = -122.23, median_house_value = 4.526
  )
  expect_equal(first, expected, tolerance = 1e-12)
})

test_that("who_life_expectancy has the 17 predictors and the target", {
  expect_s3_class(who_life_expectancy, "data.frame")
  expect_identical(dim(who_life_expectancy), c(131L, 18L))
  expect_identical(
    names(who_life_expectancy),
    c("adult_mortality", "infant_deaths", "alcohol",
      "percentage_expenditure", "hepatitis_b", "measles", "bmi",
      "under_five_deaths", "polio", "total_expenditure", "diphtheria",
      "hiv_aids", "gdp", "population", "thinness_1_19", "thinness_5_9",
      "schooling", "life_expectancy")
  )
  expect_true(all(vapply(who_life_expectancy, is.double, logical(1))))
  expect_false(anyNA(who_life_expectancy))
})

test_that("who_life_expectancy rows are countries, unscaled", {
  expect_false(anyDuplicated(rownames(who_life_expectancy)) > 0)
  expect_identical(rownames(who_life_expectancy)[1], "Afghanistan")
  afg <- unlist(who_life_expectancy["Afghanistan", ])
  expect_equal(
    afg[c("adult_mortality", "schooling", "life_expectancy")],
    c(adult_mortality = 271, schooling = 10, life_expectancy = 59.9),
    tolerance = 1e-12
  )
  expect_equal(
    range(who_life_expectancy$life_expectancy), c(48.1, 89),
    tolerance = 1e-12
  )
})
