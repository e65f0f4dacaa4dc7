# Builds data/who_life_expectancy.rda.
#
# Source: CRAN package `datana`, version 1.1.5 (License: GPL (>= 3)),
# object `lifexpect` in data/lifexpect.rda. datana carries the year-2014
# cross-section of the WHO life-expectancy table (World Health
# Organization Global Health Observatory, with economic columns from the
# United Nations; 193 countries, 2000-2015, 2,938 rows, as published on
# Kaggle), limited to the rows where every column is present: 131
# countries. No CRAN package was found that carries all 2,938 rows.
#
# Kept: the 17 numeric predictors used by Schaeffer et al. (2023), renamed
# to snake_case, unscaled, and the target `life_expectancy` last. Dropped:
# country, year (always 2014), status and the income-composition index.
# Country names become the row names.
#
# Run from the package root: Rscript data-raw/who_life_expectancy.R

source("data-raw/cran_source.R")
check_package_root()

root <- fetch_cran_source("datana", expected_version = "1.1.5")
raw <- as.data.frame(read_cran_data(root, "lifexpect.rda", "lifexpect"))

# new name = name in datana
columns <- c(
  adult_mortality = "adult.mortality",
  infant_deaths = "infant.deaths",
  alcohol = "alcohol",
  percentage_expenditure = "percentage.expenditure",
  hepatitis_b = "hepatitis.b",
  measles = "measles",
  bmi = "bmi",
  under_five_deaths = "under.five.deaths",
  polio = "polio",
  total_expenditure = "total.expenditure",
  diphtheria = "diphtheria",
  hiv_aids = "hiv.aids",
  gdp = "gdp",
  population = "population",
  thinness_1_19 = "thinness10.19",
  thinness_5_9 = "thinness5.9",
  schooling = "schooling",
  life_expectancy = "life.expectancy"
)
stopifnot(all(columns %in% names(raw)))

who_life_expectancy <- raw[unname(columns)]
names(who_life_expectancy) <- names(columns)
who_life_expectancy[] <- lapply(who_life_expectancy, as.double)

# The paper drops every row with a missing value; datana has already done
# so, and this keeps the rule should a later release bring them back.
complete <- stats::complete.cases(who_life_expectancy)
who_life_expectancy <- who_life_expectancy[complete, ]
rownames(who_life_expectancy) <- raw$country[complete]

stopifnot(
  identical(dim(who_life_expectancy), c(131L, 18L)),
  all(raw$year == 2014),
  !anyDuplicated(raw$country),
  vapply(who_life_expectancy, is.double, logical(1)),
  !anyNA(who_life_expectancy)
)

save(
  who_life_expectancy,
  file = "data/who_life_expectancy.rda", compress = "xz"
)
message(
  "Wrote data/who_life_expectancy.rda: ", nrow(who_life_expectancy), " rows"
)
