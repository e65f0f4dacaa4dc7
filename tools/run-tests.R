# The test suite against an installed copy of the package, for the memory
# checks of tools/valgrind.sh and tools/sanitize.sh. Reads DD_TEST_LIB (the
# library), DD_TEST_DIR (a copy of tests/testthat), DD_TEST_FILTER
# (optional) and DD_TEST_OK (a file created when every test has passed).
.libPaths(c(Sys.getenv("DD_TEST_LIB"), .libPaths()))
options(warn = 1)
filter <- Sys.getenv("DD_TEST_FILTER")
results <- testthat::test_dir(
  Sys.getenv("DD_TEST_DIR"),
  filter = if (nzchar(filter)) filter,
  package = "doubledescent",
  load_package = "installed",
  # One line per test file (with its time), no spinner in the CI log.
  reporter = testthat::ProgressReporter$new(
    show_praise = FALSE, update_interval = Inf
  ),
  stop_on_failure = TRUE
)
file.create(Sys.getenv("DD_TEST_OK"))
