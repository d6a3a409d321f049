#!/usr/bin/env bash
# SIGTERM while rank 0 writes the result must leave neither the file nor its temporary.
# Usage: signal_cleanup.sh STATMEM WORKDIR
set -euo pipefail
statmem=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# Many tiny tasks: sampling is quick and writing 20000 sample groups takes seconds.
"$statmem" run --set model.N=12 'scan.alpha=[1.0]' 'scan.T=[2.0]' scan.samples=20000 \
    'scan.nishimori_ladder=[1.0]' sampler.burn_in=0 sampler.sweeps=20 sampler.bins=2 \
    --output result.h5 >run.log 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
    if compgen -G "result.h5.tmp.*" >/dev/null; then
        kill -TERM "$pid"
        break
    fi
    sleep 0.05
done
status=0
wait "$pid" || status=$?
if [ "$status" -ne 143 ]; then
    echo "expected death by SIGTERM (exit 143), got $status; the temporary file may never have appeared"
    cat run.log
    exit 1
fi
if compgen -G "result.h5*" >/dev/null; then
    echo "files left behind after SIGTERM:"
    ls -l result.h5*
    exit 1
fi
echo "SIGTERM during writing left no file behind"
