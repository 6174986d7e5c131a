#!/usr/bin/env bash
# Where a mode's server spends its CPU, per request, next to the uninstrumented baseline's: one load run of
# closed-64 (scripts/bench.sh's harness, the server pinned to its own CPU) during which `perf` samples each server's
# own CPU (user and kernel, every thread) for 12 s, then every sample is put in one category by its stack.
#
#   benchmarks/profile-server.sh MODE [OUTPUT_DIR]     MODE: manual, auto or programmatic
#
# Needs perf (Debian: linux-perf) and the right to use it (root, or kernel.perf_event_paranoid ≤ 1); with dotnet-counters
# (dotnet tool install -g dotnet-counters) it adds the runtime's GC pause time, allocation and gen0 collections per request. The servers run
# with DOTNET_PerfMapEnabled=1 (JIT-compiled code gets names), DOTNET_EnableWriteXorExecute=0 (so that perf sees that
# code at its address) and DOTNET_ReadyToRun=0 (the framework's precompiled code has no names for perf otherwise:
# everything is JIT-compiled instead, and that compiling is its own category, not part of the steady state).
set -euo pipefail

mode="${1:?usage: benchmarks/profile-server.sh manual|auto|programmatic [OUTPUT_DIR]}"
case "$mode" in manual|auto|programmatic) ;; *) echo "profile-server: unknown mode '$mode' (manual, auto or programmatic)" >&2; exit 2 ;; esac
command -v perf >/dev/null || { echo "profile-server: perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${2:-$repo/benchmarks/results/profile/$mode}" && cd "${2:-$repo/benchmarks/results/profile/$mode}" && pwd)"
cd "$repo"

scripts/bench.sh --modes "$mode" --concurrency 64 --rate "" --duration 25 --warmup 3 --repeats 1 --startup-runs 0 \
  --no-endpoint-ingest --no-variants --output "$out/load-run" \
  --server-env DOTNET_PerfMapEnabled=1 --server-env DOTNET_EnableWriteXorExecute=0 --server-env DOTNET_ReadyToRun=0 \
  >"$out/load-run.log" 2>&1 &
harness=$!

# A server of this load run: dotnet, started from this repository, its console sent to a file by the harness.
next_server() {
  local previous="$1" pid
  for _ in $(seq 1 1200); do
    for pid in $(pgrep -x dotnet); do
      [[ "$pid" != "$previous" ]] || continue
      { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -q '^MODE_CONSOLE_FILE=' || continue
      { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$repo/" || continue
      echo "$pid"
      return
    done
    kill -0 "$harness" 2>/dev/null || break
    sleep 0.25
  done
  echo "profile-server: no server started; see $out/load-run.log" >&2
  exit 1
}

# The runtime's own counters over the same 12 s, where dotnet-counters is installed (dotnet tool install -g dotnet-counters).
counters="$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")"
[[ -x "$counters" ]] || counters=""

# 3 s warm-up plus 7 s into the measured 25 s, then 12 s of samples.
record() {
  sleep 10
  local collector=""
  if [[ -n "$counters" ]]; then
    "$counters" collect -p "$1" --counters System.Runtime --refresh-interval 1 --format csv -o "$out/$2.counters.csv" \
      --duration 00:00:12 >"$out/$2.counters.log" 2>&1 &
    collector=$!
  fi
  perf record -F 1999 -g -p "$1" -o "$out/$2.perf.data" -- sleep 12 >"$out/$2.perf.log" 2>&1
  [[ -z "$collector" ]] || wait "$collector"
}

baseline_pid="$(next_server none)"
record "$baseline_pid" baseline
mode_pid="$(next_server "$baseline_pid")"
record "$mode_pid" "$mode"
wait "$harness"

# The harness's server CPU µs per request (median; one round) for a run of the report's headline table.
cpu_per_request() {
  awk -F'|' -v run="$1" '$2 ~ /closed-64/ && $3 ~ ("^ " run " $") { gsub(/ /, "", $4); print $4; exit }' "$out/load-run/report.md"
}

# One category per sample: by thread first (JIT, the batch export thread), then the thread pool's parking and waking
# wherever it is called from, then by the leaf-most frame that says what the work is for. The runtime's native code
# (libcoreclr, GC included) has no symbols here, so collections fall to their managed caller or the last category;
# the runtime's counters price them instead. Middleware frames that only wrap the whole request (ASP.NET Core's, the official
# instrumentation's startup filter, the manual middleware itself) say nothing and are skipped.
categorise() {
  perf script -i "$1" -F comm,ip,sym 2>/dev/null | awk -v cpu="$2" '
    function category(    i, f) {
      if (comm ~ /^\.NET Tiered Com/) return "JIT compiling (an artefact of ReadyToRun=0)"
      if (comm ~ /^OpenTelemetry-B/) return "batch export thread: serialise, export"
      for (i = 1; i <= n; i++) {
        f = frame[i]
        if (f ~ /LowLevelLifoSemaphore|LowLevelMonitor|futex_wait|futex_wake|do_futex/) return "thread pool: parking and waking threads"
      }
      for (i = 1; i <= n; i++) {
        f = frame[i]
        if (f ~ /HttpServerErrorTypeStartupFilter|ManualInstrumentation(\+<InstrumentRequestAsync>d__[0-9]+::MoveNext|::InstrumentRequestAsync)/) continue
        if (f ~ /SyncTextWriter::WriteLine|StreamWriter::Flush/) return "the console line (one per request)"
        if (f ~ /\[System\.Net\.Http\]/) return "OTLP sending (HttpClient, HTTP/2)"
        if (f ~ /OpenTelemetryLogger|LoggerMessage|\[Microsoft\.Extensions\.Logging\]/) return "log record"
        if (f ~ /AggregatorStore|MetricPoint|Instrument`1::RecordMeasurement|Histogram`1::Record|Counter`1::Add|HostingMetrics|KestrelMetrics|RoutingMetrics|System\.Diagnostics\.Metrics/) return "metric recording"
        if (f ~ /\[OpenTelemetry|ManualInstrumentation|HttpServerAttributes|System\.Diagnostics\.Activity|ActivitySource|DiagnosticListener/) return "span: create, attributes, end, queue"
        if (f ~ /\[Microsoft\.AspNetCore|\[System\.Net|\[System\.IO\.Pipelines|\[Microsoft\.Extensions|\[ServerCore\]|InstrumentationModes/) return "request: Kestrel, routing, sockets, the endpoint"
      }
      return "runtime and kernel without a managed caller (GC, I/O, scheduling)"
    }
    function flush() { if (n > 0 || comm != "") { count[category()]++; total++ } n = 0; comm = "" }
    /^$/ { flush(); next }
    comm == "" && n == 0 { comm = $0; sub(/^[ \t]+/, "", comm); next }
    { frame[++n] = $0 }
    END {
      flush()
      for (c in count) printf "%s\t%.1f\n", c, cpu * count[c] / total
    }' | sort
}

# From the runtime's counters, per request: GC pause time (µs) and bytes allocated, each as its rate over the process's
# CPU rate times the harness's CPU per request; gen0 collections per 1000 requests alike.
runtime_figures() {
  [[ -f "$1" ]] || { printf 'GC pause (the runtime'"'"'s counter)\t–\nallocated per request, bytes\t–\ngen0 collections per 1000 requests\t–\n'; return; }
  awk -F, -v cpu="$2" '
    $3 ~ /^dotnet\.process\.cpu\.time/ { t += $5 }
    $3 ~ /^dotnet\.gc\.pause\.time/ { pause += $5 }
    $3 ~ /^dotnet\.gc\.heap\.total_allocated/ { bytes += $5 }
    $3 ~ /^dotnet\.gc\.collections.*gen0/ { gen0 += $5 }
    END {
      if (t <= 0) { printf "GC pause (the runtime'"'"'s counter)\t–\nallocated per request, bytes\t–\ngen0 collections per 1000 requests\t–\n"; exit }
      requests = t / (cpu / 1e6)
      printf "GC pause (the runtime'"'"'s counter)\t%.1f\n", cpu * pause / t
      printf "allocated per request, bytes\t%.0f\n", bytes / requests
      printf "gen0 collections per 1000 requests\t%.2f\n", 1000 * gen0 / requests
    }' "$1"
}

baseline_cpu="$(cpu_per_request baseline)"
mode_cpu="$(cpu_per_request "$mode")"
{
  echo "| category | baseline µs/req | $mode µs/req |"
  echo "|---|---:|---:|"
  join -t$'\t' -a1 -a2 -e "0.0" -o 0,1.2,2.2 <(categorise "$out/baseline.perf.data" "$baseline_cpu") <(categorise "$out/$mode.perf.data" "$mode_cpu") |
    awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }'
  echo "| server CPU per request (the harness's figure) | $baseline_cpu | $mode_cpu |"
  echo "| *the runtime's counters (dotnet-counters), same 12 s: already inside the categories above* | | |"
  join -t$'\t' -o 0,1.2,2.2 <(runtime_figures "$out/baseline.counters.csv" "$baseline_cpu" | sort) <(runtime_figures "$out/$mode.counters.csv" "$mode_cpu" | sort) |
    awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }'

} | tee "$out/profile.md"
echo "profile-server: $out/profile.md; perf report -i $out/$mode.perf.data for the stacks" >&2
