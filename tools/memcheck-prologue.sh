# Sourced by tools/valgrind.sh and tools/sanitize.sh, which set `root`,
# `pkg` and `die` first. Usage: prepare_work NAME [TARBALL]. Sets `work`, a
# temporary folder (with lib/ and tests/, removed on exit), and `tarball`,
# an absolute path: the one given, or one built from the working tree.
prepare_work() {
  local name=$1
  tarball="${2:-}"
  [[ -z "$tarball" || -f "$tarball" ]] || die "no such tarball: $tarball"
  if [[ -n "$tarball" ]]; then
    tarball="$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")"
  fi

  work="$(mktemp -d "${TMPDIR:-/tmp}/dd-$name.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM
  mkdir "$work/lib" "$work/tests"

  if [[ -z "$tarball" ]]; then
    echo "$name.sh: building $root"
    (cd "$work" && R CMD build --no-build-vignettes --no-manual "$root" \
      >build.out 2>&1) || { cat "$work/build.out"; die "R CMD build failed"; }
    tarball="$(ls "$work/${pkg}"_*.tar.gz)"
  fi
}
