#!/usr/bin/env bash
# Workstation batches: run several scans one after another in the background (nohup), each with its
# own log; safe to log out. Every scan runs as `quench run JOB --resume`: a fresh scan starts, a killed
# one continues where its journal ends, a finished one is only re-merged. So after a reboot or a kill,
# the same command again finishes the batch without recomputing anything.
#
#   cluster/local-batch.sh [--threads N] [--logs DIR] JOB.toml [JOB.toml ...]
#
# QUENCH=/path/to/quench overrides the binary (default: .build/release/quench of this checkout);
# QUENCH_BATCH_FOREGROUND=1 runs the batch in the foreground instead of detaching.
# Logs: DIR/batch.log (one line per scan: start, end, exit code) and DIR/<job>.log (quench's output);
# DIR defaults to batch-logs/. Exit codes of quench: README "Exit codes".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
QUENCH=${QUENCH:-$here/../.build/release/quench}
LOGS=batch-logs
RUN_OPTIONS=()
JOBS=()
original=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) [ $# -ge 2 ] || { echo "local-batch: --threads needs a number" >&2; exit 64; }
                   RUN_OPTIONS+=(--threads "$2"); shift 2 ;;
        --logs)    [ $# -ge 2 ] || { echo "local-batch: --logs needs a folder" >&2; exit 64; }
                   LOGS=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        -*)        echo "local-batch: unknown option $1 (allowed: --threads N, --logs DIR)" >&2; exit 64 ;;
        *)         JOBS+=("$1"); shift ;;
    esac
done
[ ${#JOBS[@]} -gt 0 ] || { echo "usage: $0 [--threads N] [--logs DIR] JOB.toml [JOB.toml ...]" >&2; exit 64; }
[ -x "$QUENCH" ] || { echo "local-batch: $QUENCH is not an executable; build with swift build -c release or set QUENCH" >&2; exit 64; }

mkdir -p "$LOGS"
note() { echo "$(date -Is) $*" >>"$LOGS/batch.log"; }

if [ -z "${QUENCH_BATCH_FOREGROUND:-}" ]; then
    # Check every job file before anything runs, then detach.
    for job in "${JOBS[@]}"; do "$QUENCH" check "$job" >/dev/null || exit 1; done
    QUENCH_BATCH_FOREGROUND=1 nohup "$0" "${original[@]}" >>"$LOGS/batch.log" 2>&1 </dev/null &
    echo "local-batch: ${#JOBS[@]} scan(s) running in the background (pid $!); progress: tail -f $LOGS/batch.log"
    echo "local-batch: stop with kill $! (the running scan syncs its journal); run the same command again to continue"
    exit 0
fi

# The running scan gets SIGTERM when the batch is stopped: it syncs its journal and exits 5.
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; note "batch stopped"; exit 5' TERM INT
failed=0
for job in "${JOBS[@]}"; do
    name=$(basename "$job" .toml)
    note "start $job (log $LOGS/$name.log)"
    "$QUENCH" run "$job" --resume ${RUN_OPTIONS[@]+"${RUN_OPTIONS[@]}"} >>"$LOGS/$name.log" 2>&1 &
    child=$!
    status=0
    wait "$child" || status=$?
    note "end $job: exit $status"
    [ "$status" -eq 0 ] || failed=$((failed + 1))
done
note "batch finished: ${#JOBS[@]} scan(s), $failed failed"
[ "$failed" -eq 0 ]
