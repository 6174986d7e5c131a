#!/usr/bin/env bash
# Runs one instrumentation mode in the foreground with the Python original's defaults:
# port 8082 on 127.0.0.1, traces to the console and OTLP, OTLP/gRPC to http://localhost:4317
# (metrics and logs to OTLP, as the official agent does).
# Any OTEL_* variable you set wins over these defaults.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration=Release

usage() {
  cat >&2 <<'USAGE'
usage: scripts/run-mode.sh MODE [PORT]

modes:
  manual           the server instrumented by hand (ServerManual)
  auto             the server with no OpenTelemetry code, the agent attached from outside (ServerAutomatic)
  programmatic     the server that calls the instrumentation library with an exclusion filter (ServerProgrammatic)
  baseline         the server with no OpenTelemetry code and no agent: the reference for load runs
  client [PARAM|/PATH?QUERY] [PORT]
                   the example's client: spans client -> client-server, GET /server_request?param=PARAM,
                   or the path itself when it starts with / (e.g. '/rolldice?player=alice')
  endpoint [ARGS]  the DataKit-style OTLP endpoint (gRPC 4317, HTTP 9529) for traces, metrics and logs;
                   ARGS go to it, e.g. --quiet
  dashboard        the Aspire dashboard (UI 18888, OTLP/gRPC 4317, OTLP/HTTP 4318 on 127.0.0.1) to look at what
                   the modes send, restored from NuGet on first use (Shared/AspireDashboard)
  compare [grpc|http/protobuf]
                   the endpoint and the three modes on free ports, the client's two requests to each, and a
                   side-by-side table of the spans, metric points and log records received; exits 1 if they differ
  build            build everything the modes need (Release) and exit

PORT defaults to $PORT, else 8082. Servers bind 127.0.0.1.
USAGE
  exit 2
}

# project folder, project file, assembly name of everything this script runs
declare -A projects=(
  [ServerManual]="ServerManual/ServerManual.csproj ServerManual"
  [ServerAutomatic]="ServerAutomatic/ServerAutomatic.csproj ServerAutomatic"
  [ServerProgrammatic]="ServerProgrammatic/ServerProgrammatic.csproj ServerProgrammatic"
  [Agent]="Shared/Agent/Agent.csproj InstrumentationModes.Agent"
  [Diagnostics]="Shared/TelemetryDiagnostics/TelemetryDiagnostics.csproj InstrumentationModes.TelemetryDiagnostics"
  [Client]="Shared/Client/Client.csproj InstrumentationModes.Client"
  [Endpoint]="Shared/DataKitEndpoint/DataKitEndpoint.csproj DataKitEndpoint"
  [Compare]="Shared/Compare/Compare.csproj InstrumentationModes.Compare"
)

# Builds a project unless it was built after every source it is built from changed (a stamp, since an
# unchanged output is not rewritten), and prints the path of its assembly. A lock makes concurrent runs
# (tests, comparisons) wait for one build instead of racing on the same obj/ folders.
build() {
  local project name
  read -r project name <<<"${projects[$1]}"
  local folder="$repo/$(dirname "$project")"
  local stamp="$folder/obj/$configuration.run-mode.stamp"
  mkdir -p "$folder/obj"
  (
    flock 9
    if [[ ! -f "$stamp" ]] || [[ -n "$(find "$folder" "$repo/Shared" "$repo/Directory.Build.props" "$repo/Directory.Packages.props" \
        \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.proto' \) \
        -newer "$stamp" -print -quit)" ]]; then
      echo "run-mode: building $project ($configuration)" >&2
      if ! dotnet build "$repo/$project" -c "$configuration" --nologo -v quiet >"$folder/obj/run-mode.build.log" 2>&1; then
        cat "$folder/obj/run-mode.build.log" >&2
        exit 1
      fi
      touch "$stamp"
    fi
  ) 9>"$repo/.build.lock"
  echo "$folder/bin/$configuration/net10.0/$name.dll"
}

port_argument() {
  local port="${1:-${PORT:-8082}}"
  if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
    echo "run-mode: PORT must be a number from 1 to 65535, not '$port'" >&2
    exit 2
  fi
  echo "$port"
}

# The original's exporters and destination, wherever the user chose none. The protocol is set for every mode
# alike: left alone, the agent would use the official agent's http/protobuf and the others the SDK's grpc.
telemetry_defaults() {
  export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-$1}"
  export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-console,otlp}"
  export OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-otlp}"
  export OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-otlp}"
  # Room for ~0.5 s of spans at saturation while the export thread waits for a core: with the SDK's 2048 the
  # load runs lost up to 1% of spans, with 8192 none (benchmarks/results/delivery).
  export OTEL_BSP_MAX_QUEUE_SIZE="${OTEL_BSP_MAX_QUEUE_SIZE:-8192}"
  if [[ -z "${OTEL_EXPORTER_OTLP_PROTOCOL:-}${OTEL_EXPORTER_OTLP_TRACES_PROTOCOL:-}" ]]; then
    export OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  fi
  if [[ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" && "${OTEL_EXPORTER_OTLP_PROTOCOL:-}" == grpc ]]; then
    export OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317
  fi
}

# The suite's diagnostics (bad OTEL_* values, failed exports on stderr) in front of any hook already set.
attach_diagnostics() {
  DOTNET_STARTUP_HOOKS="$(build Diagnostics)${DOTNET_STARTUP_HOOKS:+:$DOTNET_STARTUP_HOOKS}"
  export DOTNET_STARTUP_HOOKS
}

mode="${1:-}"
[[ $# -gt 0 ]] && shift
case "$mode" in
  manual|programmatic)
    [[ "$mode" == manual ]] && project=ServerManual || project=ServerProgrammatic
    PORT="$(port_argument "${1:-}")"
    export PORT
    server="$(build "$project")"
    telemetry_defaults "$mode-instrument-service"
    attach_diagnostics
    exec dotnet "$server" ;;
  auto)
    PORT="$(port_argument "${1:-}")"
    export PORT
    server="$(build ServerAutomatic)"
    telemetry_defaults auto-instrument-service
    # The app's own span and counter (the dice), named to the agent as a user of the official agent names them.
    export OTEL_DOTNET_AUTO_TRACES_ADDITIONAL_SOURCES="${OTEL_DOTNET_AUTO_TRACES_ADDITIONAL_SOURCES:-DiceRoller}"
    export OTEL_DOTNET_AUTO_METRICS_ADDITIONAL_SOURCES="${OTEL_DOTNET_AUTO_METRICS_ADDITIONAL_SOURCES:-DiceRoller}"
    if [[ -n "${OTEL_DOTNET_AUTO_HOME:-}" && -x "$OTEL_DOTNET_AUTO_HOME/instrument.sh" ]]; then
      echo "run-mode: using the official agent in $OTEL_DOTNET_AUTO_HOME" >&2
      exec "$OTEL_DOTNET_AUTO_HOME/instrument.sh" dotnet "$server"
    fi
    # The official agent's own attachment, less the CLR profiler that ASP.NET Core and HttpClient do not need:
    # a startup hook, and the same assembly as a hosting startup for what only the host's services reach (logs).
    DOTNET_STARTUP_HOOKS="$(build Agent)${DOTNET_STARTUP_HOOKS:+:$DOTNET_STARTUP_HOOKS}"
    ASPNETCORE_HOSTINGSTARTUPASSEMBLIES="InstrumentationModes.Agent${ASPNETCORE_HOSTINGSTARTUPASSEMBLIES:+;$ASPNETCORE_HOSTINGSTARTUPASSEMBLIES}"
    export ASPNETCORE_HOSTINGSTARTUPASSEMBLIES
    attach_diagnostics
    exec dotnet "$server" ;;
  baseline)
    PORT="$(port_argument "${1:-}")"
    export PORT
    server="$(build ServerAutomatic)"
    unset DOTNET_STARTUP_HOOKS ASPNETCORE_HOSTINGSTARTUPASSEMBLIES
    exec dotnet "$server" ;;
  client)
    param="${1:-client}"
    port="$(port_argument "${2:-}")"
    client="$(build Client)"
    telemetry_defaults client
    attach_diagnostics
    exec dotnet "$client" "$param" "$port" ;;
  endpoint)
    endpoint="$(build Endpoint)"
    exec dotnet "$endpoint" "$@" ;;
  dashboard)
    exec "$repo/Shared/AspireDashboard/run-dashboard.sh" ;;
  compare)
    compare="$(build Compare)"
    exec dotnet "$compare" "$@" ;;
  build)
    for project in "${!projects[@]}"; do
      build "$project" >/dev/null
    done ;;
  "") usage ;;
  *)
    echo "run-mode: unknown mode '$mode'" >&2
    usage ;;
esac
