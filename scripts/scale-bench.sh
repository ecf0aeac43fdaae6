#!/bin/bash
# The measurements behind the README's scale table and its iam-simulate
# comparison, in one run: the organization-wide benchmarks at 1,000
# accounts (23,000 and 103,000 principals), the model load of 100,000
# roles, the audit, and `sekisho test` against iam-simulate on the same
# 10,000 cases (five pairs of whole-process runs in turn; needs node and
# npm). Run it from the repository root on an idle machine; it takes about
# five minutes. Figures from different runs do not compare: only those of
# one run, and the "baselines" ratios, do.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== $(date -u +%FT%TZ) $(git rev-parse --short HEAD) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -c -o "$tmp/analysis.test" ./analysis
go test -c -o "$tmp/synth.test" ./model/synth
go build -o "$tmp/sekisho" ./cmd/sekisho
(cd analysis && for roles in 20 100; do for _ in 1 2 3; do
  "$tmp/analysis.test" -test.run '^$' -test.bench 'BenchmarkScale(Load|WhatCanReadOnly|LeakInstance|WhoCanWorst)$' \
    -test.benchtime 1x -scale.accounts 1000 -scale.roles "$roles" | grep '^Bench' | sed "s/^/roles=$roles /"
done; done)
(cd model/synth && "$tmp/synth.test" -test.run '^$' -test.bench Load -test.benchtime 1x \
  -synth.accounts 1000 -synth.roles 100 -test.count 3 | grep '^Bench')
(cd analysis && for _ in 1 2; do
  "$tmp/analysis.test" -test.run '^$' -test.bench 'BenchmarkScaleAudit$' -test.benchtime 1x -scale.accounts 1000 | grep '^Bench'
done
"$tmp/analysis.test" -test.run '^$' -test.bench 'BenchmarkScaleAudit$' -test.benchtime 1x -scale.accounts 300 -scale.roles 100 |
  grep '^Bench' | sed 's/^/roles=100 /')
echo "== sekisho test and iam-simulate on the same 10,000 cases: wall s, user s, sys s, peak KiB"
go run ./scripts/iam-simulate-bench/writecases -out "$tmp/cases" > /dev/null
(cd scripts/iam-simulate-bench && npm ci --silent > /dev/null)
for _ in 1 2 3 4 5; do
  /usr/bin/time -f 'iam-simulate %e %U %S %M' node scripts/iam-simulate-bench/harness.mjs "$tmp/cases/cases.json" > /dev/null
  /usr/bin/time -f 'sekisho %e %U %S %M' "$tmp/sekisho" test --now 2026-01-01T00:00:00Z "$tmp/cases/cases.json" > /dev/null
done
echo "== end $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
