#!/usr/bin/env bash
# Runs one instrumentation mode in the foreground with the Python original's defaults:
# port 8082 on 127.0.0.1, traces to the console and OTLP, OTLP/gRPC to http://localhost:4317
# (metrics and logs to OTLP, as the official agent does). The modes are listed in scripts/modes.
# Any OTEL_* variable you set wins over these defaults.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration=Release

# mode -> "project service.name", and the usage lines, from scripts/modes
declare -A modes=()
mode_usage=""
while read -r name project service what; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  modes[$name]="$project $service"
  mode_usage+="$(printf '  %-16s %s' "$name" "$what")"$'\n'
done <"$repo/scripts/modes"

usage() {
  cat >&2 <<USAGE
usage: scripts/run-mode.sh MODE [PORT]

modes:
${mode_usage}  baseline         the server with no OpenTelemetry code and no agent: the reference for load runs
  client [PARAM|/PATH?QUERY] [PORT]
                   the example's client: spans client -> client-server, GET /server_request?param=PARAM,
                   or the path itself when it starts with / (e.g. '/rolldice?player=alice')
  endpoint [ARGS]  the DataKit-style OTLP endpoint (gRPC 4317, HTTP 9529) for traces, metrics and logs;
                   ARGS go to it, e.g. --quiet
  dashboard        the Aspire dashboard (UI 18888, OTLP/gRPC 4317, OTLP/HTTP 4318 on 127.0.0.1) to look at what
                   the modes send, restored from NuGet on first use (Shared/AspireDashboard)
  compare [--full] [grpc|http/protobuf] [--backend endpoint|dashboard]
                   the endpoint (or the Aspire dashboard) and the three modes on free ports, the client's three
                   requests to each (the last through /chain), what it received item by item (--full: one wide
                   table), and one request through all three modes; exits 1 if they differ
  build            build everything the modes need (Release) and exit

PORT defaults to \$PORT, else 8082. Servers bind 127.0.0.1.
USAGE
  exit 2
}

# project file and assembly name of each lab tool this script runs (the servers' come from scripts/modes)
declare -A tools=(
  [Agent]="Shared/Agent/Agent.csproj InstrumentationModes.Agent"
  [LabHooks]="Shared/LabHooks/LabHooks.csproj InstrumentationModes.LabHooks"
  [Client]="Shared/Client/Client.csproj InstrumentationModes.Client"
  [Endpoint]="Shared/DataKitEndpoint/DataKitEndpoint.csproj DataKitEndpoint"
  [Compare]="Shared/Compare/Compare.csproj InstrumentationModes.Compare"
)

# Builds PROJECT unless it was built after every source it is built from changed (a stamp, since an unchanged
# output is not rewritten), and prints the path of its assembly NAME. A lock makes concurrent runs (tests,
# comparisons) wait for one build instead of racing on the same obj/ folders.
build() {
  local project="$1" name="$2"
  local folder="$repo/$(dirname "$project")"
  local stamp="$folder/obj/$configuration.run-mode.stamp"
  mkdir -p "$folder/obj"
  (
    flock 9
    if [[ ! -f "$stamp" ]] || [[ -n "$(find "$folder" "$repo/Shared" "$repo/Directory.Build.props" "$repo/Directory.Packages.props" \
        \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.proto' -o -name '*.json' \) \
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

build_tool() {
  local project name
  read -r project name <<<"${tools[$1]}"
  build "$project" "$name"
}

# The server of a mode listed in scripts/modes (its assembly is named as its project).
build_server() {
  local project
  read -r project _ <<<"${modes[$1]}"
  build "$project" "$(basename "$project" .csproj)"
}

service_of() {
  local service
  read -r _ service <<<"${modes[$1]}"
  echo "$service"
}

port_argument() {
  local port="${1:-${PORT:-8082}}"
  if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
    echo "run-mode: PORT must be a number from 1 to 65535, not '$port'" >&2
    exit 2
  fi
  echo "$port"
}

# The original's exporters and destination, wherever the user chose none. The samples export as they are written
# (spans to the console in Development, every signal to OTLP once an endpoint is set); the exporter variables are
# the agent's, and the lab's hosting startup honours their "none" in the samples. The protocol is set for every
# mode alike: left alone, the agent would use the official agent's http/protobuf and the samples the SDK's grpc.
telemetry_defaults() {
  export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-$1}"
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-console,otlp}"
  export OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-otlp}"
  export OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-otlp}"
  # Room for ~0.5 s of spans at saturation while the export thread waits for a core (benchmarks/README.md).
  export OTEL_BSP_MAX_QUEUE_SIZE="${OTEL_BSP_MAX_QUEUE_SIZE:-8192}"
  # The OTLP exporter's own retry (it reads this variable itself): a failed export is sent again with backoff until
  # the export timeout, so a collector restarting for a few seconds loses nothing. Set empty, it is off (the
  # exporter ignores an empty value).
  export OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY="${OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY-in_memory}"
  if [[ -z "${OTEL_EXPORTER_OTLP_PROTOCOL:-}${OTEL_EXPORTER_OTLP_TRACES_PROTOCOL:-}" ]]; then
    export OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  fi
  if [[ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
    [[ "${OTEL_EXPORTER_OTLP_PROTOCOL:-}" == http/protobuf ]] && OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 || OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317
    export OTEL_EXPORTER_OTLP_ENDPOINT
  fi
}

# The lab's startup hook (bad OTEL_* values, failed exports and a port in use, each one line on stderr) in front of
# any hook already set.
attach_lab_hooks() {
  DOTNET_STARTUP_HOOKS="$(build_tool LabHooks)${DOTNET_STARTUP_HOOKS:+:$DOTNET_STARTUP_HOOKS}"
  export DOTNET_STARTUP_HOOKS
}

# A hosting startup named in ASPNETCORE_HOSTINGSTARTUPASSEMBLIES, in front of any already named.
add_hosting_startup() {
  ASPNETCORE_HOSTINGSTARTUPASSEMBLIES="$1${ASPNETCORE_HOSTINGSTARTUPASSEMBLIES:+;$ASPNETCORE_HOSTINGSTARTUPASSEMBLIES}"
  export ASPNETCORE_HOSTINGSTARTUPASSEMBLIES
}

# Runs a server on 127.0.0.1:PORT, its appsettings.json read from its build folder.
serve() {
  local server="$1"
  exec dotnet "$server" --urls "http://127.0.0.1:$PORT" --contentRoot "$(dirname "$server")"
}

mode="${1:-}"
[[ $# -gt 0 ]] && shift
case "$mode" in
  manual|programmatic)
    PORT="$(port_argument "${1:-}")"
    server="$(build_server "$mode")"
    telemetry_defaults "$(service_of "$mode")"
    attach_lab_hooks
    add_hosting_startup InstrumentationModes.LabHooks
    serve "$server" ;;
  auto)
    PORT="$(port_argument "${1:-}")"
    server="$(build_server auto)"
    telemetry_defaults "$(service_of auto)"
    # The app's own span and counter (the dice), named to the agent as a user of the official agent names them.
    export OTEL_DOTNET_AUTO_TRACES_ADDITIONAL_SOURCES="${OTEL_DOTNET_AUTO_TRACES_ADDITIONAL_SOURCES:-DiceRoller}"
    export OTEL_DOTNET_AUTO_METRICS_ADDITIONAL_SOURCES="${OTEL_DOTNET_AUTO_METRICS_ADDITIONAL_SOURCES:-DiceRoller}"
    if [[ -n "${OTEL_DOTNET_AUTO_HOME:-}" && -x "$OTEL_DOTNET_AUTO_HOME/instrument.sh" ]]; then
      echo "run-mode: using the official agent in $OTEL_DOTNET_AUTO_HOME" >&2
      exec "$OTEL_DOTNET_AUTO_HOME/instrument.sh" dotnet "$server" --urls "http://127.0.0.1:$PORT" --contentRoot "$(dirname "$server")"
    fi
    # The official agent's own attachment, less the CLR profiler that ASP.NET Core and HttpClient do not need:
    # a startup hook, and the same assembly as a hosting startup for what only the host's services reach (logs).
    DOTNET_STARTUP_HOOKS="$(build_tool Agent)${DOTNET_STARTUP_HOOKS:+:$DOTNET_STARTUP_HOOKS}"
    add_hosting_startup InstrumentationModes.Agent
    attach_lab_hooks
    serve "$server" ;;
  baseline)
    PORT="$(port_argument "${1:-}")"
    server="$(build_server auto)"
    unset DOTNET_STARTUP_HOOKS ASPNETCORE_HOSTINGSTARTUPASSEMBLIES
    attach_lab_hooks
    serve "$server" ;;
  client)
    param="${1:-client}"
    port="$(port_argument "${2:-}")"
    client="$(build_tool Client)"
    telemetry_defaults client
    attach_lab_hooks
    exec dotnet "$client" "$param" "$port" ;;
  endpoint)
    endpoint="$(build_tool Endpoint)"
    exec dotnet "$endpoint" "$@" ;;
  dashboard)
    exec "$repo/Shared/AspireDashboard/run-dashboard.sh" ;;
  compare)
    compare="$(build_tool Compare)"
    exec dotnet "$compare" "$@" ;;
  build)
    for name in "${!modes[@]}"; do
      build_server "$name" >/dev/null
    done
    for tool in "${!tools[@]}"; do
      build_tool "$tool" >/dev/null
    done ;;
  "") usage ;;
  *)
    echo "run-mode: unknown mode '$mode'" >&2
    usage ;;
esac
