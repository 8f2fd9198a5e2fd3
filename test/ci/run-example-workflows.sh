#!/usr/bin/env bash
# Runs the commands of examples/ci's workflows, exactly as the workflows run them (the same
# scripts, the same arguments), in a throwaway git repository on the embedded hub:
#   a pull request changes a plan  -> plan-changed.sh: valid, one combined Markdown report
#   the reviewer pins both fingerprints the report prints, the pull request is merged
#   the push to main               -> apply-changed.sh: passes both pinned gates, closes out
#   the same approvals again       -> refused (an approval is used once)
# Usage: test/ci/run-example-workflows.sh <cutter-repo> [<seeded-hub-folder-to-copy>]
# With CUTTER_STATE_URL set, the state is kept in PostgreSQL (schema $CUTTER_STATE_SCHEMA).
set -euo pipefail
repo="$(cd "${1:?usage: run-example-workflows.sh <cutter-repo> [hub-template]}" && pwd)"
hub_template="${2:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cutter-ci-XXXXXX")"
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# `cutter` on PATH, as `npm ci` + node_modules/.bin give it in the workflows.
mkdir -p "$work/bin"
printf '#!/usr/bin/env bash\nexec node %q "$@"\n' "$repo/dist/cli/main.js" > "$work/bin/cutter"
chmod +x "$work/bin/cutter"
export PATH="$work/bin:$PATH" NO_COLOR=1

cd "$work" && mkdir project && cd project
git init -q -b main
git config user.email ci@example.org && git config user.name ci
cp -R "$repo/examples/ci/.github" .github
{
  echo 'version: 1'
  echo 'sources:'
  echo '  embedded: {kind: embedded, dir: .cutter/hub, seed: '"\"$repo/examples/hub\""'}'
  if [ -n "${CUTTER_STATE_URL:-}" ]; then
    echo "state: {kind: postgres, urlEnv: CUTTER_STATE_URL, schema: ${CUTTER_STATE_SCHEMA:-cutter}}"
  fi
} > cutter.config.yaml
printf '.cutter/\ncutter-plan.md\n' > .gitignore
mkdir plans
cp "$repo/plans/icx-constitution.yaml" plans/icx-constitution.yaml
if [ -n "$hub_template" ]; then mkdir -p .cutter && cp -R "$hub_template" .cutter/hub; fi
git add -A && git commit -qm "the team's repository"

# --- a pull request: a plan changes ---------------------------------------------------------
git checkout -qb tighten-policy
sed -i 's/maxUnits: 5000/maxUnits: 4000/' plans/icx-constitution.yaml
git commit -qam "tighten the unit limit"

.github/cutter/plan-changed.sh main cutter-plan.md || fail "plan-changed.sh exited $?"
grep -q '^## cutter plan: 1 plan file changed since main$' cutter-plan.md || fail "the report does not name the one changed plan"
grep -q '^### `plans/icx-constitution.yaml`$' cutter-plan.md || fail "the report has no section for the plan"
sg1="$(sed -n 's/^  SG_1: { id: KB-…, fingerprint: "\(sha256:[0-9a-f]\{64\}\)" }$/\1/p' cutter-plan.md)"
sg2="$(sed -n 's/^  SG_2: { id: KB-…, fingerprint: "\(sha256:[0-9a-f]\{64\}\)" }$/\1/p' cutter-plan.md)"
[ -n "$sg1" ] && [ -n "$sg2" ] || fail "the report does not print both fingerprints to pin"

# --- the reviewer records the decisions and pins them; the pull request is merged -----------
printf 'approvals:\n  SG_1: { id: KB-7001, fingerprint: "%s" }\n  SG_2: { id: KB-7002, fingerprint: "%s" }\n' "$sg1" "$sg2" >> plans/icx-constitution.yaml
git commit -qam "pin the approvals KB-7001 and KB-7002"
before="$(git rev-parse main)"
git checkout -q main && git merge -q --ff-only tighten-policy

# --- the push to main ------------------------------------------------------------------------
out="$(.github/cutter/apply-changed.sh "$before" 2>&1)" || { echo "$out"; fail "apply-changed.sh exited $?"; }
echo "$out" | grep -q '^plans/icx-constitution.yaml: closed out$' || { echo "$out"; fail "the plan did not close out"; }
echo "$out" | grep -Eq 'CLOSEOUT_REPORTED +closeout +KB-6839' || { echo "$out"; fail "cutter runs does not list the closed run"; }

# --- the same pinned approvals cannot pass a second run -------------------------------------
if out="$(.github/cutter/apply-changed.sh "$before" 2>&1)"; then echo "$out"; fail "a second apply with the same approvals passed"; fi
echo "$out" | grep -q 'approval_reused' || { echo "$out"; fail "the second apply was not refused as a reused approval"; }

# --- nothing changed: nothing to plan or apply -----------------------------------------------
.github/cutter/plan-changed.sh HEAD cutter-plan.md || fail "plan-changed.sh with no changed plan exited $?"
grep -q 'No plan file was added or changed' cutter-plan.md || fail "the empty report does not say so"
.github/cutter/apply-changed.sh HEAD | grep -q 'nothing to apply' || fail "apply-changed.sh with no changed plan"

bash -n .github/cutter/comment-on-pr.sh || fail "comment-on-pr.sh does not parse"
echo "example workflows: every step passed"
