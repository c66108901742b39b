#!/usr/bin/env bash
# The registry at scale: fills a fresh temporary data folder with N certificates (default 1,000,000; German, English,
# French and Kinyarwanda names, all programs and states; tests/SealService.Benchmarks "registry-load"), publishes and
# starts a Release build on 127.0.0.1 against it and measures the registry API (/api/v1/registry) and page (/Registry):
# word searches, prefix searches, filters (program, country), the first page, a deep page (page 1000 and on) and,
# reported separately, the last page. Requests go one after another over one keep-alive connection (curl), so each
# figure is a request's own latency; p50/p95/max per kind. The last line is
#   p95_ms=<largest p95 of the word, prefix and filter kinds> certificates=<N>
#
#   bench/registry.sh              1,000,000 certificates
#   bench/registry.sh 200000       fewer, for a quicker run
#   ROUNDS=5 bench/registry.sh     requests per URL and kind (default 3)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000000}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-5398}"
BASE="http://127.0.0.1:${PORT}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1000 ]] || { echo "usage: bench/registry.sh [N], N at least 1000" >&2; exit 2; }

for tool in curl dotnet awk sort; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done

LOAD_AVERAGE="$(cut -d' ' -f1-3 /proc/loadavg)"
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

echo "bench: building the loader and publishing a Release build..." >&2
timeout 900 dotnet build "$ROOT/tests/SealService.Benchmarks" -c Release -o "$WORK/loader" --nologo -v quiet >&2
timeout 900 dotnet publish "$ROOT/src/SealService" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o "$WORK/app" --nologo -v quiet >&2

echo "bench: loading $N certificates into $WORK/data..." >&2
load_start=$SECONDS
timeout 7200 dotnet "$WORK/loader/SealService.Benchmarks.dll" registry-load "$WORK/data" "$N" >&2
load_seconds=$((SECONDS - load_start))

echo "bench: starting the service on $BASE..." >&2
start_ms=$(date +%s%3N)
(
    cd "$WORK/app"
    # Development settings without demo data (Production needs real keys and a public address); throwaway keys inside
    # $WORK. The server ends by itself after two hours even if this script is killed without running its trap.
    exec timeout 7200 dotnet SealService.dll \
        "--urls=$BASE" \
        --environment=Development \
        "--Storage:DataDirectory=$WORK/data" \
        "--Keys:Directory=$WORK/keys" \
        --Demo:SeedOnFirstStart=false \
        --RateLimiting:PermitsPerMinute=10000000 \
        --Logging:LogLevel:Default=Warning \
        --Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 300); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: the service did not start:" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1; }
    sleep 0.2
done
curl -fs "$BASE/healthz" >/dev/null || { echo "bench: the service is not healthy after 60 s" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1; }
start_seconds=$(awk -v ms=$(( $(date +%s%3N) - start_ms )) 'BEGIN { printf "%.1f", ms / 1000 }')

# Each kind: the API and the page for every query, ROUNDS times over. Words and prefixes occur in the loaded names
# (and a few rare ones), in the four languages, with and without accents.
words=(müller schmidt gmbh sarl ikawa habimana koperative fromage crème vollkornbrot wooden dupont martin bio ubumwe logiciel)
prefixes=(mül schm bäck nyira hab fro kräut dup ergo ikaw voll crè ubu kig log han)
filters=("program=smig" "program=shig" "program=rwts" "country=RW" "country=DE" "country=FR" "country=LU" "program=rwts&country=RW" "program=smig&country=DE&p=3" "country=GB&p=2")
first=("" "p=1" "inactive=true")
deep=("p=1000" "p=1001" "p=1500" "p=999&inactive=true")
urls_for() {
    local kind="$1" q
    case "$kind" in
        word) for q in "${words[@]}"; do echo "q=$(jq -rn --arg v "$q" '$v|@uri')"; done ;;
        prefix) for q in "${prefixes[@]}"; do echo "q=$(jq -rn --arg v "$q" '$v|@uri')"; done ;;
        filter) printf '%s\n' "${filters[@]}" ;;
        first) printf '%s\n' "${first[@]}" ;;
        deep) printf '%s\n' "${deep[@]}" ;;
    esac
}
command -v jq >/dev/null || { echo "bench: jq is missing (apt-get install -y jq)" >&2; exit 2; }

# The API takes page= and includeInactive=; the page p= and inactive=.
api_query() { sed -e 's/\bp=/page=/' -e 's/\binactive=/includeInactive=/' <<<"$1"; }

# One curl, one keep-alive connection, the URLs in turn; prints "status seconds" per URL.
fetch() {
    local args=() url
    for url in "$@"; do args+=(-o /dev/null "$url"); done
    curl -s -w '%{http_code} %{time_total}\n' "${args[@]}"
}

measure() {
    local kind="$1" rounds="$2" list=() query
    while IFS= read -r query; do
        list+=("$BASE/api/v1/registry?$(api_query "$query")" "$BASE/Registry?$query")
    done < <(urls_for "$kind")
    # Warm-up round (JIT, page cache), then the measured rounds over one keep-alive connection (curl needs one -o per URL).
    fetch "${list[@]}" >/dev/null
    local all=()
    for _ in $(seq 1 "$rounds"); do all+=("${list[@]}"); done
    fetch "${all[@]}" >"$WORK/$kind.times"
    if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$WORK/$kind.times"; then
        echo "bench: $kind had non-200 answers:" >&2; awk '$1 != 200' "$WORK/$kind.times" >&2; exit 1
    fi
    awk '{ print $2 * 1000 }' "$WORK/$kind.times" | sort -n >"$WORK/$kind.ms"
    # The three slowest requests of the kind, to stderr, for a closer look.
    paste -d' ' "$WORK/$kind.times" <(printf '%s\n' "${all[@]}") | sort -k2,2nr | awk "NR <= 3" | sed "s/^/bench: slowest $kind: /" >&2
    awk -v kind="$kind" '{ v[NR] = $1 } END {
        p50 = v[int(NR * 0.50 + 0.999999)]; p95 = v[int(NR * 0.95 + 0.999999)];
        printf "| %s | %d | %.1f | %.1f | %.1f |\n", kind, NR, p50, p95, v[NR] }' "$WORK/$kind.ms"
}
p95_of() { awk '{ v[NR] = $1 } END { printf "%.1f", v[int(NR * 0.95 + 0.999999)] }' "$WORK/$1.ms"; }

echo
echo "registry: $N certificates loaded in ${load_seconds} s ($(du -m "$WORK/data/sealservice.db" | cut -f1) MB); service answered after ${start_seconds} s;" \
    "$(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the start ${LOAD_AVERAGE}; $ROUNDS rounds, API and page alternating"
echo
echo "| kind | requests | p50 ms | p95 ms | max ms |"
echo "| --- | ---: | ---: | ---: | ---: |"
for kind in word prefix filter first deep; do
    measure "$kind" "$ROUNDS"
done

# The last page, reported apart: a page number past the end counts the whole result exactly once and shows its last page.
last_api="$BASE/api/v1/registry?page=10000000"
fetch "$last_api" >/dev/null
fetch "$last_api" "$BASE/Registry?p=10000000" "$last_api" "$BASE/Registry?p=10000000" >"$WORK/last.times"
awk '{ print $2 * 1000 }' "$WORK/last.times" | sort -n >"$WORK/last.ms"
awk '{ v[NR] = $1 } END { printf "| last page (apart) | %d | %.1f | %.1f | %.1f |\n", NR, v[int(NR * 0.5 + 0.999999)], v[NR], v[NR] }' "$WORK/last.ms"
echo "last page: $(curl -s "$last_api" | jq -r '"page \(.page), total \(.total) (exact: \(.totalIsExact))"')"

worst="$(for kind in word prefix filter; do p95_of "$kind"; echo; done | sort -n | tail -n 1)"
echo
echo "p95_ms=${worst} certificates=${N}"
