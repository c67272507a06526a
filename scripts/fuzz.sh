#!/usr/bin/env bash
# Runs every Go fuzz target in the module for the given -fuzztime each: a
# duration (3m) or an execution count (10000x, what make test uses). Default 10000x.
# go test -fuzz takes one target per package per run, hence the loop.
set -euo pipefail
fuzztime=${1:-10000x}
cd "$(dirname "$0")/.."
found=0
files_in() { if [ -d "$1" ]; then ls "$1" | wc -l; else echo 0; fi; }
while IFS= read -r file; do
  pkg=./$(dirname "$file")
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    found=$((found + 1))
    echo "fuzz $pkg $target for $fuzztime"
    corpus="$pkg/testdata/fuzz/$target"
    before=$(files_in "$corpus")
    log=$(mktemp)
    if ! go test -tags sqlite_fts5 -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" 2>&1 | tee "$log"; then
      # With a duration, Go's fuzz coordinator (up to Go 1.26) may end a clean
      # run with a bare "context deadline exceeded" (golang/go#75804). That is
      # no finding when no failing input was written; anything else is.
      if grep -q '^    context deadline exceeded$' "$log" && ! grep -q 'Failing input written' "$log" &&
        [ "$(files_in "$corpus")" = "$before" ]; then
        echo "fuzz $pkg $target: 'context deadline exceeded' at the end of -fuzztime with no failing input written: Go's own race (golang/go#75804), not a finding"
      else
        rm -f "$log"
        exit 1
      fi
    fi
    rm -f "$log"
  done
done < <(git ls-files '*_test.go' 2>/dev/null | xargs grep -l '^func Fuzz' 2>/dev/null | sort)
echo "fuzzed $found targets"
