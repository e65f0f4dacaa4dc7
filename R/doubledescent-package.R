#' @keywords internal
#' @useDynLib doubledescent, .registration = TRUE
#' @importFrom rlang %||%
"_PACKAGE"

# The C entry points are registered (see src/init.c) and reached through the
# native symbol objects that useDynLib() creates in the namespace.
NULL
