#!/bin/bash
# quench {{SHAPE}} job for {{JOB_NAME}}, written by `quench submit` from cluster/templates/slurm.sh.
# Submitting this file again (sbatch {{SCRIPT_NAME}}) continues the scan: finished points are not recomputed.
#SBATCH --job-name={{JOB_NAME}}
#SBATCH --nodes={{NODES}}
#SBATCH --ntasks-per-node={{NTASKS_PER_NODE}}
#SBATCH --cpus-per-task={{THREADS}}
#SBATCH --time={{TIME}}
#SBATCH --output={{LOG}}
{{DIRECTIVES}}
set -u

# Site set-up: what provides OpenMPI and the Swift runtime on the compute nodes. Edit this template
# (cluster/templates/slurm.sh), or pass `quench submit --module NAME` / set QUENCH_MODULES="a b".
{{MODULES}}

QUENCH={{QUENCH}}
JOB={{JOB}}
OUTPUT={{OUTPUT}}
SCRIPT={{SCRIPT}}
SHAPE={{SHAPE}}  # mpi: one MPI job for the whole scan; array: task i of K runs slice i/K
LAUNCHER={{LAUNCHER}}  # srun (--mpi=pmix) or mpirun
THREADS={{THREADS}}  # worker threads per MPI rank
ARRAY_TASKS={{ARRAY_TASKS}}
STOP_AFTER={{STOP_AFTER}}  # seconds: the --time limit minus a margin; then exit 6, resumable
RESUBMIT={{RESUBMIT}}  # 1: when stopped at the time limit, submit this script again
MAX_RESUBMISSIONS={{MAX_RESUBMISSIONS}}
RESUBMISSION=${QUENCH_RESUBMISSION:-0}

export SWIFT_BACKTRACE=enable=no                 # no long crash dumps in the log
export OMP_NUM_THREADS=$THREADS
export QUENCH_PROGRESS_SECONDS=${QUENCH_PROGRESS_SECONDS:-60}
cd {{WORKDIR}} || exit 2

# quench line-buffers its standard output itself; srun --unbuffered passes lines on as they come.
case "$LAUNCHER" in
    srun)   LAUNCH=(srun --mpi=pmix --unbuffered --cpus-per-task="$THREADS") ;;
    mpirun) LAUNCH=(mpirun -n "$SLURM_NTASKS" --map-by "slot:PE=$THREADS" --bind-to core) ;;
    *)      echo "quench job: unknown launcher $LAUNCHER" >&2; exit 2 ;;
esac

ARGS=(run "$JOB" --output "$OUTPUT" --threads "$THREADS" --stop-after "$STOP_AFTER")
if [ "$SHAPE" = array ]; then
    ARGS+=(--slice "$SLURM_ARRAY_TASK_ID/$ARRAY_TASKS")      # a slice joins the scan's journal
else
    # Always --resume: a fresh folder starts the scan, a requeued or resubmitted job continues it.
    # (quench submit checked the folder on the login node and applied --overwrite there.)
    ARGS+=(--resume)
fi

echo "quench job ${SLURM_JOB_ID:-?}${SLURM_ARRAY_TASK_ID:+ (array task $SLURM_ARRAY_TASK_ID)} on $(hostname), $(date -Is): ${LAUNCH[*]} $QUENCH ${ARGS[*]}"
"${LAUNCH[@]}" "$QUENCH" "${ARGS[@]}"
status=$?
echo "quench job: quench exited with $status at $(date -Is)"

if [ "$status" -eq 6 ]; then
    if [ "$SHAPE" = array ]; then
        # The merge step (run after every task) finds the points still missing and resubmits the array.
        echo "quench job: slice stopped at the time limit; its points so far are in the journal"
        exit 0
    fi
    if [ "$RESUBMIT" = 1 ]; then
        if [ "$RESUBMISSION" -ge "$MAX_RESUBMISSIONS" ]; then
            echo "quench job: stopped at the time limit after $RESUBMISSION resubmissions (the cap); continue with: sbatch $SCRIPT" >&2
            exit 6
        fi
        next=$((RESUBMISSION + 1))
        if ! id=$(sbatch --parsable --export=ALL,QUENCH_RESUBMISSION=$next "$SCRIPT"); then
            echo "quench job: resubmission failed; continue with: sbatch $SCRIPT" >&2
            exit 6
        fi
        id=${id%%;*}
        "$QUENCH" record-submission "$OUTPUT" --scheduler slurm --shape "$SHAPE" --resubmission "$next" --job "$SHAPE:$id:$SCRIPT"
        echo "quench job: stopped at the time limit; resubmitted as job $id (resubmission $next of at most $MAX_RESUBMISSIONS)"
        exit 0
    fi
fi
exit "$status"
