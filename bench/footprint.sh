#!/usr/bin/env bash
# Footprint (issue 16): cold start to the first answered request on an existing database, and resident memory after a
# minute of load. Publishes a Release build, creates the demo data once in a temporary data folder (first start, then
# stopped), then:
# 1. starts the service STARTS times (default 3) on that existing database and measures, from launching `dotnet` to the
#    first 200 answer, GET /healthz (polled every 20 ms) and, right after it, the first QR landing page /V/{token}
#    (its own JIT and Razor start-up); the service is stopped after each start (SIGTERM);
# 2. starts it once more and runs wrk for LOAD (default 60s) over a mix of /healthz, the certificate API, the QR
#    landing page and the registry page, then reads VmRSS (resident now) and VmHWM (peak) from /proc/PID/status.
# Targets: cold start below 1.5 s, resident memory below 250 MB after a minute of load. The OS file cache is warm
# (the same files were just read), so "cold" means a new process, not a cold disk.
#
#   bench/footprint.sh                 3 starts, 60 s load, 2 threads, 32 connections
#   STARTS=1 LOAD=5s bench/footprint.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STARTS="${STARTS:-3}"
LOAD="${LOAD:-60s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-5397}"
BASE="http://127.0.0.1:${PORT}"

for tool in wrk curl jq dotnet awk; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk curl jq)" >&2; exit 2; }
done

WORK="$(mktemp -d)"
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT

echo "bench: publishing a Release build..." >&2
timeout 600 dotnet publish "$ROOT/src/SealService" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o "$WORK/app" --nologo -v quiet >&2
# The demo data is an add-on outside the product (src/SealService.Demo); a Development host loads it from its own folder.
timeout 600 dotnet build "$ROOT/src/SealService.Demo" -c Debug "-p:DemoCopyTo=$WORK/app" --nologo -v quiet >&2

# Starts the service in the background (Development settings, throwaway keys in $WORK, rate limit raised as in
# bench/wrk.sh). It ends by itself after 15 minutes even if this script is killed without running its trap; SERVER_PID
# is that timeout, whose SIGTERM reaches the service, and dotnet_pid the service process whose memory is read.
start_server() {
    local seed="$1"
    (
        cd "$WORK/app"
        exec timeout 900 dotnet SealService.dll \
            "--urls=$BASE" \
            --environment=Development \
            "--Storage:DataDirectory=$WORK/data" \
            "--Keys:Directory=$WORK/keys" \
            "--Demo:SeedOnFirstStart=$seed" \
            --RateLimiting:PermitsPerMinute=10000000 \
            --Logging:LogLevel:Default=Warning \
            --Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning
    ) >>"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
}
dotnet_pid() { pgrep -P "$SERVER_PID" -x dotnet | head -n 1; }

# Milliseconds from $1 (epoch ms) until URL $2 answers 200; polls every 20 ms for at most 120 s.
wait_ok() {
    local since="$1" url="$2"
    for _ in $(seq 1 6000); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" 2>/dev/null)" == 200 ]]; then
            echo $(( $(date +%s%3N) - since ))
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: the service ended:" >&2; tail -n 30 "$WORK/server.log" >&2; return 1; }
        sleep 0.02
    done
    echo "bench: no 200 from $url after 120 s" >&2
    return 1
}

echo "bench: creating the demo data (first start)..." >&2
start_server true
wait_ok "$(date +%s%3N)" "$BASE/healthz" >/dev/null
registry="$(curl -fs "$BASE/api/v1/registry?includeInactive=false")"
serial="$(jq -r '[.items[] | select(.status == "active")][0].serial // empty' <<<"$registry")"
landing="$(jq -r '[.items[] | select(.status == "active")][0].verificationUrl // empty' <<<"$registry")"
[[ -n "$serial" && -n "$landing" ]] || { echo "bench: the demo data has no active certificate" >&2; exit 3; }
landing="$BASE/V/${landing##*/V/}"
stop_server

load="$(cut -d' ' -f1-3 /proc/loadavg)"
starts=()
for i in $(seq 1 "$STARTS"); do
    t0=$(date +%s%3N)
    start_server false
    health_ms="$(wait_ok "$t0" "$BASE/healthz")"
    landing_ms="$(wait_ok "$t0" "$landing")"
    echo "bench: start $i: /healthz after ${health_ms} ms, first landing page after ${landing_ms} ms" >&2
    starts+=("$health_ms $landing_ms")
    stop_server
    sleep 1
done

echo "bench: a minute of load (wrk ${LOAD}, ${THREADS} threads, ${CONNECTIONS} connections)..." >&2
start_server false
wait_ok "$(date +%s%3N)" "$BASE/healthz" >/dev/null
SERVICE_PID="$(dotnet_pid)"
[[ -n "$SERVICE_PID" ]] || { echo "bench: cannot find the service process" >&2; exit 1; }
rss_idle="$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$SERVICE_PID/status")"
cat >"$WORK/mix.lua" <<EOF
local paths = { "/healthz", "/api/v1/certificates/${serial}", "${landing#"$BASE"}", "/Registry" }
local i = 0
request = function()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
wrk_out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$LOAD" --timeout 5s -s "$WORK/mix.lua" "$BASE")"
rss="$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$SERVICE_PID/status")"
hwm="$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$SERVICE_PID/status")"
rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$wrk_out")"
non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$wrk_out")"
stop_server

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
health_median="$(median $(printf '%s\n' "${starts[@]}" | cut -d' ' -f1))"
landing_median="$(median $(printf '%s\n' "${starts[@]}" | cut -d' ' -f2))"
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t ? "met" : "missed") }'; }

echo
echo "footprint: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; .NET $(dotnet --version); load average before the starts ${load};" \
    "demo database ($(du -k "$WORK/data/sealservice.db" | cut -f1) KB)"
echo
echo "| measure | value | target |"
echo "| --- | ---: | --- |"
echo "| cold start to the first /healthz 200 (median of $STARTS: $(printf '%s\n' "${starts[@]}" | cut -d' ' -f1 | paste -sd' ') ms) | ${health_median} ms | < 1500 ms ($(verdict "$health_median" 1500)) |"
echo "| cold start to the first QR landing page 200 (median; $(printf '%s\n' "${starts[@]}" | cut -d' ' -f2 | paste -sd' ') ms) | ${landing_median} ms | |"
echo "| resident memory after start, idle (VmRSS) | ${rss_idle} MB | |"
echo "| resident memory after ${LOAD} of load (VmRSS) | ${rss} MB | < 250 MB ($(verdict "$rss" 250)) |"
echo "| peak resident memory (VmHWM) | ${hwm} MB | |"
echo "| load: wrk mix of /healthz, certificate API, landing page, /Registry | ${rps} req/s, non-2xx ${non2xx:-0} | |"
