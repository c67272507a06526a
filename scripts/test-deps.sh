#!/usr/bin/env bash
# Installs what `make test` needs and a fresh machine may lack, so that
# `make test` is the only command a new user (or CI) types:
#   - Debian packages, when missing: chromium (the web view's browser tests,
#     through playwright-core), wget (its WARCs are imported), sqlite3 (the
#     archive opened as researchers open it), zstd (blobs read by the zstd
#     tool), zsh (the completion script), node and npm (for the two below).
#     Also the libraries the docs' examples use, which are Debian packages
#     but not commands: python3-pandas and python3-zstandard (the pandas and
#     blob examples, run with Debian's /usr/bin/python3) and r-cran-rsqlite
#     (the R examples), installed without their recommended packages (R's
#     recommend hundreds). As root they are installed with apt-get (apt-get
#     update first, once); otherwise one line names the command to run, and
#     the tests that need them are skipped (each says what it misses).
#   - npm packages from package-lock.json (warcio.js, an independent WARC
#     reader; playwright-core, to drive chromium), with `npm ci` when
#     node_modules is missing or was installed from another lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

# command on PATH -> Debian package that provides it
tools=(chromium:chromium wget:wget sqlite3:sqlite3 zstd:zstd zsh:zsh node:nodejs npm:npm)
missing=()
for t in "${tools[@]}"; do
  command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
done
# Debian package -> installed? (only where dpkg-query can tell)
libs=(python3-pandas python3-zstandard r-cran-rsqlite)
missing_libs=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${libs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing_libs+=("$p")
  done
fi
all=("${missing[@]}" "${missing_libs[@]}")
if ((${#all[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "make test: installing Debian packages: ${all[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # One apt-get update, before the first install.
    updated=
    update() { [ -n "$updated" ] || { apt-get update -qq && updated=1; }; }
    if ((${#missing[@]})) && ! { update && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "make test: apt-get install ${missing[*]} failed (see above)" >&2
      exit 1
    fi
    if ((${#missing_libs[@]})) && ! { update && apt-get install -y -qq --no-install-recommends "${missing_libs[@]}" >/dev/null; }; then
      echo "make test: apt-get install ${missing_libs[*]} failed (see above)" >&2
      exit 1
    fi
  else
    echo "make test: missing ${all[*]}: run 'sudo apt-get install -y ${all[*]}' (until then the tests that need them are skipped)" >&2
  fi
fi

if command -v npm >/dev/null 2>&1; then
  # The lock file's hash, kept in node_modules by the last npm ci.
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  have=$(cat node_modules/.hewar-lock-sha256 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    echo "make test: npm ci (node_modules is missing or not from this package-lock.json)"
    if ! npm ci --no-audit --no-fund --loglevel=error; then
      echo "make test: npm ci failed: the tests need warcio and playwright-core from the npm registry" >&2
      exit 1
    fi
    echo "$want" >node_modules/.hewar-lock-sha256
  fi
fi
