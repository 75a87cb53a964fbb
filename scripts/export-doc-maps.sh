#!/usr/bin/env bash
# Regenerates the pictures of the sample's two maps in docs/ with `dossier export`:
# docs/assads-exit.png and docs/money-and-bases.png. Run from anywhere; builds the
# binary first unless DOSSIER points at one.
#
#   scripts/export-doc-maps.sh            # cargo build, then export
#   DOSSIER=target/release/dossier scripts/export-doc-maps.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -z "${DOSSIER:-}" ]]; then
    cargo build --quiet --bin dossier
    DOSSIER=target/debug/dossier
fi
project=projects/syria-2024

"$DOSSIER" check "$project"
for pair in "assads-exit-k14g:docs/assads-exit.png" "money-and-bases-xhmr:docs/money-and-bases.png"; do
    map="${pair%%:*}"
    out="${pair#*:}"
    "$DOSSIER" export "$project" --map "$map" --format png -o "$out"
done
