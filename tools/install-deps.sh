#!/usr/bin/env bash
# Installs, through apt, whatever the build, R CMD check --as-cran and the
# memory checks need and the machine lacks. Safe to run again: when every
# package is present it touches nothing and does not refresh the apt lists.
set -euo pipefail

# Debian names. The r-cran-* builds are far quicker than compiling from CRAN.
packages=(
  # Imports and Suggests that the base image lacks
  r-cran-ggplot2 r-cran-generics r-cran-cli r-cran-rlang
  r-cran-future r-cran-future.apply r-cran-withr r-cran-mass r-cran-callr
  # tests: image snapshots
  r-cran-vdiffr r-cran-svglite
  # documentation and vignettes
  r-cran-roxygen2 r-cran-rmarkdown r-cran-knitr pandoc
  # R CMD check --as-cran: PDF size checks and HTML validation of the Rd
  qpdf tidy
  # memory checks (tools/valgrind.sh, tools/sanitize.sh)
  valgrind libasan8 libubsan1
)

die() {
  echo "install-deps: ERROR: $*" >&2
  exit 1
}

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == \
    installed ]]
}

command -v dpkg-query >/dev/null ||
  die "dpkg-query not found; this script expects Debian or Ubuntu"

missing=()
for pkg in "${packages[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null ||
    die "not root and no sudo; install by hand: ${missing[*]}"
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt or dpkg instead of failing on its lock.
apt_opts=(-q -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
log="$(mktemp "${TMPDIR:-/tmp}/dd-install-deps.XXXXXX")"
trap 'rm -f "$log"' EXIT

if ! "${sudo[@]}" apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
  cat "$log" >&2
  die "apt-get update failed (output above)"
fi

if ! "${sudo[@]}" apt-get "${apt_opts[@]}" install -y \
  --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  die "apt-get install failed for: ${missing[*]} (output above)"
fi

still=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still+=("$pkg")
done
((${#still[@]} == 0)) || die "still missing after apt-get: ${still[*]}"

echo "install-deps: done"
