#!/usr/bin/env bash
# Runs every test of the solution: unit, integration (real HTTP pipeline + SQLite) and end-to-end browser tests.
# Installs what the tests need from Debian first (Chromium for the browser tests, zbar-tools to decode QR codes,
# openssl to check CMS signatures) when it is missing and the script may install packages.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
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

dotnet tool restore >/dev/null
dotnet build SealService.sln -c Release -warnaserror --nologo -v quiet
# One test project at a time keeps the 2-core machine from timing out browser tests; the summary line is per project.
dotnet test SealService.sln -c Release --no-build --nologo --logger "console;verbosity=normal" -m:1 "$@"
