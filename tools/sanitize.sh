#!/usr/bin/env bash
# Builds the package with AddressSanitizer and UndefinedBehaviorSanitizer and
# runs the testthat suite against that build.
#
#   tools/sanitize.sh [doubledescent_VERSION.tar.gz]
#
# Without a tarball the working tree is built first (vignettes skipped). R
# itself is not instrumented, so gcc's libasan is preloaded into it. Leak
# detection is off: R's own allocations are not leak-clean, and leaks are
# tools/valgrind.sh's job. Fails on a test failure or any sanitizer report.
#
# DD_TEST_FILTER=REGEX runs only the matching test files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg=doubledescent
san_flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
san_flags="$san_flags -fno-sanitize-recover=undefined"
# Snapshot tests skip themselves "on CRAN" (any non-interactive run without
# NOT_CRAN), and some of them reach C paths such as the SVD fallback.
export NOT_CRAN="${NOT_CRAN:-true}"

die() {
  echo "sanitize.sh: ERROR: $*" >&2
  exit 1
}

libasan="$(gcc -print-file-name=libasan.so)"
[[ "$libasan" == /* && -e "$libasan" ]] ||
  die "gcc's libasan.so not found (Debian package libasan8)"

# shellcheck source=tools/memcheck-prologue.sh
source "$root/tools/memcheck-prologue.sh"
prepare_work sanitize "${1:-}"

# R reads this file after its own Makeconf, so these replace R's CFLAGS and
# LDFLAGS for this install only.
cat >"$work/Makevars" <<EOF
CFLAGS = -g -O1 $san_flags
LDFLAGS = $san_flags
EOF

# The loading test at the end of the install already needs the runtime.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "sanitize.sh: installing $(basename "$tarball") with $san_flags"
LD_PRELOAD="$libasan" R_MAKEVARS_USER="$work/Makevars" \
  R CMD INSTALL --preclean --library="$work/lib" "$tarball" \
  >"$work/install.out" 2>&1 ||
  { cat "$work/install.out"; die "R CMD INSTALL failed"; }

# Make sure the flags reached every compile line and the link line.
n_cc="$(grep -Ec '^gcc .* -c [^ ]+\.c ' "$work/install.out" || true)"
n_cc_san="$(grep -E '^gcc .* -c [^ ]+\.c ' "$work/install.out" |
  grep -c -- '-fsanitize=address,undefined' || true)"
n_ld_san="$(grep -E '^gcc .*-shared' "$work/install.out" |
  grep -c -- '-fsanitize=address,undefined' || true)"
if ((n_cc == 0 || n_cc_san != n_cc || n_ld_san == 0)); then
  cat "$work/install.out"
  die "sanitizer flags missing: $n_cc_san of $n_cc compile lines," \
    "$n_ld_san link lines"
fi
# grep reads all of ldd's output (no -q): with pipefail, an early exit would
# kill ldd with SIGPIPE and fail the pipeline at random.
ldd "$work/lib/$pkg/libs/$pkg.so" | grep libasan >/dev/null ||
  die "$pkg.so is not linked against libasan"
echo "sanitize.sh: flags on $n_cc compile lines and the link line"

cp -R "$root/tests/testthat" "$work/tests/"

echo "sanitize.sh: running the tests"
started=$(date +%s)
rc=0
DD_MEMCHECK=1 DD_TEST_LIB="$work/lib" DD_TEST_DIR="$work/tests/testthat" \
  DD_TEST_OK="$work/tests-ok" LD_PRELOAD="$libasan" \
  timeout --kill-after=30 900 \
  R --vanilla -f "$root/tools/run-tests.R" >"$work/tests.out" 2>&1 || rc=$?
cat "$work/tests.out"
echo "sanitize.sh: R exited with $rc after $(($(date +%s) - started)) s"

failed=()
if grep -Eq 'runtime error|AddressSanitizer|LeakSanitizer' \
  "$work/tests.out"; then
  echo
  echo "----- sanitizer reports"
  # head may stop reading early; the SIGPIPE that grep then gets must not
  # end the script under pipefail before the verdict below.
  grep -En -A 30 'runtime error|AddressSanitizer|LeakSanitizer' \
    "$work/tests.out" | head -n 200 || true
  failed+=("sanitizer report(s) above")
fi
[[ -f "$work/tests-ok" ]] || failed+=("the test run did not finish (exit $rc)")

if ((${#failed[@]} > 0)); then
  printf 'sanitize.sh: FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "sanitize.sh: clean"
