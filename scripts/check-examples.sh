#!/usr/bin/env bash
# Static security checks of the examples as users copy them: synthesizes examples/app.ts (the
# three example stacks) and runs checkov, pinned, with its terraform_json framework on each
# synthesized cdk.tf.json. Fails on any failed check that examples/checkov.yaml does not skip
# with a reason.
#
# checkov lives in a virtual environment of its own, created on the first run (Python 3.9 or
# newer and the package index needed then; about a minute) under
# ${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs/checkov-<version>; later runs only use it.
#
# checkov cannot read the IAM policies the AWS construct renders with `jsonencode(...)` (it sees
# a string expression, not a policy document): the IAM policy simulator tests in test/aws
# evaluate those instead.
#
# Usage: bash scripts/check-examples.sh   (npm run check:examples)
set -euo pipefail

readonly CHECKOV_VERSION=3.3.30

root=$(cd "$(dirname "$0")/.." && pwd -P)
log() { echo "check-examples: $*" >&2; }
die() { log "error: $*"; exit 1; }

cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs
venv=$cache_root/checkov-$CHECKOV_VERSION
checkov=$venv/bin/checkov
mkdir -p "$cache_root"

# Concurrent runs share one environment: take turns while it is created.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/.checkov.lock"
  flock 9
fi

if [ -x "$checkov" ] && [ "$("$checkov" --version 2>/dev/null)" = "$CHECKOV_VERSION" ]; then
  log "checkov $CHECKOV_VERSION: cached"
else
  python=$(command -v python3 || true)
  [ -n "$python" ] || die "python3 is needed to install checkov $CHECKOV_VERSION and none is on PATH; install Python 3.9 or newer (e.g. 'apt-get install python3 python3-venv') and rerun"
  log "checkov $CHECKOV_VERSION: creating a virtual environment in $venv (once; about a minute)"
  started=$SECONDS
  rm -rf "$venv"
  # A failed install leaves no checkov of this version behind, so the next run starts over.
  "$python" -m venv "$venv" ||
    die "'$python -m venv' failed; on Debian or Ubuntu install the python3-venv package and rerun"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" ||
    { rm -rf "$venv"; die "'pip install checkov==$CHECKOV_VERSION' failed (output above)"; }
  [ "$("$checkov" --version)" = "$CHECKOV_VERSION" ] || die "$checkov does not report version $CHECKOV_VERSION"
  log "checkov $CHECKOV_VERSION: installed in $((SECONDS - started))s"
fi

outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT

log "synthesizing examples/app.ts"
(cd "$root" && node scripts/bundle.mjs >/dev/null && CDKTF_OUTDIR="$outdir/synth" CHECKPOINT_DISABLE=1 node_modules/.bin/tsx examples/app.ts)

status=0
found=0
for config in "$outdir"/synth/stacks/*/cdk.tf.json; do
  [ -f "$config" ] || continue
  found=$((found + 1))
  stack=$(basename "$(dirname "$config")")
  # checkov's terraform_json parser stops at a plain attribute of the `terraform` block (the
  # constructs' required_version) and then checks nothing at all: it scans a copy without those
  # attributes, which hold no resource settings.
  mkdir -p "$outdir/scan/$stack"
  scanned=$outdir/scan/$stack/cdk.tf.json
  node -e '
    const fs = require("fs");
    const config = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    for (const [key, value] of Object.entries(config.terraform ?? {})) {
      if (typeof value !== "object" || value === null) delete config.terraform[key];
    }
    fs.writeFileSync(process.argv[2], JSON.stringify(config, null, 2));
  ' "$config" "$scanned"
  log "checkov on $stack"
  "$checkov" --config-file "$root/examples/checkov.yaml" --framework terraform_json --file "$scanned" \
    --compact --quiet --skip-download -o cli -o json --output-file-path "console,$outdir/$stack.json" || status=1
  # A file checkov cannot parse passes with no check run: count that as a failure too.
  "$venv/bin/python" - "$outdir/$stack.json" "$stack" <<'PY' || status=1
import json, sys
report = json.load(open(sys.argv[1]))
reports = report if isinstance(report, list) else [report]
summary = {key: sum(r.get("summary", {}).get(key, 0) for r in reports) for key in ("passed", "failed", "skipped", "parsing_errors")}
print(f"check-examples: {sys.argv[2]}: {summary['passed']} passed, {summary['failed']} failed, {summary['skipped']} skipped, {summary['parsing_errors']} parsing errors", file=sys.stderr)
if summary["parsing_errors"] or not summary["passed"]:
    print(f"check-examples: error: checkov could not check {sys.argv[2]} (parsing errors, or no check ran)", file=sys.stderr)
    sys.exit(1)
PY
done
[ "$found" -gt 0 ] || die "examples/app.ts synthesized no stack into $outdir/synth/stacks"
if [ "$status" = 0 ]; then
  log "passed: $found stacks, no failed check beyond those examples/checkov.yaml skips"
else
  log "failed (above): make the example secure, or skip the check in examples/checkov.yaml with the reason"
fi
exit "$status"
