#!/usr/bin/env bash
# Install the Debian 12 packages statmem needs to build, test and run, skipping those that
# are already present. Run as root (or with sudo available); safe to run again.
set -euo pipefail

packages=(
    g++ cmake ninja-build pkg-config git clang-format
    openmpi-bin libopenmpi-dev
    libhdf5-dev hdf5-tools
    libeigen3-dev libgtest-dev libgmock-dev libbenchmark-dev
    libcli11-dev libtoml11-dev libspdlog-dev libfmt-dev librandom123-dev zlib1g-dev
    dataset-fashion-mnist
    python3 python3-h5py python3-numpy python3-matplotlib
    slurm-wlm munge
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "install-deps: missing packages: ${missing[*]}" >&2
        echo "install-deps: run this script as root, or install them by hand" >&2
        exit 1
    fi
    run_as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${run_as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
