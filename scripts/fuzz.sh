#!/usr/bin/env bash
# Runs every Go fuzz target in the module for the given -fuzztime each: a
# duration (3m) or an execution count (10000x, what make test uses). Default 10000x.
# go test -fuzz takes one target per package per run, hence the loop.
set -euo pipefail
fuzztime=${1:-10000x}
cd "$(dirname "$0")/.."
found=0
while IFS= read -r file; do
  pkg=./$(dirname "$file")
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    found=$((found + 1))
    echo "fuzz $pkg $target for $fuzztime"
    go test -tags sqlite_fts5 -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg"
  done
done < <(git ls-files '*_test.go' 2>/dev/null | xargs grep -l '^func Fuzz' 2>/dev/null | sort)
echo "fuzzed $found targets"
