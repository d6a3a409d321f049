#!/usr/bin/env bash
# Submit jobs/statmem-run.sbatch to a one-node Slurm cluster on loopback and check the
# job's exit state, its log and its result file:
#   1. a 2-rank run launched by mpirun completes and writes a file with ranks = 2,
#   2. the same run launched by srun does too,
#   3. an invalid config fails in the dry run with exit code 2 and starts no rank.
# The cluster is started in WORKDIR/cluster and stopped on exit, also on failure.
# Usage: batch_script.sh STATMEM JOBS_DIR TEST_DIR WORKDIR
set -euo pipefail
statmem=$1
jobs_dir=$2
test_dir=$3
work=$4
cluster=$work/cluster
runs=$work/runs

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for tool in sbatch scontrol slurmctld slurmd munged; do
    command -v "$tool" >/dev/null ||
        fail "$tool not found: Slurm is not installed; run tools/install-deps.sh as root" \
            "to install slurm-wlm and munge"
done

# A run killed with SIGKILL (as a timeout may do) skips the EXIT trap, so stop its
# daemons first.
if [ -d "$cluster" ]; then
    "$jobs_dir/local-slurm.sh" stop "$cluster" >/dev/null
fi
rm -rf "$work"
mkdir -p "$runs"

stop_cluster() {
    "$jobs_dir/local-slurm.sh" stop "$cluster" || true
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

started=$SECONDS
"$jobs_dir/local-slurm.sh" start "$cluster"
echo "cluster up after $((SECONDS - started)) s"

export SLURM_CONF=$cluster/slurm.conf
export STATMEM=$statmem
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
unset STATMEM_CONFIG STATMEM_OUTPUT STATMEM_LAUNCHER

# Submit the batch script with `sbatch --wait` and store the job id in job_id and
# sbatch's exit code (the job's exit code) in job_status.
# Usage: submit NAME CONFIG [sbatch options...]
submit() {
    local name=$1 config=$2
    shift 2
    local begin=$SECONDS
    job_status=0
    job_id=$(sbatch --parsable --wait --job-name="$name" --ntasks=2 --cpus-per-task=1 \
        --time=00:05:00 --chdir="$runs" --output="$runs/$name.log" "$@" \
        "$jobs_dir/statmem-run.sbatch" "$config") || job_status=$?
    job_id=${job_id%%;*}
    echo "job $name ($job_id) exited with code $job_status after $((SECONDS - begin)) s"
}

# Print FIELD of `scontrol show job JOB_ID`. Without accounting, slurmctld keeps a
# finished job for MinJobAge (300 s by default), which is far longer than this test.
job_field() {
    scontrol -o show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# Fail with MESSAGE and the log of job NAME unless COMMAND succeeds.
# Usage: expect NAME MESSAGE COMMAND...
expect() {
    local name=$1 message=$2
    shift 2
    if ! "$@"; then
        echo "--- $runs/$name.log" >&2
        cat "$runs/$name.log" >&2 || true
        fail "job $name: $message"
    fi
}

check_result() {
    local name=$1 file=$2
    expect "$name" "sbatch --wait returned $job_status, expected 0" [ "$job_status" -eq 0 ]
    expect "$name" "JobState is $(job_field "$job_id" JobState), expected COMPLETED" \
        [ "$(job_field "$job_id" JobState)" = COMPLETED ]
    expect "$name" "ExitCode is $(job_field "$job_id" ExitCode), expected 0:0" \
        [ "$(job_field "$job_id" ExitCode)" = 0:0 ]
    expect "$name" "log lacks 'statmem exited with code 0'" \
        grep -q "statmem exited with code 0" "$runs/$name.log"
    expect "$name" "result file $file is missing" [ -f "$file" ]
    /usr/bin/python3 - "$file" <<'PY' || fail "job $name: result file $file has wrong provenance"
import sys
import h5py

with h5py.File(sys.argv[1], "r") as f:
    ranks = int(f.attrs["ranks"])
    threads = int(f.attrs["threads"])
    assert ranks == 2, f"ranks = {ranks}, expected 2"
    assert threads == 1, f"threads = {threads}, expected 1 (OMP_NUM_THREADS from --cpus-per-task)"
    assert "summary" in f, "group /summary is missing"
print(f"{sys.argv[1]}: ranks = {ranks}, threads = {threads}")
PY
}

# 1. mpirun launch; the result file takes the script's default name statmem-JOBID.h5.
submit mpirun "$test_dir/tiny.toml"
check_result mpirun "$runs/statmem-$job_id.h5"

# 2. srun launch with Slurm's PMIx plugin, which Debian's Open MPI supports.
STATMEM_LAUNCHER=srun STATMEM_OUTPUT=$runs/srun.h5 submit srun "$test_dir/tiny.toml"
check_result srun "$runs/srun.h5"
expect srun "log lacks the srun command line" grep -q "running: srun --mpi=pmix" "$runs/srun.log"

# 3. An invalid config fails in the dry run, before any rank starts.
submit invalid "$test_dir/invalid.toml"
expect invalid "sbatch --wait returned $job_status, expected 2" [ "$job_status" -eq 2 ]
expect invalid "JobState is $(job_field "$job_id" JobState), expected FAILED" \
    [ "$(job_field "$job_id" JobState)" = FAILED ]
expect invalid "ExitCode is $(job_field "$job_id" ExitCode), expected 2:0" \
    [ "$(job_field "$job_id" ExitCode)" = 2:0 ]
expect invalid "log lacks 'statmem exited with code 2'" \
    grep -q "statmem exited with code 2" "$runs/invalid.log"
expect invalid "log lacks statmem's message on model.N" \
    grep -q "invalid config value model.N" "$runs/invalid.log"
expect invalid "ranks were launched although the dry run failed" \
    bash -c "! grep -q 'running:' '$runs/invalid.log'"
runtime=$(job_field "$job_id" RunTime)
runtime_seconds=$(echo "$runtime" | awk -F: '{print $1 * 3600 + $2 * 60 + $3}')
expect invalid "RunTime is $runtime, expected at most 10 s" [ "$runtime_seconds" -le 10 ]

echo "batch script: mpirun and srun runs completed, invalid config failed with code 2" \
    "in $runtime; total $((SECONDS - started)) s"
