#!/usr/bin/env bash
# Retakes the screenshots in this folder (English, 1280 px and 375 px) with the accessibility browser journey, which
# also runs the axe check on every page it photographs. Needs Debian's chromium, like ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export SEALSERVICE_SCREENSHOTS="$PWD/docs/screenshots"
dotnet test tests/SealService.EndToEnd -c Release --filter "FullyQualifiedName~AccessibilityJourney"
