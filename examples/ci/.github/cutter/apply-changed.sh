#!/usr/bin/env bash
# Applies every plan file added or changed since <before> (the commit main was at before the push),
# each through the approvals pinned in it. Run by .github/workflows/cutter-apply.yml.
# Exit 0 when every run closed out; otherwise 1, after trying every plan, with each run that did
# not close out named (paused at a gate without a pinned approval, refused, or failed).
set -uo pipefail
before="${1:?usage: apply-changed.sh <before-commit>}"
if [[ "$before" =~ ^0+$ ]]; then
  # GitHub sends zeros when the branch had no commit before this push: there is nothing to compare.
  echo "::error::main had no earlier commit to compare with; apply the plans by hand: cutter apply <plan>"
  exit 1
fi

listing="$(cutter validate --changed-since "$before" --json)" || { echo "$listing"; exit 1; }
mapfile -t plans < <(printf '%s' "$listing" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    for (const f of JSON.parse(s).files) console.log(f.file);
  });')

if [ "${#plans[@]}" -eq 0 ]; then
  echo "No plan file was added or changed since $before: nothing to apply."
  exit 0
fi

failed=0
for plan in "${plans[@]}"; do
  echo "::group::cutter apply $plan"
  cutter apply "$plan"
  code=$?
  echo "::endgroup::"
  case "$code" in
    0) echo "$plan: closed out" ;;
    3) echo "::error file=$plan::the run stops at a sovereign gate: pin the approval for the fingerprint it shows, or resume the run by hand"; failed=1 ;;
    4) echo "::error file=$plan::refused (exit 4): see the message above"; failed=1 ;;
    *) echo "::error file=$plan::failed (exit $code)"; failed=1 ;;
  esac
done

cutter runs
exit "$failed"
