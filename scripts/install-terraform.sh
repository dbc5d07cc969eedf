#!/usr/bin/env bash
# Installs the Terraform toolchain the end-to-end tests run, without any Terraform registry:
#   - Terraform 1.5.7, built from source through the Go module proxy;
#   - OpenTofu 1.10.10, built the same way (a wrapper module, see "OpenTofu" below);
#   - the hashicorp/external provider, built the same way and laid out in a local filesystem
#     mirror;
#   - a CLI config (read by Terraform and OpenTofu alike) whose only provider source is that
#     mirror, so `terraform init` / `tofu init` never go to the network. The mirror serves the
#     provider under the registry host of each engine's default source address, as each reports it.
#
# PROVIDER VERSION, READ THIS: the only hashicorp/external source the Go module proxy serves is
# v1.2.0 (module path github.com/terraform-providers/terraform-provider-external; the v2 tags are
# not valid Go versions for that path, and neither the release commits as pseudo-versions, nor
# the github.com/hashicorp/... path, nor a version list are served). The cdktf binding pins
# `~> 2.1`, so the v1.2.0 build is placed in the mirror UNDER VERSION 2.3.5 and the lock file of
# every e2e stack will say 2.3.5. This is sound for what the tests use: the `external` data
# source protocol did not change between 1.2 and 2.x (program gets a JSON object of strings on
# stdin and prints a flat JSON object of strings on stdout; arguments program, query,
# working_dir; attribute result). The check at the end of this script proves it on Terraform
# 1.5.7. Differences that do exist (2.x error wording, null query values, interrupt handling)
# must not be relied on by the tests.
#
# Everything is cached under ${SIGMA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs},
# keyed by versions; a second run only checks the cache.
#
# Usage: bash scripts/install-terraform.sh [--no-verify]
# Every run ends with a self-check (terraform and tofu init + apply of a data "external" through the
# mirror, under a second); --no-verify skips it.
#
# Output: progress on stderr; on stdout, `export NAME=value` lines for the tests, also written to
# <cache>/env.sh (to source) and <cache>/env.json (to read from Node):
#   TERRAFORM_BINARY    absolute path of the built Terraform 1.5.7 (use it by path: another
#                       Terraform may be first on PATH)
#   TOFU_BINARY         absolute path of the built OpenTofu
#   TF_CLI_CONFIG_FILE  absolute path of the mirror-only CLI config (overrides whatever the
#                       environment points at)
#   CHECKPOINT_DISABLE  1 (no version check call home)
# The tests must also leave TF_PLUGIN_CACHE_DIR unset.
set -euo pipefail

readonly TERRAFORM_VERSION=1.5.7
readonly TOFU_MODULE=github.com/opentofu/opentofu
readonly TOFU_VERSION=1.10.10
readonly EXTERNAL_MODULE=github.com/terraform-providers/terraform-provider-external
readonly EXTERNAL_SOURCE_VERSION=v1.2.0
readonly EXTERNAL_MIRROR_VERSION=2.3.5
# Used only when the machine's Go cannot build the pinned sources.
readonly FALLBACK_GOTOOLCHAIN=go1.21.13

verify=1
for arg in "$@"; do
  case "$arg" in
    --no-verify) verify=0 ;;
    *)
      echo "install-terraform: unknown argument '$arg'; the only option is --no-verify (e.g. bash scripts/install-terraform.sh --no-verify)" >&2
      exit 2
      ;;
  esac
done

# Only what this script sets may steer Terraform (a caller's TF_CLI_CONFIG_FILE, TF_DATA_DIR,
# TF_CLI_ARGS... would change what is checked).
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^TF_' || true)

log() { echo "install-terraform: $*" >&2; }
die() { log "error: $*"; exit 1; }

cache_root=${SIGMA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs}
mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd -P)
# The path goes verbatim into an HCL string in the CLI config.
case "$cache_root" in
  *'"'* | *\\* | *'$'* | *$'\n'*)
    die "cache directory '$cache_root' contains a quote, backslash, dollar or newline, which the Terraform CLI config cannot hold; set SIGMA_E2E_CACHE to a plain path, e.g. SIGMA_E2E_CACHE=\$HOME/.cache/cdktf-sigma-audit-logs" ;;
esac

# Concurrent runs (parallel test workers, two checkouts) share one cache: take turns.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/.lock"
  flock 9
fi

work_dirs=()
cleanup() {
  local d
  for d in "${work_dirs[@]+"${work_dirs[@]}"}"; do rm -rf "$d"; done
}
trap cleanup EXIT
# Sets $work to a fresh scratch directory, removed on exit (not echoed: a command substitution
# would lose the bookkeeping).
new_work_dir() {
  work=$(mktemp -d "$cache_root/.work.XXXXXX")
  work_dirs+=("$work")
}

# --- Go ------------------------------------------------------------------------------------
go_env_ready=0
prepare_go() {
  [ "$go_env_ready" = 1 ] && return 0
  command -v go >/dev/null 2>&1 ||
    die "Go is needed to build Terraform $TERRAFORM_VERSION from source and none is on PATH; install Go 1.21 or newer (e.g. the one the machine image ships, or 'apt-get install golang-go') and rerun"
  export GOFLAGS=-buildvcs=false GOWORK=off CGO_ENABLED=0 CHECKPOINT_DISABLE=1
  go_env_ready=1
}

go_minor() {
  # go1.26.8 -> 26; anything unexpected -> 0
  local v
  v=$(go env GOVERSION 2>/dev/null || true)
  v=${v#go1.}
  v=${v%%[!0-9]*}
  echo "${v:-0}"
}

# Runs "$@" with the machine's Go; if that fails and Go can switch toolchains (1.21+), retries
# once with a toolchain old enough for the pinned sources.
run_go_build() {
  local what=$1 log_file=$2
  shift 2
  if GOTOOLCHAIN=local "$@" >"$log_file" 2>&1; then
    return 0
  fi
  log "$what failed with $(go env GOVERSION):"
  tail -n 30 "$log_file" >&2
  if [ "$(go_minor)" -ge 21 ]; then
    log "retrying with GOTOOLCHAIN=$FALLBACK_GOTOOLCHAIN"
    if GOTOOLCHAIN=$FALLBACK_GOTOOLCHAIN "$@" >"$log_file" 2>&1; then
      return 0
    fi
    tail -n 30 "$log_file" >&2
  fi
  die "$what failed (output above); the Go module proxy (GOPROXY) must serve the pinned modules"
}

# --- Terraform -----------------------------------------------------------------------------
terraform_dir=$cache_root/terraform-$TERRAFORM_VERSION
terraform_bin=$terraform_dir/terraform

terraform_ok() {
  local version_out
  [ -x "$terraform_bin" ] || return 1
  version_out=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$terraform_bin" version 2>/dev/null) || return 1
  [ "${version_out%%$'\n'*}" = "Terraform v$TERRAFORM_VERSION" ]
}

if terraform_ok; then
  log "Terraform $TERRAFORM_VERSION: cached"
else
  prepare_go
  log "Terraform $TERRAFORM_VERSION: building from the Go module proxy (a few minutes the first time)"
  new_work_dir
  started=$SECONDS
  run_go_build "building Terraform $TERRAFORM_VERSION" "$work/build.log" \
    env GOBIN="$work/bin" go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  rm -rf "$terraform_dir"
  mv "$work/bin" "$terraform_dir"
  terraform_ok || die "the built Terraform at $terraform_bin does not report version $TERRAFORM_VERSION"
  log "Terraform $TERRAFORM_VERSION: built in $((SECONDS - started))s"
fi

# --- OpenTofu ------------------------------------------------------------------------------
# `go install module@version` refuses a module whose go.mod has `replace` directives, and
# OpenTofu's replaces github.com/hashicorp/hcl/v2 with its own fork. So a throwaway wrapper module
# requires OpenTofu at the pinned version and repeats its replace directives, read from the
# go.mod the proxy serves for that version.
tofu_dir=$cache_root/opentofu-$TOFU_VERSION
tofu_bin=$tofu_dir/tofu

tofu_ok() {
  local version_out
  [ -x "$tofu_bin" ] || return 1
  version_out=$(TF_CLI_CONFIG_FILE=/dev/null "$tofu_bin" version 2>/dev/null) || return 1
  [ "${version_out%%$'\n'*}" = "OpenTofu v$TOFU_VERSION" ]
}

if tofu_ok; then
  log "OpenTofu $TOFU_VERSION: cached"
else
  prepare_go
  log "OpenTofu $TOFU_VERSION: building from the Go module proxy (about 3 minutes the first time)"
  new_work_dir
  started=$SECONDS
  mkdir -p "$work/src"
  # shellcheck disable=SC2016 # the inner script expands its own positional arguments
  run_go_build "building OpenTofu $TOFU_VERSION" "$work/build.log" \
    bash -c '
      set -euo pipefail
      cd "$1"
      printf "module tofubuild\n\ngo 1.24\n\nrequire %s v%s\n" "$2" "$3" >go.mod
      printf "//go:build tools\n\npackage tofubuild\n\nimport _ \"%s/cmd/tofu\"\n" "$2" >tools.go
      mod=$(go mod download -json "$2@v$3" | sed -n "s/^[[:space:]]*\"GoMod\": \"\(.*\)\",\{0,1\}$/\1/p")
      [ -f "$mod" ] || { echo "no go.mod downloaded for $2@v$3" >&2; exit 1; }
      grep -E "^replace [^ ]+ [^ ]+ => [^ .][^ ]* v" "$mod" >>go.mod || true
      go mod tidy
      # As OpenTofu'\''s release builds do: without it the binary reports a -dev version.
      go build -ldflags "-X $2/version.dev=no" -o "$4" "$2/cmd/tofu"
    ' _ "$work/src" "$TOFU_MODULE" "$TOFU_VERSION" "$work/out/tofu"
  rm -rf "$tofu_dir"
  mv "$work/out" "$tofu_dir"
  tofu_ok || die "the built OpenTofu at $tofu_bin does not report version $TOFU_VERSION"
  log "OpenTofu $TOFU_VERSION: built in $((SECONDS - started))s"
fi

# --- hashicorp/external provider -----------------------------------------------------------
provider_dir=$cache_root/external-$EXTERNAL_SOURCE_VERSION
provider_bin=$provider_dir/terraform-provider-external

if [ -x "$provider_bin" ]; then
  log "external provider $EXTERNAL_SOURCE_VERSION: cached"
else
  prepare_go
  log "external provider $EXTERNAL_SOURCE_VERSION: building from the Go module proxy"
  new_work_dir
  started=$SECONDS
  # `go install module@version` would also ask the proxy for the module's version list, which it
  # does not serve for this module; a throwaway module that requires the version needs only the
  # version itself.
  mkdir -p "$work/src"
  cat >"$work/src/go.mod" <<EOF
module providerbuild

go 1.18

require $EXTERNAL_MODULE $EXTERNAL_SOURCE_VERSION
EOF
  cat >"$work/src/tools.go" <<EOF
//go:build tools

package providerbuild

import _ "$EXTERNAL_MODULE"
EOF
  # shellcheck disable=SC2016 # the inner script expands its own positional arguments
  run_go_build "building the external provider $EXTERNAL_SOURCE_VERSION" "$work/build.log" \
    bash -c 'cd "$1" && go mod tidy && go build -o "$2" "$3"' _ \
    "$work/src" "$work/out/terraform-provider-external" "$EXTERNAL_MODULE"
  rm -rf "$provider_dir"
  mv "$work/out" "$provider_dir"
  log "external provider $EXTERNAL_SOURCE_VERSION: built in $((SECONDS - started))s"
fi

# --- CLI config ----------------------------------------------------------------------------
mirror_root=$cache_root/mirror-external-$EXTERNAL_MIRROR_VERSION-from-$EXTERNAL_SOURCE_VERSION
cli_config=$cache_root/terraform-$TERRAFORM_VERSION.tfrc

# Replaces a file only when its content changes, atomically, so a test reading it never sees
# half a file.
write_file() {
  local target=$1 content=$2 tmp
  if [ -f "$target" ] && [ "$(cat "$target")" = "$content" ]; then
    return 0
  fi
  tmp=$(mktemp "$target.XXXXXX")
  printf '%s\n' "$content" >"$tmp"
  mv -f "$tmp" "$target"
}

# The mirror is the only installation method: no `direct` block, so a provider missing from
# the mirror fails `terraform init` instead of being fetched.
write_file "$cli_config" "# Written by scripts/install-terraform.sh: every provider comes from the local mirror.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path = \"$mirror_root\"
  }
}"

# --- mirror --------------------------------------------------------------------------------
# The mirror layout starts with the registry host name of the provider's source address, which
# differs between Terraform and OpenTofu. The project never spells them out: each engine itself
# reports the address it resolves "hashicorp/external" to, without any network call, and the
# mirror serves the provider under both.
new_work_dir
printf 'data "external" "probe" {\n  program = ["true"]\n}\n' >"$work/main.tf"

# Prints the registry host an engine ($1, its name in messages $2) resolves hashicorp/external to.
registry_host_of() {
  local engine=$1 name=$2 providers_out host_pattern='provider\[([A-Za-z0-9.:-]+)/hashicorp/external\]'
  providers_out=$(cd "$work" && TF_CLI_CONFIG_FILE="$cli_config" CHECKPOINT_DISABLE=1 "$engine" providers -no-color 2>&1) ||
    die "'$name providers' failed while resolving the address of hashicorp/external: $providers_out"
  [[ $providers_out =~ $host_pattern ]] ||
    die "could not find 'provider[<host>/hashicorp/external]' in the output of '$name providers': $providers_out"
  echo "${BASH_REMATCH[1]}"
}

version_json=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$terraform_bin" version -json)
platform_pattern='"platform": *"([a-z0-9]+_[a-z0-9]+)"'
[[ $version_json =~ $platform_pattern ]] || die "could not read the platform (e.g. linux_amd64) from 'terraform version -json'"
platform=${BASH_REMATCH[1]}

for engine in terraform tofu; do
  if [ "$engine" = terraform ]; then engine_bin=$terraform_bin; else engine_bin=$tofu_bin; fi
  registry_host=$(registry_host_of "$engine_bin" "$engine")
  mirror_dir=$mirror_root/$registry_host/hashicorp/external/$EXTERNAL_MIRROR_VERSION/$platform
  mirror_bin=$mirror_dir/terraform-provider-external_v$EXTERNAL_MIRROR_VERSION
  if [ -x "$mirror_bin" ] && cmp -s "$provider_bin" "$mirror_bin"; then
    log "mirror for $engine: cached"
  else
    mkdir -p "$mirror_dir"
    cp "$provider_bin" "$mirror_bin.tmp"
    chmod 755 "$mirror_bin.tmp"
    mv -f "$mirror_bin.tmp" "$mirror_bin"
    log "mirror for $engine: hashicorp/external $EXTERNAL_MIRROR_VERSION ($platform) from source $EXTERNAL_SOURCE_VERSION"
  fi
done

# --- self-check ----------------------------------------------------------------------------
self_check() {
  local dir=$1 engine_bin=$2 name=$3 out
  cat >"$dir/main.tf" <<'EOF'
terraform {
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = "~> 2.1"
    }
  }
}

# The stacks read the data source after managed resources, so it is deferred to apply time.
resource "terraform_data" "before" {
  input = "x"
}

data "external" "probe" {
  program    = ["node", "-e", "let s = ''; process.stdin.on('data', (d) => { s += d; }).on('end', () => { const q = JSON.parse(s); process.stdout.write(JSON.stringify({ ok: 'yes', echo: q.ping })); });"]
  query      = { ping = "pong" }
  depends_on = [terraform_data.before]
}

output "ok" {
  value = data.external.probe.result.ok
}

output "echo" {
  value = data.external.probe.result.echo
}
EOF
  (
    cd "$dir"
    export TF_CLI_CONFIG_FILE=$cli_config CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
    "$engine_bin" init -input=false -no-color >"$dir/init.log" 2>&1 ||
      { cat "$dir/init.log" >&2; die "self-check: '$name init' failed with the mirror-only CLI config (output above)"; }
    "$engine_bin" apply -auto-approve -input=false -no-color >"$dir/apply.log" 2>&1 ||
      { cat "$dir/apply.log" >&2; die "self-check: '$name apply' of a data \"external\" failed (output above)"; }
    out="$("$engine_bin" output -raw ok) $("$engine_bin" output -raw echo)"
    [ "$out" = "yes pong" ] ||
      die "self-check: $name: expected outputs ok=yes echo=pong from the external program, got '$out'"
  )
}

if [ "$verify" = 1 ]; then
  for engine in terraform tofu; do
    if [ "$engine" = terraform ]; then engine_bin=$terraform_bin; else engine_bin=$tofu_bin; fi
    started=$SECONDS
    new_work_dir
    self_check "$work" "$engine_bin" "$engine"
    log "self-check: $engine init + apply with data \"external\" passed in $((SECONDS - started))s"
  done
else
  log "self-check: skipped (--no-verify)"
fi

# --- environment for the tests -------------------------------------------------------------
env_sh="export TERRAFORM_BINARY=$(printf '%q' "$terraform_bin")
export TOFU_BINARY=$(printf '%q' "$tofu_bin")
export TF_CLI_CONFIG_FILE=$(printf '%q' "$cli_config")
export CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR"
write_file "$cache_root/env.sh" "$env_sh"
# Plain string interpolation is valid JSON here: the cache path was checked for quotes and
# backslashes above.
write_file "$cache_root/env.json" "{
  \"TERRAFORM_BINARY\": \"$terraform_bin\",
  \"TOFU_BINARY\": \"$tofu_bin\",
  \"TF_CLI_CONFIG_FILE\": \"$cli_config\",
  \"CHECKPOINT_DISABLE\": \"1\"
}"
log "ready: source $cache_root/env.sh (or read env.json)"
printf '%s\n' "$env_sh"
