#!/bin/bash
# quench merge step for {{JOB_NAME}}, written by `quench submit` from cluster/templates/slurm-merge.sh.
# Runs after every task of the array job succeeded (afterok); merges the slices' journals into results.csv.
#SBATCH --job-name={{JOB_NAME}}-merge
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --time={{MERGE_TIME}}
#SBATCH --output={{LOG}}
{{DIRECTIVES}}
set -u

# Site set-up (see cluster/templates/slurm.sh).
{{MODULES}}

QUENCH={{QUENCH}}
JOB={{JOB}}
OUTPUT={{OUTPUT}}
SCRIPT={{SCRIPT}}
ARRAY_SCRIPT={{ARRAY_SCRIPT}}
RESUBMIT={{RESUBMIT}}  # 1: when slices stopped at the time limit, submit the array and this step again
MAX_RESUBMISSIONS={{MAX_RESUBMISSIONS}}
RESUBMISSION=${QUENCH_RESUBMISSION:-0}

export SWIFT_BACKTRACE=enable=no
cd {{WORKDIR}} || exit 2

echo "quench merge ${SLURM_JOB_ID:-?} on $(hostname), $(date -Is)"
"$QUENCH" merge "$JOB" --output "$OUTPUT"
status=$?
echo "quench merge: exited with $status at $(date -Is)"

if [ "$status" -eq 6 ] && [ "$RESUBMIT" = 1 ]; then
    if [ "$RESUBMISSION" -ge "$MAX_RESUBMISSIONS" ]; then
        echo "quench merge: points remain after $RESUBMISSION resubmissions (the cap); continue with quench submit ... --resume" >&2
        exit 6
    fi
    next=$((RESUBMISSION + 1))
    array=$(sbatch --parsable --export=ALL,QUENCH_RESUBMISSION=$next "$ARRAY_SCRIPT") || { echo "quench merge: resubmission failed" >&2; exit 6; }
    array=${array%%;*}
    merge=$(sbatch --parsable --dependency=afterok:$array --export=ALL,QUENCH_RESUBMISSION=$next "$SCRIPT") || { echo "quench merge: resubmission of the merge step failed (array $array is queued)" >&2; exit 6; }
    merge=${merge%%;*}
    "$QUENCH" record-submission "$OUTPUT" --scheduler slurm --shape array --resubmission "$next" --job "array:$array:$ARRAY_SCRIPT" --job "merge:$merge:$SCRIPT"
    echo "quench merge: slices stopped at the time limit; resubmitted the array as job $array and this step as $merge (resubmission $next of at most $MAX_RESUBMISSIONS)"
    exit 0
fi
exit "$status"
