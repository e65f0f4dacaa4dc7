#!/usr/bin/env bash
# The main job, from a fresh clone: installs what is missing (Debian and R
# packages), installs doubledescent from source, then sweeps the number of
# training rows on the four data sets of the paper and writes the tidy
# results (CSV) and the figures (PNG) into a folder.
#
#   bash run-main-job.sh [output-folder]     (default: dd-output)
set -euo pipefail

repo=$(cd "$(dirname "$0")" && pwd)
out=${1:-dd-output}

bash "$repo/tools/install-deps.sh"

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
# The vignettes are built too, so that vignette() finds them afterwards.
(cd "$build" && R CMD build --no-manual "$repo" >"$build/build.log" 2>&1) || {
  cat "$build/build.log"
  echo "run-main-job.sh: building the package failed (log above)" >&2
  exit 1
}
R CMD INSTALL "$build"/doubledescent_*.tar.gz >"$build/install.log" 2>&1 || {
  cat "$build/install.log"
  echo "run-main-job.sh: installing the package failed (log above)" >&2
  exit 1
}

Rscript -e 'doubledescent::dd_reproduce(commandArgs(TRUE)[1])' "$out"
echo "Done: tables and figures are in $out/"
