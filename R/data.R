#' Diabetes progression (Efron et al. 2004)
#'
#' Ten baseline measurements on 442 diabetes patients and a score of how
#' far the disease had progressed one year later: the data of the least
#' angle regression paper, in the standardised form of package lars (the
#' copy shipped here comes from package care; see Source). It is the
#' smallest of the real datasets of Schaeffer et al. (2023), with the
#' interpolation threshold at 10 training rows.
#'
#' The ten features are standardised: every column has mean zero and a
#' sum of squares of one (so a Euclidean norm of one, not a variance of
#' one). They are therefore unitless; the units below are those of the
#' measurements before standardisation. The target is left in its own
#' units.
#'
#' @format ## `diabetes`
#' A data frame with 442 rows and 11 double columns, target last:
#' \describe{
#'   \item{age}{Age (years before standardisation).}
#'   \item{sex}{Sex, a two-valued code.}
#'   \item{bmi}{Body mass index (kg/m^2).}
#'   \item{map}{Mean arterial blood pressure (mm Hg); `bp` in other
#'     copies.}
#'   \item{tc}{Total serum cholesterol (mg/dl); `s1` in other copies.}
#'   \item{ldl}{Low-density lipoproteins (mg/dl); `s2`.}
#'   \item{hdl}{High-density lipoproteins (mg/dl); `s3`.}
#'   \item{tch}{Ratio of total to high-density cholesterol; `s4`.}
#'   \item{ltg}{Logarithm of the serum triglycerides level; `s5`.}
#'   \item{glu}{Blood glucose (mg/dl); `s6`.}
#'   \item{progression}{Quantitative measure of disease progression one
#'     year after baseline, a whole number from 25 to 346; not
#'     standardised.}
#' }
#'
#' @details
#' The column names are those of lars. Other copies, such as the text file
#' that accompanies the paper and package care, call the blood serum
#' columns `s1` to `s6` and the blood pressure `bp`.
#'
#' care stores the table with every column rescaled to variance one and
#' records the centre and scale it used; undoing that rescaling gives back
#' the lars columns to within `1e-16` (and the progression scores exactly,
#' once rounded to whole numbers), so this dataset equals the one in lars.
#'
#' In lars, and so here, `map` and `ltg` keep more digits than the text
#' file (which rounds blood pressure to two decimals and the log
#' triglycerides to four), so copies standardised from the file differ
#' from these columns by up to about `1e-5`; the other eight features and
#' the target agree to about `1e-14`.
#'
#' @section Licence:
#' Taken from care, which is distributed under the GNU GPL version 3 or
#' later. care names lars as the origin of its copy; lars is distributed
#' under the GNU GPL version 2 only, which cannot be combined with the
#' version 3 terms of this package, so it is not used as the source.
#' Neither package states a separate licence for the measurements
#' themselves.
#'
#' @source CRAN package care, version 1.1.11 (Zuber and Strimmer),
#'   dataset `efron2004`, elements `x` (the features) and `y` (the
#'   target), with care's rescaling undone and the columns renamed to the
#'   names of CRAN package lars, version 1.3 (Hastie and Efron), dataset
#'   `diabetes`. Rebuilt by `data-raw/diabetes.R` in the package
#'   sources.
#'
#' @references Efron, B., Hastie, T., Johnstone, I. and Tibshirani, R.
#'   (2004). Least angle regression. *The Annals of Statistics*, 32(2),
#'   407--499. \doi{10.1214/009053604000000067}
#'
#' @name diabetes
#' @docType data
#' @keywords datasets
#' @usage data(diabetes)
#' @family datasets
#' @examples
#' dim(diabetes)
#'
#' # Every feature column is centred with unit sum of squares.
#' round(colSums(diabetes[1:10]), 12)
#' colSums(diabetes[1:10]^2)
#'
#' summary(diabetes$progression)
NULL

#' California housing, 1990 census block groups
#'
#' Median house values and eight neighbourhood features for 20,433 block
#' groups in California from the 1990 United States census, as assembled
#' by Pace and Barry (1997). The features are the usual per-household
#' averages built from the raw census counts.
#'
#' @format ## `california_housing`
#' A data frame with 20,433 rows and 9 double columns, target last:
#' \describe{
#'   \item{MedInc}{Median household income in the block group, in tens of
#'     thousands of US dollars.}
#'   \item{HouseAge}{Median age of the houses (years).}
#'   \item{AveRooms}{Rooms per household: total rooms divided by the
#'     number of households.}
#'   \item{AveBedrms}{Bedrooms per household: total bedrooms divided by
#'     the number of households.}
#'   \item{Population}{Number of residents.}
#'   \item{AveOccup}{People per household: residents divided by the number
#'     of households.}
#'   \item{Latitude}{Latitude of the block group (degrees north).}
#'   \item{Longitude}{Longitude of the block group (degrees east, so
#'     negative).}
#'   \item{median_house_value}{Median house value in units of 100,000 US
#'     dollars. The census codes values outside its range at the limits,
#'     so the column runs from 0.14999 to 5.00001.}
#' }
#'
#' @details
#' The raw table has 20,640 block groups. In the copy that circulates most
#' widely (and that CRAN packages carry) the total number of bedrooms is
#' blank for 207 of them; the original release of Pace and Barry has no
#' gaps, so the blanks were introduced later rather than by the census.
#' Without that count `AveBedrms` cannot be formed, and those 207 rows are
#' left out here rather than imputed: 20,640 - 207 = 20,433 rows. Analyses
#' that use the complete original release (for example through other
#' software) therefore see 207 more rows than this dataset has.
#'
#' @section Licence:
#' The table is taken from ppforest2, which is distributed under the MIT
#' licence (Copyright (c) 2024-2026, Andrés Vidal; see
#' `system.file("COPYRIGHTS", package = "doubledescent")`); the census
#' figures themselves are public records. lightsf, used only for the cross-check
#' and not shipped, is distributed under the GNU GPL version 3.
#'
#' @source CRAN package ppforest2, version 0.1.3, dataset
#'   `california_housing` (the raw census columns, already without the 207
#'   incomplete rows). Cross-checked value for value against the full
#'   20,640-row table in CRAN package lightsf, version 0.1.0, dataset
#'   `housing_pts`. Rebuilt by `data-raw/california_housing.R` in the
#'   package sources.
#'
#' @references Pace, R. K. and Barry, R. (1997). Sparse spatial
#'   autoregressions. *Statistics & Probability Letters*, 33(3), 291--297.
#'
#' @name california_housing
#' @docType data
#' @keywords datasets
#' @usage data(california_housing)
#' @family datasets
#' @examples
#' dim(california_housing)
#' range(california_housing$median_house_value)
#'
#' # Share of block groups at the top code of 500,001 USD.
#' mean(california_housing$median_house_value > 5)
NULL

#' Life expectancy and health indicators by country, 2014 (WHO)
#'
#' Life expectancy at birth and 17 health, economic and social indicators
#' for the 131 countries with a complete record in 2014, from the World
#' Health Organization's life expectancy table (Global Health Observatory
#' figures joined with United Nations economic data). Values are unscaled,
#' as in Schaeffer et al. (2023). Row names are the country names.
#'
#' @format ## `who_life_expectancy`
#' A data frame with 131 rows and 18 double columns, target last. The
#' meanings are those given by the publisher of the table; several columns
#' labelled as rates per 1,000 hold values that look like counts.
#' \describe{
#'   \item{adult_mortality}{Probability of dying between ages 15 and 60,
#'     per 1,000 people (both sexes).}
#'   \item{infant_deaths}{Infant deaths per 1,000 population.}
#'   \item{alcohol}{Recorded alcohol consumption per person aged 15 or
#'     over (litres of pure alcohol per year).}
#'   \item{percentage_expenditure}{Spending on health as a percentage of
#'     gross domestic product per capita.}
#'   \item{hepatitis_b}{Hepatitis B immunisation coverage among one-year
#'     olds (percent).}
#'   \item{measles}{Reported measles cases per 1,000 population.}
#'   \item{bmi}{Average body mass index of the population (kg/m^2).}
#'   \item{under_five_deaths}{Deaths under age five per 1,000
#'     population.}
#'   \item{polio}{Polio immunisation coverage among one-year olds
#'     (percent).}
#'   \item{total_expenditure}{Government spending on health as a
#'     percentage of all government spending.}
#'   \item{diphtheria}{Diphtheria, tetanus and pertussis immunisation
#'     coverage among one-year olds (percent).}
#'   \item{hiv_aids}{Deaths from HIV/AIDS per 1,000 live births, ages 0 to
#'     4.}
#'   \item{gdp}{Gross domestic product per capita (US dollars).}
#'   \item{population}{Population of the country (people).}
#'   \item{thinness_1_19}{Prevalence of thinness at ages 10 to 19
#'     (percent); the name follows the source's "thinness 1-19 years".}
#'   \item{thinness_5_9}{Prevalence of thinness at ages 5 to 9
#'     (percent).}
#'   \item{schooling}{Average number of years of schooling.}
#'   \item{life_expectancy}{Life expectancy at birth (years).}
#' }
#'
#' @details
#' The full table covers 193 countries from 2000 to 2015 in 2,938 rows,
#' of which 1,649 have no missing value; Schaeffer et al. (2023) use those
#' complete rows. No CRAN package carries the full table; this dataset is
#' the slice for 2014 that package datana carries: every row of 2014 in
#' which all 22 columns of the table are present (131 of the 183 rows for
#' that year). On the full table, requiring the 18 columns kept here to be
#' present selects the same rows as requiring all 22.
#'
#' Dropped columns: country (kept as row names), year (always 2014),
#' development status and the income-composition index. Some entries of
#' the source are known to be unreliable (for example population figures
#' that jump by orders of magnitude between adjacent years for one
#' country); they are kept as published, as in the paper.
#'
#' @section Licence:
#' Taken from datana, which is distributed under the GNU GPL version 3 or
#' later; this is why doubledescent as a whole is distributed under the
#' GNU GPL version 3 or later. datana states no separate licence for the
#' table itself.
#'
#' @source CRAN package datana, version 1.1.5 (Salas-Eljatib), dataset
#'   `lifexpect`; columns renamed to snake case. Rebuilt by
#'   `data-raw/who_life_expectancy.R` in the package sources. The full
#'   table was published on Kaggle as "Life Expectancy (WHO)" (dataset
#'   `kumarajarshi/life-expectancy-who`).
#'
#' @name who_life_expectancy
#' @docType data
#' @keywords datasets
#' @usage data(who_life_expectancy)
#' @family datasets
#' @examples
#' dim(who_life_expectancy)
#' head(rownames(who_life_expectancy))
#' summary(who_life_expectancy$life_expectancy)
NULL
