#!/usr/bin/env bash
# Runs the standalone Aspire dashboard in the foreground (run-mode.sh dashboard): restores the pinned package on
# first use, then listens on 127.0.0.1 only with the defaults the modes export to. The dashboard's own variables,
# when set, win over these defaults.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$repo/Shared/AspireDashboard/AspireDashboard.csproj"
log="$repo/Shared/AspireDashboard/obj/restore.log"

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://127.0.0.1:4317}"
export ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL:-http://127.0.0.1:4318}"
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS="${ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS:-true}"

# Host (without IPv6 brackets) and port of a URL such as http://127.0.0.1:4317/.
host_port() {
  local authority="${1#*://}"
  authority="${authority%%/*}"
  local host="${authority%:*}"
  host="${host#[}"
  echo "${host%]} ${authority##*:}"
}

loopback_only=true

# Kestrel would report a taken port with a stack trace, so each address is tried first: a connection that
# succeeds means another process listens there (on loopback, for a wildcard host).
check_free() {
  local url="$1" what="$2" variable="$3" host port
  read -r host port <<<"$(host_port "$url")"
  case "$host" in
    localhost|127.*|::1) ;;
    *) loopback_only=false ;;
  esac
  case "$host" in
    "*"|+|0.0.0.0|::) host=127.0.0.1 ;;
  esac
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "dashboard: cannot listen on $url ($what): address already in use (another dashboard or OTLP endpoint running? stop it, or give another port in $variable)" >&2
    exit 1
  fi
}

IFS=';' read -r -a ui_urls <<<"$ASPNETCORE_URLS"
for url in "${ui_urls[@]}"; do
  check_free "$url" UI ASPNETCORE_URLS
done
check_free "$ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL" OTLP/gRPC ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL
check_free "$ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL" OTLP/HTTP ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL

# NuGet restores the package into its global folder and MSBuild says where; the same lock as run-mode.sh's builds
# keeps a concurrent build from racing on the restore's obj/ files. Ten minutes bound a registry that hangs.
mkdir -p "$(dirname "$log")"
status=0
tool="$(
  exec 9>"$repo/.build.lock"
  flock 9
  timeout 600 dotnet msbuild "$project" -restore -t:LocateAspireDashboard -getProperty:AspireDashboardTool -nodeReuse:false -nologo -v:q 2>"$log"
)" || status=$?
if (( status != 0 )) || [[ -z "$tool" ]]; then
  if (( status == 124 )); then
    reason="no answer from the registry within 10 minutes"
  else
    reason="$(grep -m1 -o 'error .*' "$log" || echo "see $log")"
  fi
  echo "dashboard: could not restore the Aspire.Dashboard.Sdk.linux-x64 package pinned in Directory.Packages.props ($reason): check that the NuGet registry is reachable and holds that version" >&2
  exit 1
fi
if [[ ! -f "$tool" ]]; then
  echo "dashboard: the restored package has no $tool: delete its folder $(dirname "$(dirname "$tool")") and run again to restore it afresh" >&2
  exit 1
fi
# NuGet does not keep the file's run bit.
[[ -x "$tool" ]] || chmod +x "$tool"

if [[ "$ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS" == true && "$loopback_only" == true ]]; then
  echo "dashboard: anonymous access (no browser token, no OTLP or API key), as it listens on loopback only" >&2
elif [[ "$ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS" == true ]]; then
  echo "dashboard: anonymous access on an address beyond loopback: anyone who reaches it reads and sends telemetry (set ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=false for a login token)" >&2
fi
echo "dashboard: UI $ASPNETCORE_URLS, OTLP/gRPC $ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL, OTLP/HTTP $ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL (then e.g. scripts/run-mode.sh manual)" >&2
exec "$tool"
