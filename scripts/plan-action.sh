#!/usr/bin/env bash
# The run step of the Sekisho GitHub Action (action.yml): review a
# Terraform plan with `sekisho plan`, print the text review to the log,
# write the SARIF log for code scanning, and set the step's outputs.
#
# Environment (set by action.yml from its inputs):
#   SEKISHO_PLAN     the plan JSON (terraform show -json tfplan > plan.json); required
#   SEKISHO_SARIF    where to write the SARIF log (default sekisho-plan.sarif)
#   SEKISHO_ARGS     more flags for sekisho plan, split on spaces (e.g. "--tests guardrails/")
#   SEKISHO_FAIL_ON  findings (default): fail on any finding (exit 1 or 3);
#                    errors: fail only on failing cases and lint errors (exit 1);
#                    never: report only. A plan that cannot be read (exit 2)
#                    always fails.
#   SEKISHO_BIN      the sekisho binary (default: sekisho on PATH)
#   GITHUB_OUTPUT    the step's output file (set by GitHub Actions): exit-code, sarif
set -u

plan="${SEKISHO_PLAN:?SEKISHO_PLAN must name the plan JSON (terraform show -json tfplan > plan.json)}"
sarif="${SEKISHO_SARIF:-sekisho-plan.sarif}"
bin="${SEKISHO_BIN:-sekisho}"
fail_on="${SEKISHO_FAIL_ON:-findings}"
read -r -a args <<< "${SEKISHO_ARGS:-}"

case "$fail_on" in
  findings|errors|never) ;;
  *) echo "::error::fail-on must be findings, errors or never, not \"$fail_on\""; exit 2 ;;
esac

code=0
"$bin" plan --sarif "$sarif" "${args[@]}" "$plan" || code=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "exit-code=$code"; echo "sarif=$sarif"; } >> "$GITHUB_OUTPUT"
fi

case "$code" in
  0) exit 0 ;;
  2) echo "::error file=$plan::sekisho plan could not read the plan (see the message above)"; exit 2 ;;
  1) [ "$fail_on" = never ] && exit 0
     echo "::error::sekisho plan: failing cases or lint errors in the planned policies"; exit 1 ;;
  3) [ "$fail_on" = findings ] || exit 0
     echo "::error::sekisho plan: the plan adds access, has lint warnings, or has changes that cannot be reviewed before apply"; exit 3 ;;
  *) echo "::error::sekisho plan ended with exit code $code"; exit "$code" ;;
esac
