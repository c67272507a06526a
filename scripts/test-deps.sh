#!/usr/bin/env bash
# Installs what `make test` needs and a fresh machine may lack, so that
# `make test` is the only command a new user (or CI) types:
#   - Debian packages, when missing: chromium (the web view's browser tests,
#     through playwright-core), wget (its WARCs are imported), sqlite3 (the
#     archive opened as researchers open it), sqlite-utils (the search
#     index searched as researchers search it), zstd (blobs read by the zstd
#     tool), zsh (the completion script), node and npm (for the two below).
#     Also the libraries the docs' examples use, which are Debian packages
#     but not commands: python3-pandas and python3-zstandard (the pandas and
#     blob examples, run with Debian's /usr/bin/python3) and r-cran-rsqlite
#     (the R examples), installed without their recommended packages (R's
#     recommend hundreds). As root they are installed with apt-get (apt-get
#     update first, once); otherwise one line names the command to run, and
#     the tests that need them are skipped (each says what it misses).
#   - npm packages from package-lock.json (warcio.js, an independent WARC
#     reader; js-wacz, an independent WACZ writer; playwright-core, to drive
#     chromium), with `npm ci` when node_modules is missing or was installed
#     from another lock file.
#   - the ReplayWeb.page app (npm package replaywebpage, pinned below with
#     its integrity hash), for the WACZ replay test. `npm install` of it fails
#     (its dependencies name a warcio version the registry lacks), and the
#     test needs only its prebuilt index.html, ui.js and sw.js: `npm pack`
#     fetches the tarball alone, its sha512 is checked against the one
#     recorded here, and those files go to node_modules/.hewar-replaywebpage/.
set -euo pipefail
cd "$(dirname "$0")/.."

# command on PATH -> Debian package that provides it
tools=(chromium:chromium wget:wget sqlite3:sqlite3 sqlite-utils:sqlite-utils zstd:zstd zsh:zsh node:nodejs npm:npm)
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

# ReplayWeb.page, from the npm registry's tarball, checked against this
# SHA-512: the registry's integrity for it, in hex (`npm view
# replaywebpage@2.5.3 dist.integrity` prints the same hash in base64:
# sha512-nCj2PSON3BxeSJKE8AsYPyULv0XPZKJWfy4l9PyQre9SqwLZ+WKZVs/sfLqPOQ4GrH+0YkjbwOhr8cSTH08gsQ==).
rwp_version=2.5.3
rwp_sha512=9c28f63d238ddc1c5e489284f00b183f250bbf45cf64a2567f2e25f4fc90adef52ab02d9f9629956cfec7cba8f390e06ac7fb46248dbc0e86bf1c4931f4f20b1
rwp_dir=node_modules/.hewar-replaywebpage
if command -v npm >/dev/null 2>&1 && [ "$(cat "$rwp_dir/sha512" 2>/dev/null || true)" != "$rwp_sha512" ]; then
  echo "make test: npm pack replaywebpage@$rwp_version (the ReplayWeb.page app, for the WACZ replay test)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && npm pack --silent --loglevel=error "replaywebpage@$rwp_version" >/dev/null); then
    echo "make test: npm pack replaywebpage@$rwp_version failed" >&2
    exit 1
  fi
  got=$(sha512sum "$tmp/replaywebpage-$rwp_version.tgz" | cut -d' ' -f1)
  if [ "$got" != "$rwp_sha512" ]; then
    echo "make test: replaywebpage-$rwp_version.tgz from the registry has SHA-512 $got, not the $rwp_sha512 recorded in scripts/test-deps.sh: not installed" >&2
    exit 1
  fi
  tar -xzf "$tmp/replaywebpage-$rwp_version.tgz" -C "$tmp" package/index.html package/ui.js package/sw.js package/LICENSE
  rm -rf "$rwp_dir"
  mkdir -p "$rwp_dir"
  cp "$tmp"/package/index.html "$tmp"/package/ui.js "$tmp"/package/sw.js "$tmp"/package/LICENSE "$rwp_dir/"
  echo "$rwp_version" >"$rwp_dir/version"
  echo "$rwp_sha512" >"$rwp_dir/sha512"
fi
