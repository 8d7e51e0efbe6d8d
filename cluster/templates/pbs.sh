#!/bin/bash
# quench {{SHAPE}} job for {{JOB_NAME}}, written by `quench submit` from cluster/templates/pbs.sh.
# Submitting this file again (qsub {{SCRIPT_NAME}}) continues the scan: finished points are not recomputed.
# Resources in PBS Pro / OpenPBS form; for Torque use: #PBS -l nodes={{NODES}}:ppn={{CPUS_PER_NODE}}
# (and -t instead of -J for arrays).
#PBS -N {{JOB_NAME}}
#PBS -l select={{NODES}}:ncpus={{CPUS_PER_NODE}}:mpiprocs={{NTASKS_PER_NODE}}:ompthreads={{THREADS}}
#PBS -l walltime={{TIME}}
#PBS -o {{LOG}}
#PBS -j oe
{{DIRECTIVES}}
set -u

# Site set-up: what provides OpenMPI and the Swift runtime on the compute nodes. Edit this template
# (cluster/templates/pbs.sh), or pass `quench submit --module NAME` / set QUENCH_MODULES="a b".
{{MODULES}}

QUENCH={{QUENCH}}
JOB={{JOB}}
OUTPUT={{OUTPUT}}
SCRIPT={{SCRIPT}}
LOGS={{LOGS}}
SHAPE={{SHAPE}}  # mpi: one MPI job for the whole scan; array: subjob i of K runs slice i/K
LAUNCHER={{LAUNCHER}}  # mpirun, or srun where PBS runs on top of Slurm
THREADS={{THREADS}}  # worker threads per MPI rank
NTASKS={{NTASKS}}  # MPI ranks: nodes × ranks per node
ARRAY_TASKS={{ARRAY_TASKS}}
STOP_AFTER={{STOP_AFTER}}  # seconds: the walltime minus a margin; then exit 6, resumable
RESUBMIT={{RESUBMIT}}  # 1: when stopped at the time limit, submit this script again
MAX_RESUBMISSIONS={{MAX_RESUBMISSIONS}}
RESUBMISSION=${QUENCH_RESUBMISSION:-0}
# PBS Pro: PBS_ARRAY_INDEX; Torque: PBS_ARRAYID; Slurm's qsub wrapper: SLURM_ARRAY_TASK_ID.
TASK_INDEX=${PBS_ARRAY_INDEX:-${PBS_ARRAYID:-${SLURM_ARRAY_TASK_ID:-}}}
JOB_ID=${PBS_JOBID:-${SLURM_JOB_ID:-?}}

export SWIFT_BACKTRACE=enable=no                 # no long crash dumps in the log
export OMP_NUM_THREADS=$THREADS
export QUENCH_PROGRESS_SECONDS=${QUENCH_PROGRESS_SECONDS:-60}
cd {{WORKDIR}} || exit 2

# quench line-buffers its standard output itself.
case "$LAUNCHER" in
    mpirun) LAUNCH=(mpirun -n "$NTASKS" --map-by "slot:PE=$THREADS" --bind-to core)
            [ -n "${PBS_NODEFILE:-}" ] && LAUNCH+=(--hostfile "$PBS_NODEFILE") ;;
    srun)   LAUNCH=(srun --mpi=pmix --unbuffered -n "$NTASKS" --cpus-per-task="$THREADS") ;;
    *)      echo "quench job: unknown launcher $LAUNCHER" >&2; exit 2 ;;
esac

ARGS=(run "$JOB" --output "$OUTPUT" --threads "$THREADS" --stop-after "$STOP_AFTER")
if [ "$SHAPE" = array ]; then
    ARGS+=(--slice "$TASK_INDEX/$ARRAY_TASKS")      # a slice joins the scan's journal
else
    # Always --resume: a fresh folder starts the scan, a requeued or resubmitted job continues it.
    # (quench submit checked the folder on the login node and applied --overwrite there.)
    ARGS+=(--resume)
fi

echo "quench job $JOB_ID${TASK_INDEX:+ (array index $TASK_INDEX)} on $(hostname), $(date -Is): ${LAUNCH[*]} $QUENCH ${ARGS[*]}"
"${LAUNCH[@]}" "$QUENCH" "${ARGS[@]}"
status=$?
echo "quench job: quench exited with $status at $(date -Is)"

if [ "$status" -eq 6 ]; then
    if [ "$SHAPE" = array ]; then
        # The merge step (run after every subjob) finds the points still missing and resubmits the array.
        echo "quench job: slice stopped at the time limit; its points so far are in the journal"
        exit 0
    fi
    if [ "$RESUBMIT" = 1 ]; then
        if [ "$RESUBMISSION" -ge "$MAX_RESUBMISSIONS" ]; then
            echo "quench job: stopped at the time limit after $RESUBMISSION resubmissions (the cap); continue with: qsub $SCRIPT" >&2
            exit 6
        fi
        next=$((RESUBMISSION + 1))
        if ! id=$(cd "$LOGS" && qsub -V -v QUENCH_RESUBMISSION=$next "$SCRIPT"); then
            echo "quench job: resubmission failed; continue with: qsub $SCRIPT" >&2
            exit 6
        fi
        "$QUENCH" record-submission "$OUTPUT" --scheduler pbs --shape "$SHAPE" --resubmission "$next" --job "$SHAPE:$id:$SCRIPT"
        echo "quench job: stopped at the time limit; resubmitted as job $id (resubmission $next of at most $MAX_RESUBMISSIONS)"
        exit 0
    fi
fi
exit "$status"
