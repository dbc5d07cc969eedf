#!/usr/bin/env bash
# The Go lane: generates the library's Go module with jsii-pacmak (dist-jsii/go/), synthesizes the
# TypeScript reference stack (test/go/reference-stack.ts), then runs test/go, which builds the
# module against cdktf, constructs and the jsii runtime from the Go module proxy (cached in the Go
# module cache) and compares the Go synth with the TypeScript one. Extra arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

if ! command -v go >/dev/null; then
  echo "go-test.sh: go not found; Go 1.25 or later is needed for the Go lane." >&2
  exit 2
fi

node scripts/package.mjs go --code-only
module=dist-jsii/go/cdktfsigmaauditlogs

# The prebuilt provider bindings' Go modules are not on the Go module proxy: a module that
# requires one cannot be built from it.
bindings=$(grep -Eo 'github\.com/cdktf/cdktf-provider-[a-z]+-go/[^ ]+ v[0-9.]+' "$module/go.mod" || true)
if [ -n "$bindings" ]; then
  echo "go-test.sh: the generated Go module requires prebuilt provider bindings that the Go module proxy does not serve:" >&2
  echo "$bindings" | sed 's/^/  /' >&2
  echo "The library's public API must not expose classes of the @cdktf/provider-* packages (see CONTRIBUTING.md, \"Languages\")." >&2
  exit 1
fi

reference=$(mktemp -d)
trap 'rm -rf "$reference"' EXIT
cd test/go
# From the folder the Go test runs in: the local backend's state path is the working directory's.
CDKTF_OUTDIR="$reference" ../../node_modules/.bin/tsx --tsconfig ../../tsconfig.json reference-stack.ts

go mod tidy
SIGMA_TYPESCRIPT_SYNTH="$reference" go test -count=1 -v ./... "$@"
