#!/usr/bin/env bash
# Installs OpenMPI from Debian if it is missing, builds quench (release) and runs the shipped
# two-level Landau–Zener scan, jobs/lz-two-level.toml, into results/lz-two-level/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mpirun >/dev/null 2>&1 || ! pkg-config --exists ompi 2>/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends libopenmpi-dev openmpi-bin pkg-config
fi

swift build -c release
.build/release/quench run jobs/lz-two-level.toml --overwrite
echo "results: results/lz-two-level/results.csv (manifest.json beside it)"
