#!/usr/bin/env bash
# The suite on a busy machine: CLONES fresh clones of this repository's HEAD, each installed with
# `npm ci`, then their `npm test`s started at the same moment, ROUNDS times in a row. Prints each
# run's time and outcome; exits non-zero if any run failed. Everything it starts is stopped by its
# process id when it ends or is interrupted.
#   scripts/concurrent_test_runs.sh [CLONES=3] [ROUNDS=3] [WORKDIR=a new temp folder]
set -uo pipefail
clones=${1:-3}
rounds=${2:-3}
work=${3:-$(mktemp -d -t owl-services-concurrent-XXXX)}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
}
trap 'stop_all; exit 130' INT TERM

echo "clones of $(git -C "$repo" rev-parse --short HEAD) in $work"
for i in $(seq 1 "$clones"); do
  git clone -q "$repo" "$work/clone$i" || exit 1
  (cd "$work/clone$i" && npm ci --no-audit --no-fund >"$work/clone$i.install.log" 2>&1) || { echo "npm ci failed in clone$i (see $work/clone$i.install.log)"; exit 1; }
done

failed=0
for round in $(seq 1 "$rounds"); do
  pids=()
  for i in $(seq 1 "$clones"); do
    # Each run in a process group of its own, so that stopping it stops its workers and browsers.
    setsid bash -c "cd '$work/clone$i' && start=\$(date +%s) && npm test >'$work/round$round.clone$i.log' 2>&1; status=\$?; echo \"\$status \$((\$(date +%s) - start))\" >'$work/round$round.clone$i.result'" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  pids=()
  for i in $(seq 1 "$clones"); do
    read -r status seconds <"$work/round$round.clone$i.result"
    summary=$(sed 's/\x1b\[[0-9;]*m//g' "$work/round$round.clone$i.log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *//')
    outcome=$([ "$status" = 0 ] && echo passed || echo FAILED)
    [ "$status" = 0 ] || failed=$((failed + 1))
    echo "round $round, clone $i: $outcome in $seconds s ($summary)"
  done
done
echo "$failed failed run(s) of $((clones * rounds)); logs in $work"
[ "$failed" = 0 ]
