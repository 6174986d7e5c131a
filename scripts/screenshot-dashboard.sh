#!/usr/bin/env bash
# Retakes the README's picture of the Aspire dashboard's trace list: the dashboard and the three modes on free
# loopback ports, a few requests to each, and a screenshot of the traces page by headless chromium (Debian's,
# driven by puppeteer-core). Not a test: run it when the picture should change.
# usage: scripts/screenshot-dashboard.sh [OUTPUT.png]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
folder="$repo/Shared/AspireDashboard/screenshot"
output="$(realpath -m "${1:-$folder/traces.png}")"

for tool in node npm curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "screenshot: $tool is missing: apt-get install -y nodejs npm curl" >&2
    exit 1
  fi
done
if ! command -v chromium >/dev/null; then
  if [[ $EUID -ne 0 ]]; then
    echo "screenshot: Debian's chromium is missing: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
  echo "screenshot: installing Debian's chromium" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# puppeteer-core downloads no browser; the variable keeps any other package from trying.
(cd "$folder" && PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --silent)
"$repo/scripts/run-mode.sh" build

logs="$(mktemp -d)"
pids=()
stop() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$logs"
}
trap stop EXIT

# A port nothing listens on, from the dynamic range.
used=()
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    [[ " ${used[*]} " == *" $port "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    used+=("$port")
    echo "$port"
    return
  done
}

wait_for() {
  local url="$1" what="$2" log="$3"
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$url" && return
    sleep 0.5
  done
  echo "screenshot: $what did not answer $url within 2 minutes; its output:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

ui="$(free_port)" grpc="$(free_port)" http="$(free_port)"
ASPNETCORE_URLS="http://127.0.0.1:$ui" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$grpc" \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$http" \
  "$repo/scripts/run-mode.sh" dashboard >"$logs/dashboard.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ui/api/telemetry/resources" dashboard "$logs/dashboard.log"

declare -A ports
for mode in manual auto programmatic; do
  ports[$mode]="$(free_port)"
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$grpc" OTEL_EXPORTER_OTLP_PROTOCOL=grpc \
    OTEL_BSP_SCHEDULE_DELAY=100 OTEL_BLRP_SCHEDULE_DELAY=100 OTEL_METRIC_EXPORT_INTERVAL=500 \
    "$repo/scripts/run-mode.sh" "$mode" "${ports[$mode]}" >"$logs/$mode.log" 2>&1 &
  pids+=($!)
done
for mode in manual auto programmatic; do
  wait_for "http://127.0.0.1:${ports[$mode]}/healthz" "$mode" "$logs/$mode.log"
done

for mode in manual auto programmatic; do
  base="http://127.0.0.1:${ports[$mode]}"
  curl -sf -o /dev/null -H "traceparent: 00-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-01" \
    "$base/server_request?param=dashboard"
  curl -sf -o /dev/null "$base/rolldice?player=alice"
  curl -sf -o /dev/null "$base/rolldice?player=bob"
done

node "$folder/screenshot.mjs" "http://127.0.0.1:$ui" "$output" manual-instrument-service auto-instrument-service programmatic-instrument-service
echo "screenshot: $output" >&2
