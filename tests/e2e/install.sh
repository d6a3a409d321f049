#!/usr/bin/env bash
# `cmake --install` puts a working statmem and the Python tools under a fresh prefix.
# Usage: install.sh BUILD_DIR WORKDIR
set -euo pipefail
build=$1
prefix=$2/prefix
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/statmem" --version
"$prefix/bin/statmem" run --dry-run --output "$2/never-written.h5" | grep -q "config valid"
for tool in statmem_summary.py statmem_plot.py statmem_compare.py; do
    "$prefix/bin/$tool" --help >/dev/null
done
test -f "$prefix/share/statmem/examples/quick.toml"
echo "install OK"
