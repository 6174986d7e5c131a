#!/usr/bin/env bash
# Load runs of every instrumentation mode: builds Release, starts the DataKit-style endpoint, runs
# baseline, manual, auto and programmatic in interleaved rounds, and writes benchmarks/results/ (report.md,
# load-runs.csv, startup.csv, endpoint-ingest.csv, chart.svg). The server under test runs pinned to its own CPU, the
# harness to the others (`--no-isolation` turns it off). The full run also runs each mode's variants in closed-64,
# for the cost per stage, per signal, of the hop (/chain), of the exporter's retry, and the price list (what each knob
# saves); `--price-list` runs the price list alone, `--variants` the variants in every scenario, `--no-variants` none.
# `--quick` is one short round, without variants unless asked for; how long each takes: benchmarks/README.md. Every run ends with the endpoint's ingest rate (spans/s per core,
# gRPC and OTLP/HTTP), which also prices the endpoint's decoding in the breakdown; `--endpoint-ingest` runs only
# that, `--no-endpoint-ingest` skips it.
# `--micro` runs instead each mode's request pipeline in-process under BenchmarkDotNet, the maintainers'
# method: benchmarks/MicroBenchmarks, reports in benchmarks/results/micro/ (`--micro --quick`: a short job;
# `--micro --one-core`: the benchmark process pinned to one CPU, as the load runs pin the server).
# Every option: scripts/bench.sh --help (the micro-benchmark's: scripts/bench.sh --micro --help)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

micro_usage() {
  cat <<USAGE
usage: scripts/bench.sh --micro [--quick] [--one-core] [--output DIR] [--filter GLOB]

Each mode's request pipeline in-process under BenchmarkDotNet (benchmarks/MicroBenchmarks/README.md):
Mode x Signals x Route, and the price list's Mode x Knob (KnobBenchmarks), mean, error and allocated bytes per
request, ratios to the baseline (and to the mode with no knob).
  --quick         a short job (BenchmarkDotNet's ShortRun) instead of the default job
  --one-core      the benchmark process pinned to one CPU (the last it may use), as the load runs pin the server
  --output DIR    where the reports go (default benchmarks/results/micro/, with --quick .../micro/quick/,
                  with --one-core .../micro/one-core/, with both .../micro/one-core/quick/)
  --filter GLOB   only the benchmarks BenchmarkDotNet's --filter matches, e.g. '*KnobBenchmarks*'
USAGE
}

# The servers and the agent as run-mode.sh runs them (Release, skipped when up to date), then PROJECT in Release under
# run-mode.sh's lock, since it builds the shared projects into the same Release folders; its output only on failure.
build_release() {
  scripts/run-mode.sh build
  local log
  log="$(mktemp)"
  if ! flock "$repo/.build.lock" dotnet build "$1" -c Release --nologo -v quiet >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

if [[ " $* " == *" --micro "* ]]; then
  quick=""
  one_core=""
  output=""
  filter=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --micro) ;;
      --quick) quick="--quick" ;;
      --one-core) one_core="--one-core" ;;
      --output|--filter)
        if [[ $# -lt 2 || -z "$2" ]]; then
          echo "bench: $1 needs a value (scripts/bench.sh --micro --help)" >&2
          exit 2
        fi
        if [[ "$1" == --output ]]; then output="$2"; else filter=(--filter "$2"); fi
        shift ;;
      --help|-h) micro_usage; exit 0 ;;
      *)
        echo "bench: unknown option '$1' with --micro (scripts/bench.sh --micro --help)" >&2
        exit 2 ;;
    esac
    shift
  done
  output="$(realpath -m "${output:-benchmarks/results/micro${one_core:+/one-core}${quick:+/quick}}")"
  # The downstream servers of /chain run as run-mode.sh runs them.
  build_release benchmarks/MicroBenchmarks/MicroBenchmarks.csproj
  mkdir -p "$output"
  exec dotnet benchmarks/MicroBenchmarks/bin/Release/net10.0/MicroBenchmarks.dll $quick $one_core --output "$output" "${filter[@]}"
fi

build_release benchmarks/LoadRunner/LoadRunner.csproj
dotnet benchmarks/LoadRunner/bin/Release/net10.0/LoadRunner.dll "$@"
