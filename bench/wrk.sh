#!/usr/bin/env bash
# Load test of the public verification paths with wrk (Debian: apt-get install -y wrk).
# Publishes a Release build, starts it on 127.0.0.1 with a temporary data folder and the demo data, takes a demo
# certificate from the registry API and measures GET /healthz, GET /api/v1/certificates/{serial} and the QR landing
# page /V/{token}, one after another against the same server. Rate limiting is raised for the run. It prints a Markdown
# table with each endpoint's rate and its ratio to /healthz of the same run (targets: certificate API >= 1.0x, landing
# page >= 0.5x) and exits 4 if any answer was not 2xx. The server is stopped on exit; every step is time-bounded.
#
#   bench/wrk.sh                      15 s per endpoint, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 bench/wrk.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-15s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-5399}"
BASE="http://127.0.0.1:${PORT}"

for tool in wrk curl jq dotnet; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (wrk, curl, jq: apt-get install -y wrk curl jq)" >&2; exit 2; }
done

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "bench: publishing a Release build..." >&2
timeout 600 dotnet publish "$ROOT/src/SealService" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o "$WORK/app" --nologo -v quiet >&2
# The demo data is an add-on outside the product (src/SealService.Demo); a Development host loads it from its own folder.
timeout 600 dotnet build "$ROOT/src/SealService.Demo" -c Debug "-p:DemoCopyTo=$WORK/app" --nologo -v quiet >&2

echo "bench: starting the service on $BASE with demo data..." >&2
(
    cd "$WORK/app"
    # The server ends by itself after 15 minutes even if this script is killed without running its trap.
    # Throwaway development keys inside $WORK: the Development default (../../keys/dev) would land outside it and stay behind.
    exec timeout 900 dotnet SealService.dll \
        "--urls=$BASE" \
        --environment=Development \
        "--Storage:DataDirectory=$WORK/data" \
        "--Keys:Directory=$WORK/keys" \
        --Demo:SeedOnFirstStart=true \
        --RateLimiting:PermitsPerMinute=10000000 \
        --Logging:LogLevel:Default=Warning \
        --Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: the service did not start:" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1; }
    sleep 1
done
curl -fs "$BASE/healthz" >/dev/null || { echo "bench: the service is not healthy after 120 s" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1; }

# Runs wrk against one URL and appends "name|requests/s|p99|non-2xx" to $WORK/results.
measure() {
    local name="$1" url="$2" out
    # Warm-up, so JIT and connection set-up do not count.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s --timeout 5s "$url" >/dev/null
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "$url")"
    local rps p99 non2xx errors
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")"
    errors="$(awk '/Socket errors:/ { print }' <<<"$out")"
    [[ -z "$errors" ]] || echo "bench: $name: $errors" >&2
    echo "$name|$rps|$p99|${non2xx:-0}" >>"$WORK/results"
}

LOAD_AVERAGE="$(cut -d' ' -f1-3 /proc/loadavg)"
measure "GET /healthz" "$BASE/healthz"

registry="$(curl -fs "$BASE/api/v1/registry?includeInactive=false")"
serial="$(jq -r '[.items[] | select(.status == "active")][0].serial // empty' <<<"$registry")"
landing="$(jq -r '[.items[] | select(.status == "active")][0].verificationUrl // empty' <<<"$registry")"
if [[ -z "$serial" || -z "$landing" ]]; then
    echo "bench: the demo data has no active certificate (the issuance demo stage is missing), so only /healthz was measured." >&2
    cat "$WORK/results" >&2
    exit 3
fi

measure "GET /api/v1/certificates/{serial}" "$BASE/api/v1/certificates/$serial"
measure "GET /V/{token} (QR landing page)" "$BASE/V/${landing##*/V/}"

echo
echo "wrk: $(date -u '+%Y-%m-%d %H:%M UTC'); ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION} per endpoint after a 3 s warm-up;" \
    "$(nproc) cores; .NET $(dotnet --version); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2); load average at the start ${LOAD_AVERAGE}"
echo
echo "| endpoint | requests/s | ratio to /healthz | target | p99 latency | non-2xx |"
echo "| --- | ---: | ---: | --- | ---: | ---: |"
awk -F'|' '
    NR == 1 { base = $2 }
    { target = NR == 2 ? ">= 1.0x" : (NR == 3 ? ">= 0.5x" : "reference");
      printf "| %s | %s | %.2fx | %s | %s | %s |\n", $1, $2, $2 / base, target, $3, $4 }' "$WORK/results"

if awk -F'|' '$4 != 0 { bad = 1 } END { exit !bad }' "$WORK/results"; then
    echo "bench: some answers were not 2xx (see the table)" >&2
    exit 4
fi
