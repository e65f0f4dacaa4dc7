#!/usr/bin/env bash
# Runs the testthat suite under valgrind's memcheck against an installed copy
# of the package.
#
#   tools/valgrind.sh [doubledescent_VERSION.tar.gz]
#
# Without a tarball the working tree is built first (vignettes skipped). The
# checkout is left untouched: the install, a copy of tests/testthat and the
# valgrind log live in a temporary directory.
#
# Fails on a test failure, on any memcheck error (invalid access, use of
# uninitialised memory, bad free, ...) and on memory definitely lost in a
# stack that passes through the package's code. Definite leaks inside R or
# other libraries are shown but do not fail the run; "possibly lost" blocks
# are R's own business and are ignored.
#
# DD_TEST_FILTER=REGEX runs only the matching test files. DD_VALGRIND_TIMEOUT
# (seconds, default 1200) stops a run that has grown too slow for CI: skip
# R-heavy tests under DD_MEMCHECK rather than raise it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg=doubledescent
limit="${DD_VALGRIND_TIMEOUT:-1200}"
# Snapshot tests skip themselves "on CRAN" (any non-interactive run without
# NOT_CRAN), and some of them reach C paths such as the SVD fallback.
export NOT_CRAN="${NOT_CRAN:-true}"

die() {
  echo "valgrind.sh: ERROR: $*" >&2
  exit 1
}

command -v valgrind >/dev/null || die "valgrind not found"

# shellcheck source=tools/memcheck-prologue.sh
source "$root/tools/memcheck-prologue.sh"
prepare_work valgrind "${1:-}"

# An empty user Makevars keeps a developer's ~/.R/Makevars (sanitizer flags,
# say) out of this build: memcheck runs the code as R's defaults compile it.
: >"$work/Makevars"
echo "valgrind.sh: installing $(basename "$tarball")"
R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --library="$work/lib" \
  "$tarball" >"$work/install.out" 2>&1 ||
  { cat "$work/install.out"; die "R CMD INSTALL failed"; }

# The tests run from a copy, so snapshots written by testthat stay out of the
# checkout.
cp -R "$root/tests/testthat" "$work/tests/"

vg_log="$work/valgrind.log"
vg_opts=(
  --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
  --track-origins=yes --num-callers=30 --log-file="$vg_log"
)

echo "valgrind.sh: running the tests under valgrind (slow; at most $limit s)"
started=$(date +%s)
rc=0
# R_ENABLE_JIT=0: byte-compiling the test code costs more under valgrind than
# it saves (a third of the time, measured) and never reaches the C code.
DD_MEMCHECK=1 DD_TEST_LIB="$work/lib" DD_TEST_DIR="$work/tests/testthat" \
  DD_TEST_OK="$work/tests-ok" R_ENABLE_JIT=0 \
  timeout --kill-after=30 "$limit" \
  R -d "valgrind ${vg_opts[*]}" --vanilla -f "$root/tools/run-tests.R" || rc=$?
echo "valgrind.sh: R exited with $rc after $(($(date +%s) - started)) s"
((rc != 124)) || die "the tests took longer than $limit s under valgrind"

[[ -s "$vg_log" ]] || die "valgrind wrote no log"

# Strip the "==PID== " prefix so blank lines separate the reports.
sed -E 's/^==[0-9]+== ?//' "$vg_log" >"$work/vg.txt"

# A stack is the package's when it names the shared object or one of the
# package's C files.
c_files="$(tar -tzf "$tarball" | sed -nE "s|^$pkg/src/([^/]+\\.c)\$|\\1|p" |
  sed 's/\./\\./g' | paste -sd '|' -)"
own_re="$pkg\\.so"
[[ -z "$c_files" ]] || own_re="$own_re|[ (]($c_files):[0-9]+\\)"

# Prints every definitely-lost report, then its own verdict line.
OWN_RE="$own_re" awk '
  function flush() {
    if (rec != "" && rec ~ /definitely lost in loss record/) {
      n_def++
      if (rec ~ ENVIRON["OWN_RE"]) n_own++
      print rec
    }
    rec = ""
  }
  /^$/ { flush(); next }
  { rec = rec $0 "\n" }
  END { flush(); printf "DEFINITE %d OWN %d\n", n_def, n_own }
' "$work/vg.txt" >"$work/definite.txt"

verdict="$(tail -n 1 "$work/definite.txt")"
n_definite="$(awk '{print $2}' <<<"$verdict")"
n_own="$(awk '{print $4}' <<<"$verdict")"
summary="$(grep -E '^ERROR SUMMARY: ' "$work/vg.txt" | tail -n 1 || true)"
[[ -n "$summary" ]] || {
  tail -n 50 "$work/vg.txt"
  die "no ERROR SUMMARY in the valgrind log: did R crash?"
}
n_errors="$(sed -E 's/^ERROR SUMMARY: ([0-9]+) errors.*/\1/' <<<"$summary")"

# With --errors-for-leak-kinds=definite each definite loss record counts as
# one error; whatever remains is an access or initialisation error.
n_other=$((n_errors - n_definite))

echo
echo "valgrind.sh: $summary"
grep -E '^ +(definitely|indirectly|possibly) lost:' "$work/vg.txt" || true

failed=()
if ((n_other > 0)); then
  echo
  echo "----- memcheck errors (log up to the heap summary)"
  sed -n '/^HEAP SUMMARY:/q;p' "$work/vg.txt"
  failed+=("$n_other memcheck error(s)")
fi
if ((n_definite > 0)); then
  echo
  echo "----- definitely lost blocks"
  sed '$d' "$work/definite.txt"
  ((n_own == 0)) ||
    failed+=("$n_own definite leak(s) through the package's code")
  ((n_own == n_definite)) ||
    echo "valgrind.sh: $((n_definite - n_own)) definite leak(s) outside" \
      "the package: reported, not failed"
fi
[[ -f "$work/tests-ok" ]] || failed+=("the test run did not finish (exit $rc)")

if ((${#failed[@]} > 0)); then
  printf 'valgrind.sh: FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "valgrind.sh: clean"
