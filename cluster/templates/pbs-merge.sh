#!/bin/bash
# quench merge step for {{JOB_NAME}}, written by `quench submit` from cluster/templates/pbs-merge.sh.
# Runs after every subjob of the array succeeded (afterok); merges the slices' journals into results.csv.
#PBS -N {{JOB_NAME}}-merge
#PBS -l select=1:ncpus=1
#PBS -l walltime={{MERGE_TIME}}
#PBS -o {{LOG}}
#PBS -j oe
{{DIRECTIVES}}
set -u

# Site set-up (see cluster/templates/pbs.sh).
{{MODULES}}

QUENCH={{QUENCH}}
JOB={{JOB}}
OUTPUT={{OUTPUT}}
SCRIPT={{SCRIPT}}
ARRAY_SCRIPT={{ARRAY_SCRIPT}}
LOGS={{LOGS}}
RESUBMIT={{RESUBMIT}}  # 1: when slices stopped at the time limit, submit the array and this step again
MAX_RESUBMISSIONS={{MAX_RESUBMISSIONS}}
RESUBMISSION=${QUENCH_RESUBMISSION:-0}

export SWIFT_BACKTRACE=enable=no
cd {{WORKDIR}} || exit 2

echo "quench merge ${PBS_JOBID:-${SLURM_JOB_ID:-?}} on $(hostname), $(date -Is)"
"$QUENCH" merge "$JOB" --output "$OUTPUT"
status=$?
echo "quench merge: exited with $status at $(date -Is)"

if [ "$status" -eq 6 ] && [ "$RESUBMIT" = 1 ]; then
    if [ "$RESUBMISSION" -ge "$MAX_RESUBMISSIONS" ]; then
        echo "quench merge: points remain after $RESUBMISSION resubmissions (the cap); continue with quench submit ... --resume" >&2
        exit 6
    fi
    next=$((RESUBMISSION + 1))
    array=$(cd "$LOGS" && qsub -V -v QUENCH_RESUBMISSION=$next "$ARRAY_SCRIPT") || { echo "quench merge: resubmission failed" >&2; exit 6; }
    merge=$(cd "$LOGS" && qsub -V -v QUENCH_RESUBMISSION=$next -W depend=afterok:$array "$SCRIPT") || { echo "quench merge: resubmission of the merge step failed (array $array is queued)" >&2; exit 6; }
    "$QUENCH" record-submission "$OUTPUT" --scheduler pbs --shape array --resubmission "$next" --job "array:$array:$ARRAY_SCRIPT" --job "merge:$merge:$SCRIPT"
    echo "quench merge: slices stopped at the time limit; resubmitted the array as job $array and this step as $merge (resubmission $next of at most $MAX_RESUBMISSIONS)"
    exit 0
fi
exit "$status"
