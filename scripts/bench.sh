#!/usr/bin/env bash
# Load runs of every instrumentation mode (issue 4): builds Release, starts the DataKit-style endpoint, runs
# baseline, manual, auto and programmatic in interleaved rounds, and writes benchmarks/results/ (report.md,
# load-runs.csv, startup.csv, endpoint-ingest.csv, chart.svg). The server under test runs pinned to its own CPU, the
# harness to the others (`--no-isolation` turns it off). The full run (about 37 minutes) also runs each mode's
# variants in closed-64, for the cost per stage, per signal, of the hop (/chain) and of the exporter's retry;
# `--variants` runs them in every scenario (about 90), `--no-variants` skips them (about 10). `--quick` takes under
# 2 minutes, without variants unless asked for. Every run ends with the endpoint's ingest rate (spans/s per core,
# gRPC and OTLP/HTTP), which also prices the endpoint's decoding in the breakdown; `--endpoint-ingest` runs only
# that, `--no-endpoint-ingest` skips it.
# Every option: scripts/bench.sh --help
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# The servers and the agent, as run-mode.sh runs them (Release, skipped when up to date).
scripts/run-mode.sh build

# The harness, Release, under run-mode.sh's lock: it builds the shared projects into the same Release folders.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! flock "$repo/.build.lock" dotnet build benchmarks/LoadRunner/LoadRunner.csproj -c Release --nologo -v quiet >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi

dotnet benchmarks/LoadRunner/bin/Release/net10.0/LoadRunner.dll "$@"
