# Helper sourced by the other data-raw scripts: fetch one CRAN source
# tarball into a temporary folder and unpack it, without installing it.
#
# The shipped tables are rebuilt from the `data/` folder of the unpacked
# source, so no code of the source package ever runs.

fetch_cran_source <- function(pkg, expected_version) {
  repos <- getOption("repos")
  if (is.null(repos) || !nzchar(repos["CRAN"]) || repos["CRAN"] == "@CRAN@") {
    options(repos = c(CRAN = "https://cloud.r-project.org"))
  }

  dest <- file.path(tempdir(), paste0("dd-data-raw-", pkg))
  dir.create(dest, showWarnings = FALSE, recursive = TRUE)
  got <- utils::download.packages(pkg, destdir = dest, type = "source")
  if (NROW(got) != 1) {
    stop("could not download the source of CRAN package '", pkg, "'")
  }
  utils::untar(got[1, 2], exdir = dest)

  root <- file.path(dest, pkg)
  desc <- read.dcf(file.path(root, "DESCRIPTION"))
  version <- unname(desc[1, "Version"])
  # A newer CRAN release may have changed the table: the content checks in
  # each script decide, this only says that the version moved.
  if (!identical(version, expected_version)) {
    message(
      "'", pkg, "' is at version ", version, " on CRAN; the script was ",
      "written against ", expected_version, "."
    )
  }
  message("Using ", pkg, " ", version, " (License: ", desc[1, "License"], ")")
  root
}

# load() one object out of a package's data/ folder into a fresh
# environment and return it.
read_cran_data <- function(root, file, object) {
  env <- new.env(parent = emptyenv())
  load(file.path(root, "data", file), envir = env)
  get(object, envir = env, inherits = FALSE)
}

# Refuse to write into anything but the root of this package.
check_package_root <- function() {
  ok <- file.exists("DESCRIPTION") &&
    identical(unname(read.dcf("DESCRIPTION")[1, "Package"]), "doubledescent")
  if (!ok) {
    stop("run the data-raw scripts from the root of the doubledescent source")
  }
  dir.create("data", showWarnings = FALSE)
  invisible(TRUE)
}
