#!/usr/bin/env bash
# A one-machine Slurm for the scheduler tests (munge + slurmctld + slurmd, started by hand; no systemd).
#
#   scripts/slurm-test-cluster.sh start    # install the Debian packages if missing, configure, start, wait for idle
#   scripts/slurm-test-cluster.sh status   # exit 0 if the test cluster answers and its node is idle or busy
#   scripts/slurm-test-cluster.sh stop     # scontrol shutdown, then end the munged this script started
#
# Must run as root (it writes /etc/slurm/slurm.conf and starts daemons). An existing slurm.conf that this
# script did not write is never overwritten: the script stops with an error instead. The node claims 4 CPUs
# whatever the machine has (SlurmdParameters=config_overrides), so 2-rank jobs fit on a 2-core machine.
# Recipe: ../shared/TOOLCHAIN.md, "Slurm on one machine".
set -euo pipefail

CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
STATE=/var/lib/quench-slurm            # spool, state and logs of the test cluster
MARKER="# written by quench scripts/slurm-test-cluster.sh"
HOST=$(hostname -s)

say() { echo "slurm-test-cluster: $*" >&2; }

install_packages() {
    local missing=()
    for program in slurmctld slurmd sbatch munged qsub; do
        command -v "$program" >/dev/null 2>&1 || missing+=("$program")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Slurm and munge (missing: ${missing[*]})"
    export DEBIAN_FRONTEND=noninteractive
    local packages="slurm-wlm slurmctld slurmd slurm-client munge slurm-wlm-torque"
    apt-get install -y --no-install-recommends $packages >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends $packages >/dev/null; }
}

write_conf() {
    if [ -f "$CONF" ] && ! grep -qF "$MARKER" "$CONF"; then
        say "error: $CONF exists and was not written by this script; not overwriting it"
        exit 1
    fi
    mkdir -p "$CONF_DIR"
    cat > "$CONF.tmp" <<EOF
$MARKER
ClusterName=quench-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=600
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=4 State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
    mv "$CONF.tmp" "$CONF"
}

# Runs a daemon with none of our file descriptors but 0–2, and those on /dev/null. A daemon that
# kept a descriptor of its caller open would keep a caller that watches it waiting: Foundation's
# Process (the tests' Command.run) learns that its child ended when an inherited socket closes, so
# `start` launched from a test would never be seen to end while the daemons run.
detached() {
    ( for fd in /proc/self/fd/*; do
          fd=${fd##*/}
          [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
      done
      exec "$@" </dev/null >/dev/null 2>&1 )
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
    munge_works && return 0
    mkdir -p /run/munge /var/log/munge /var/lib/munge /etc/munge
    if [ ! -s /etc/munge/munge.key ]; then
        if command -v mungekey >/dev/null 2>&1; then mungekey --create --force >/dev/null 2>&1 || true; fi
        [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    fi
    chown -R munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge
    chmod 700 /etc/munge; chmod 400 /etc/munge/munge.key
    detached runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge_works && return 0; sleep 0.1; done
    say "error: munged did not start"; exit 1
}

cluster_ready() {
    local state
    state=$(sinfo -h -o '%t' 2>/dev/null | head -1) || return 1
    case "$state" in idle*|mix*|alloc*) return 0 ;; *) return 1 ;; esac
}

start() {
    [ "$(id -u)" -eq 0 ] || { say "error: run as root"; exit 1; }
    if [ -f "$CONF" ] && grep -qF "$MARKER" "$CONF" && cluster_ready; then say "already running"; sinfo; return 0; fi
    install_packages
    write_conf
    start_munge
    # Stale state (a DRAIN node, old jobs) survives restarts: start from empty folders.
    [ -f "$STATE/slurmctld.pid" ] && kill "$(cat "$STATE/slurmctld.pid")" 2>/dev/null || true
    [ -f "$STATE/slurmd.pid" ] && kill "$(cat "$STATE/slurmd.pid")" 2>/dev/null || true
    rm -rf "$STATE/ctld" "$STATE/d"
    mkdir -p "$STATE/ctld" "$STATE/d" "$STATE/log"
    detached slurmctld
    detached slurmd
    for _ in $(seq 300); do
        if cluster_ready; then sinfo; return 0; fi
        sleep 0.1
    done
    say "error: the node did not become idle; logs in $STATE/log"
    sinfo >&2 || true
    tail -20 "$STATE/log/slurmctld.log" "$STATE/log/slurmd.log" >&2 || true
    exit 1
}

stop() {
    scontrol shutdown >/dev/null 2>&1 || true
    for _ in $(seq 50); do
        [ -f "$STATE/slurmctld.pid" ] && kill -0 "$(cat "$STATE/slurmctld.pid")" 2>/dev/null || break
        sleep 0.1
    done
    [ -f /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    say "stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if [ -f "$CONF" ] && grep -qF "$MARKER" "$CONF" && cluster_ready; then sinfo; else say "not running"; exit 1; fi ;;
    *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
