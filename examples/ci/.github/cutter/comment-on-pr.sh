#!/usr/bin/env bash
# Posts <report> as the pull request's cutter comment, or edits that comment in place: it is found
# by the hidden marker on its first line, among the comments of this workflow's bot, so every push
# updates one comment instead of adding another. Uses the GitHub CLI (preinstalled on GitHub's
# runners; GH_TOKEN and GITHUB_REPOSITORY come from the workflow).
set -euo pipefail
pr="${1:?usage: comment-on-pr.sh <pr-number> <report.md>}"
report="${2:?usage: comment-on-pr.sh <pr-number> <report.md>}"
marker='<!-- cutter-plan -->'
bot="${CUTTER_COMMENT_AUTHOR:-github-actions[bot]}"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
{ printf '%s\n' "$marker"; cat "$report"; } > "$body"

existing="$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" \
  --jq ".[] | select(.user.login == \"$bot\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)"
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$body" > /dev/null
  echo "updated comment $existing on pull request #$pr"
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -F "body=@$body" > /dev/null
  echo "posted the plan comment on pull request #$pr"
fi
