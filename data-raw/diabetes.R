# Builds data/diabetes.rda.
#
# Source: CRAN package `care`, version 1.1.11 (License: GPL (>= 3), by
# Verena Zuber and Korbinian Strimmer), object `efron2004` in
# data/efron2004.rda. Original data: Efron, Hastie, Johnstone and
# Tibshirani (2004), "Least angle regression", Annals of Statistics 32(2),
# 407-499.
#
# care takes the table from package lars and rescales it: every feature
# and the target to mean zero and variance one, keeping the centre and
# scale it used as the `scaled:center` and `scaled:scale` attributes.
# Undoing that rescaling gives back the lars form, which is what is
# shipped: features centred with unit sum of squares per column, the
# progression score in its own units. (lars itself is GPL-2 only, which
# does not combine with the GPL (>= 3) of this package; care's copy
# carries the same numbers under GPL (>= 3).)
#
# care calls the columns age, sex, bmi, bp, s1, ..., s6; the lars names
# (age, sex, bmi, map, tc, ldl, hdl, tch, ltg, glu) are kept, as in the
# earlier release of this table, and the target is `progression`, last.
#
# Run from the package root: Rscript data-raw/diabetes.R

source("data-raw/cran_source.R")
check_package_root()

root <- fetch_cran_source("care", expected_version = "1.1.11")
raw <- read_cran_data(root, "efron2004.rda", "efron2004")

# new name = name in care
columns <- c(
  age = "age", sex = "sex", bmi = "bmi", map = "bp", tc = "s1",
  ldl = "s2", hdl = "s3", tch = "s4", ltg = "s5", glu = "s6"
)
stopifnot(identical(colnames(raw$x), unname(columns)))

undo_scaling <- function(m) {
  centre <- attr(m, "scaled:center")
  scale <- attr(m, "scaled:scale")
  stopifnot(!is.null(centre), !is.null(scale), length(centre) == ncol(m))
  m <- matrix(as.double(m), nrow = nrow(m))
  sweep(sweep(m, 2, scale, "*"), 2, centre, "+")
}

x <- undo_scaling(raw$x)
colnames(x) <- names(columns)
y <- drop(undo_scaling(raw$y))

# The score is a whole number; undoing care's scaling leaves rounding
# error of order 1e-14, which would otherwise show up in every residual.
stopifnot(max(abs(y - round(y))) < 1e-8)
y <- round(y)

diabetes <- data.frame(x, progression = y)
rownames(diabetes) <- NULL

stopifnot(
  identical(dim(diabetes), c(442L, 11L)),
  identical(names(diabetes), c(names(columns), "progression")),
  vapply(diabetes, is.double, logical(1)),
  !anyNA(diabetes),
  # The lars standardisation, checked rather than trusted.
  max(abs(colSums(x))) < 1e-12,
  max(abs(colSums(x^2) - 1)) < 1e-12,
  identical(range(diabetes$progression), c(25, 346))
)

# An earlier data/diabetes.rda (the first release was built from lars
# itself) must agree with the rebuilt table; a larger gap means the source
# changed and needs a look before anything is overwritten.
if (file.exists("data/diabetes.rda")) {
  previous <- new.env(parent = emptyenv())
  load("data/diabetes.rda", envir = previous)
  old <- previous$diabetes
  stopifnot(identical(dim(old), dim(diabetes)),
            identical(names(old), names(diabetes)))
  gap <- max(abs(as.matrix(old) - as.matrix(diabetes)))
  message("Largest difference from the previous data/diabetes.rda: ", gap)
  if (gap > 1e-12) {
    stop("the rebuilt table differs from data/diabetes.rda by ", gap)
  }
}

save(diabetes, file = "data/diabetes.rda", compress = "xz")
message("Wrote data/diabetes.rda: ", nrow(diabetes), " rows")
