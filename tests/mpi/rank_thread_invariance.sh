#!/usr/bin/env bash
# Run one config on 1, 2 and 3 MPI ranks and with 1 and 2 OpenMP threads, and require
# every output file to equal the first bit for bit (provenance attributes aside).
# Usage: rank_thread_invariance.sh STATMEM COMPARE_PY CONFIG WORKDIR
set -euo pipefail
statmem=$1
compare=$2
config=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1

run() {
    local ranks=$1 threads=$2 name=$3
    OMP_NUM_THREADS=$threads mpirun -np "$ranks" --oversubscribe --bind-to none \
        "$statmem" run "$config" --output "$work/$name.h5" >"$work/$name.log" 2>&1 || {
        echo "run with $ranks rank(s) x $threads thread(s) failed:"
        cat "$work/$name.log"
        exit 1
    }
}

run 1 1 r1t1
run 2 1 r2t1
run 3 1 r3t1
run 1 2 r1t2
run 2 2 r2t2

for other in r2t1 r3t1 r1t2 r2t2; do
    if ! /usr/bin/python3 "$compare" "$work/r1t1.h5" "$work/$other.h5"; then
        echo "output of $other differs from 1 rank x 1 thread"
        exit 1
    fi
done
# The provenance must record the layout that produced each file.
/usr/bin/python3 - "$work" <<'PY'
import sys, h5py
work = sys.argv[1]
for name, ranks, threads in [("r1t1", 1, 1), ("r3t1", 3, 1), ("r2t2", 2, 2)]:
    with h5py.File(f"{work}/{name}.h5", "r") as f:
        assert f.attrs["ranks"] == ranks, (name, f.attrs["ranks"])
        assert f.attrs["threads"] == threads, (name, f.attrs["threads"])
print("provenance records ranks and threads")
PY
echo "identical output for 1, 2, 3 ranks and 1, 2 threads"
