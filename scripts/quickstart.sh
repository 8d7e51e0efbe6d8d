#!/usr/bin/env bash
# Installs OpenMPI and HDF5 from Debian if they are missing, builds quench (release) and runs the shipped
# two-level Landau–Zener scan, jobs/lz-two-level.toml, into results/lz-two-level/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mpirun >/dev/null 2>&1 || ! pkg-config --exists ompi 2>/dev/null || ! pkg-config --exists hdf5-serial 2>/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends libopenmpi-dev openmpi-bin libhdf5-dev pkg-config
fi

swift build -c release
.build/release/quench run jobs/lz-two-level.toml --overwrite
echo "results: results/lz-two-level/results.csv and results.h5 (manifest.json beside them)"
