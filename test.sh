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
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
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

dotnet tool restore >/dev/null
dotnet build SealService.sln -c Release -warnaserror --nologo -v quiet
# One test project at a time keeps the 2-core machine from timing out browser tests; the summary line is per project.
dotnet test SealService.sln -c Release --no-build --nologo --logger "console;verbosity=normal" -m:1 "$@"
