#!/usr/bin/env bash
# Validates the plan files changed since <base-ref> and writes one Markdown report of their plans
# to <report>. Run by .github/workflows/cutter-plan.yml; runs the same on a laptop:
#   .github/cutter/plan-changed.sh origin/main cutter-plan.md
# Exit 0: every changed plan is valid and planned (changes or none); 1: an invalid plan or an
# error; 4: a policy gate refused a plan. The report is written in every case, for the comment.
set -uo pipefail
base="${1:?usage: plan-changed.sh <base-ref> <report.md>}"
report="${2:?usage: plan-changed.sh <base-ref> <report.md>}"

cutter validate --changed-since "$base"
valid=$?

cutter plan --changed-since "$base" --format markdown > "$report"
planned=$?
# 2 means "changes present", the expected outcome of a pull request that edits a plan.
if [ "$planned" -eq 2 ]; then planned=0; fi

if [ "$valid" -ne 0 ]; then exit "$valid"; fi
exit "$planned"
