#!/usr/bin/env bash
# Runs one instrumentation mode in the foreground with the Python original's defaults:
# port 8082 on 127.0.0.1, console + OTLP exporters, OTLP/gRPC to http://localhost:4317.
# Any OTEL_* variable you set wins over these defaults.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration=Release

usage() {
  cat >&2 <<'USAGE'
usage: scripts/run-mode.sh MODE [PORT]

modes:
  manual         the server instrumented by hand (ServerManual)
  auto           the server with no OpenTelemetry code, with the agent attached from outside (ServerAutomatic)
  programmatic   the server that calls the instrumentation library with an exclusion filter (ServerProgrammatic)
  build          build everything the modes need (Release) and exit

PORT defaults to $PORT, else 8082. The server binds 127.0.0.1.
USAGE
  exit 2
}

output_of() { echo "$repo/$1/bin/$configuration/net10.0/$2.dll"; }

# Builds a project unless it was built after every source it is built from changed (a stamp, since an
# unchanged output is not rewritten). A lock makes concurrent runs (tests, comparisons) wait for one build
# instead of racing on the same obj/ folders.
build() {
  local project="$1"
  local stamp="$repo/$(dirname "$project")/obj/$configuration.run-mode.stamp"
  (
    flock 9
    if [[ ! -f "$stamp" ]] || [[ -n "$(find "$repo/$(dirname "$project")" "$repo/Shared" \
        "$repo/Directory.Build.props" "$repo/Directory.Packages.props" \
        \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.proto' \) \
        -newer "$stamp" -print -quit)" ]]; then
      echo "run-mode: building $project ($configuration)" >&2
      dotnet build "$repo/$project" -c "$configuration" --nologo -v quiet -clp:NoSummary >&2
      touch "$stamp"
    fi
  ) 9>"$repo/.build.lock"
}

mode="${1:-}"
[[ $# -gt 0 ]] && shift
case "$mode" in
  manual)       project=ServerManual/ServerManual.csproj;             service=manual-instrument-service ;;
  auto)         project=ServerAutomatic/ServerAutomatic.csproj;       service=auto-instrument-service ;;
  programmatic) project=ServerProgrammatic/ServerProgrammatic.csproj; service=programmatic-instrument-service ;;
  build)
    for project in ServerManual/ServerManual.csproj ServerAutomatic/ServerAutomatic.csproj \
                   ServerProgrammatic/ServerProgrammatic.csproj Shared/Agent/Agent.csproj; do
      build "$project"
    done
    exit 0 ;;
  *) usage ;;
esac

port="${1:-${PORT:-8082}}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
  echo "run-mode: PORT must be a number from 1 to 65535, not '$port'" >&2
  exit 2
fi

server="$(output_of "$(dirname "$project")" "$(basename "$project" .csproj)")"
build "$project"

export PORT="$port"
export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-$service}"
export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-console,otlp}"
if [[ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}${OTEL_EXPORTER_OTLP_PROTOCOL:-}${OTEL_EXPORTER_OTLP_TRACES_PROTOCOL:-}" ]]; then
  export OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317
fi

if [[ "$mode" == auto ]]; then
  if [[ -n "${OTEL_DOTNET_AUTO_HOME:-}" && -x "$OTEL_DOTNET_AUTO_HOME/instrument.sh" ]]; then
    echo "run-mode: using the official agent in $OTEL_DOTNET_AUTO_HOME" >&2
    exec "$OTEL_DOTNET_AUTO_HOME/instrument.sh" dotnet "$server"
  fi
  agent="$(output_of Shared/Agent InstrumentationModes.Agent)"
  build Shared/Agent/Agent.csproj
  # The official agent's own attachment, less the CLR profiler that ASP.NET Core and HttpClient do not need.
  export DOTNET_STARTUP_HOOKS="$agent"
fi

exec dotnet "$server"
