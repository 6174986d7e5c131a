#!/usr/bin/env bash
# Load runs of every instrumentation mode (issue 4): builds Release, starts the DataKit-style endpoint, runs
# baseline, manual, auto and programmatic in interleaved rounds, and writes benchmarks/results/ (report.md,
# load-runs.csv, startup.csv, chart.svg). `--quick` takes under 2 minutes, the full run under 15. The server under
# test runs pinned to its own CPU, the harness to the others (`--no-isolation` turns it off); `--variants` adds the
# cost per stage and per signal. Every run ends with the endpoint's ingest rate (spans/s per core, gRPC and OTLP/HTTP);
# `--endpoint-ingest` runs only that, `--no-endpoint-ingest` skips it. Every option: scripts/bench.sh --help
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
