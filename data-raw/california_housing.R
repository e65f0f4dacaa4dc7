# Builds data/california_housing.rda.
#
# Source: CRAN package `ppforest2`, version 0.1.3 (License: MIT + file
# LICENSE, copyright Andres Vidal), object `california_housing` in
# data/california_housing.rda: the raw 1990 census table of Pace and Barry
# (1997), "Sparse spatial autoregressions", Statistics & Probability
# Letters 33(3), 291-297, one row per block group, in the widely shared
# copy whose `total_bedrooms` is blank on 207 of the 20,640 rows.
# ppforest2 already left those 207 rows out (20,433 remain).
#
# Check only: CRAN package `lightsf`, version 0.1.0 (License: GPL-3),
# object `housing_pts`, carries the full 20,640-row copy. It is used to
# confirm that the ppforest2 rows are exactly the rows of the full table
# whose `total_bedrooms` is present, value for value. Nothing from lightsf
# is saved.
#
# The eight regression features are the usual derived ones (per-household
# averages), the target is the median house value in units of 100,000 USD.
#
# Run from the package root: Rscript data-raw/california_housing.R

source("data-raw/cran_source.R")
check_package_root()

root <- fetch_cran_source("ppforest2", expected_version = "0.1.3")
census <- read_cran_data(root, "california_housing.rda", "california_housing")
census <- as.data.frame(census)
rownames(census) <- NULL

full_root <- fetch_cran_source("lightsf", expected_version = "0.1.0")
full <- read_cran_data(full_root, "housing_pts.rda", "housing_pts")
full <- as.data.frame(full)

has_bedrooms <- !is.na(full$total_bedrooms)
stopifnot(
  nrow(full) == 20640L,
  sum(!has_bedrooms) == 207L,
  nrow(census) == 20433L,
  !anyNA(census)
)
full_kept <- full[has_bedrooms, names(census)]
for (col in names(census)) {
  if (!isTRUE(all(as.double(full_kept[[col]]) == as.double(census[[col]])))) {
    stop("ppforest2 and lightsf disagree on column ", col)
  }
}

california_housing <- data.frame(
  MedInc = census$median_income,
  HouseAge = census$housing_median_age,
  AveRooms = census$total_rooms / census$households,
  AveBedrms = census$total_bedrooms / census$households,
  Population = census$population,
  AveOccup = census$population / census$households,
  Latitude = census$latitude,
  Longitude = census$longitude,
  median_house_value = census$median_house_value / 1e5
)
california_housing[] <- lapply(california_housing, as.double)

stopifnot(
  identical(dim(california_housing), c(20433L, 9L)),
  vapply(california_housing, is.double, logical(1)),
  all(vapply(california_housing, function(v) all(is.finite(v)), logical(1))),
  # Census values are top-coded at 500,001 USD and bottom-coded at 14,999.
  isTRUE(all.equal(range(california_housing$median_house_value),
                   c(0.14999, 5.00001), tolerance = 1e-12))
)

save(california_housing, file = "data/california_housing.rda", compress = "xz")
message(
  "Wrote data/california_housing.rda: ", nrow(california_housing), " rows"
)
