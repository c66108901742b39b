#!/usr/bin/env bash
# Runs every test of the solution: unit, integration (real HTTP pipeline + SQLite) and end-to-end browser tests.
# Installs what the tests need from Debian first (Chromium for the browser tests, zbar-tools to decode QR codes,
# openssl to check CMS signatures, DejaVu fonts for rendered PDFs and screenshots, PostgreSQL for the scale-out tests,
# python3-aiosmtpd for the SMTP server of the mail tests) when it is missing and the script
# may install packages. Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~EndToEnd).
set -euo pipefail
cd "$(dirname "$0")"
started=$SECONDS

need=()
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The mail tests run a real SMTP server (tests/SealService.Tests/Support/smtp_sink.py) on Debian's aiosmtpd.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
if [ -z "${SEALSERVICE_TEST_POSTGRES:-}" ]; then
  command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing test prerequisites: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    echo "Installing test prerequisites with sudo: ${need[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing ${need[*]}: install them (Debian: apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
fi

# The PostgreSQL tests (the scale-out path) need a server where the test user may create databases.
# Without SEALSERVICE_TEST_POSTGRES set, start the local Debian cluster and create that user.
if [ -z "${SEALSERVICE_TEST_POSTGRES:-}" ]; then
  run_as_postgres() { if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  [ -n "$cluster" ] || { echo "No PostgreSQL cluster found (pg_lsclusters)." >&2; exit 1; }
  if [ "$(id -u)" = "0" ]; then pg_ctlcluster $cluster start 2>/dev/null || true; else sudo pg_ctlcluster $cluster start 2>/dev/null || true; fi
  run_as_postgres "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sealservice_test') THEN CREATE ROLE sealservice_test LOGIN CREATEDB PASSWORD 'sealservice-test'; END IF; END\\\$\\\$;\""
  port=$(pg_lsclusters -h | awk 'NR==1 {print $3}')
  export SEALSERVICE_TEST_POSTGRES="Host=127.0.0.1;Port=${port};Username=sealservice_test;Password=sealservice-test"
fi

# Independent verifiers (npm jose, @auth0/cose, cbor) check freshly issued artifacts; versions pinned in package-lock.json.
if [ ! -d tests/interop/node_modules ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is missing (Node 20): install nodejs and npm and run again." >&2; exit 1; }
  (cd tests/interop && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi

# Dozens of test hosts start in one process; each would watch its files with inotify (128 instances per user by
# default). Polling watchers and no config reload keep the tests inside that limit.
export DOTNET_USE_POLLING_FILE_WATCHER=1 DOTNET_hostBuilder__reloadConfigOnChange=false ASPNETCORE_hostBuilder__reloadConfigOnChange=false
if [ "$(id -u)" = "0" ]; then sysctl -qw fs.inotify.max_user_instances=1024 2>/dev/null || true; fi

# Playwright uses Debian's Chromium (see tests/SealService.EndToEnd/README.md); it must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null
dotnet build SealService.sln -c Release -warnaserror --nologo -v quiet
built=$SECONDS
echo "Build: $((built - started)) s"

# One test project at a time (-m:1): on a 2-core machine parallel test hosts and browsers make each other time out.
# The runner prints every failure in full and one summary line per project:
# "Passed!  - Failed: 0, Passed: N, Skipped: 0, Total: N, Duration: ... - <Project>.dll".
status=0
output=$(mktemp)
dotnet test SealService.sln -c Release --no-build --nologo --logger "console;verbosity=minimal" -m:1 "$@" 2>&1 | tee "$output" || status=$?
echo "Tests: $((SECONDS - built)) s, total: $((SECONDS - started)) s, exit code $status"
# One plain closing line over all projects: "total: N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$output" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$output" | awk '{s += $2} END {print s + 0}')
rm -f "$output"
echo "total: $passed passed, $failed failed"
exit $status
