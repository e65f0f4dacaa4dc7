/* Registration of the .Call entry points; dynamic lookup is switched off. */

#include <R_ext/Rdynload.h>
#include "doubledescent.h"

static const R_CallMethodDef call_methods[] = {
    {"ffi_mn_fit", (DL_FUNC)&ffi_mn_fit, 4},
    {"ffi_sweep_setup", (DL_FUNC)&ffi_sweep_setup, 2},
    {"ffi_sweep_run", (DL_FUNC)&ffi_sweep_run, 9},
    {"ffi_modes", (DL_FUNC)&ffi_modes, 5},
    {"ffi_svd_failure_mode", (DL_FUNC)&ffi_svd_failure_mode, 1},
    {"ffi_sweep_shortcut_mode", (DL_FUNC)&ffi_sweep_shortcut_mode, 1},
    {NULL, NULL, 0}};

void R_init_doubledescent(DllInfo *dll)
{
  R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
}
