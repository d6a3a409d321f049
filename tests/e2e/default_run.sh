#!/usr/bin/env bash
# End to end: the built-in default run under mpirun with two ranks writes a valid file,
# `statmem info` reads it, and the Python tools summarise and plot it.
# Usage: default_run.sh STATMEM TOOLS_DIR WORKDIR
set -euo pipefail
statmem=$1
tools=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

OMP_NUM_THREADS=1 mpirun -np 2 --oversubscribe --bind-to none "$statmem" run >run.log 2>&1 || {
    cat run.log
    exit 1
}
grep -q "wrote statmem-default.h5" run.log
grep -q "|q\*|" run.log
test -s statmem-default.h5
if ls statmem-default.h5.tmp.* >/dev/null 2>&1; then
    echo "a temporary file was left behind"
    exit 1
fi

"$statmem" info statmem-default.h5 >info.log
grep -q "/summary/mean/abs_q_teacher" info.log

/usr/bin/python3 "$tools/statmem_summary.py" statmem-default.h5 >summary.log
grep -q "abs_q_teacher\|q\*" summary.log
/usr/bin/python3 "$tools/statmem_plot.py" statmem-default.h5 --out plots >plot.log
count=$(find plots -name '*.png' -size +1k | wc -l)
if [ "$count" -lt 3 ]; then
    echo "expected at least 3 non-empty PNG plots, found $count"
    exit 1
fi

# A second run without --force must leave the first file untouched.
before=$(sha256sum statmem-default.h5)
if "$statmem" run >second.log 2>&1; then
    echo "a second run overwrote the output without --force"
    exit 1
fi
grep -q "already exists" second.log
test "$before" = "$(sha256sum statmem-default.h5)"
echo "default run, info, summary and $count plots OK"
