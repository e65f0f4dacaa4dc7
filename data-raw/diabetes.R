# Builds data/diabetes.rda.
#
# Source: CRAN package `lars`, version 1.3 (License: GPL-2), object
# `diabetes` in data/diabetes.RData. Original data: Efron, Hastie,
# Johnstone and Tibshirani (2004), "Least angle regression", Annals of
# Statistics 32(2), 407-499.
#
# lars stores the ten baseline variables already centred and scaled to
# unit sum of squares per column (`diabetes$x`) and the raw progression
# score (`diabetes$y`). They are kept exactly as stored, with the lars
# column names (age, sex, bmi, map, tc, ldl, hdl, tch, ltg, glu); the
# target is renamed `progression` and put last.
#
# Run from the package root: Rscript data-raw/diabetes.R

source("data-raw/cran_source.R")
check_package_root()

root <- fetch_cran_source("lars", expected_version = "1.3")
raw <- read_cran_data(root, "diabetes.RData", "diabetes")

x <- unclass(raw$x)
storage.mode(x) <- "double"
diabetes <- data.frame(x, progression = as.double(raw$y))
rownames(diabetes) <- NULL

lars_names <- c(
  "age", "sex", "bmi", "map", "tc", "ldl", "hdl", "tch", "ltg", "glu"
)
stopifnot(
  identical(dim(diabetes), c(442L, 11L)),
  identical(names(diabetes), c(lars_names, "progression")),
  vapply(diabetes, is.double, logical(1)),
  !anyNA(diabetes),
  # The standardisation that lars documents, checked rather than trusted.
  max(abs(colSums(x))) < 1e-12,
  max(abs(colSums(x^2) - 1)) < 1e-12,
  # The progression score is a whole number between 25 and 346.
  all(diabetes$progression == round(diabetes$progression)),
  identical(range(diabetes$progression), c(25, 346))
)

save(diabetes, file = "data/diabetes.rda", compress = "xz")
message("Wrote data/diabetes.rda: ", nrow(diabetes), " rows")
