#!/usr/bin/env bash
# Offline verification at the crypto limit (issue 16): how fast `sealverify verify --batch` checks seals, beside the
# machine's own floor measured in the same run, `openssl speed -seconds 5 ecdsap256` (one ECDSA P-256 verify per seal).
#
# 1. builds tests/SealService.Benchmarks (Release) and runs its "verify-batch DIR N D" mode: throwaway keys, a signed
#    trust list, N QR URLs and D detached seals (payload + CMS files), made by the issuance code the benchmarks measure;
# 2. publishes src/SealVerifier/Cli (Release);
# 3. one after another: openssl speed (one core, counting CPU time as openssl does by default; again with -elapsed,
#    counting wall-clock time as verify --batch does; then -multi PARALLEL), verify --batch over the QR URLs single-threaded
#    and with --parallel PARALLEL, verify --batch --detached likewise; each batch must come out all valid;
# 4. unless BDN=none, BenchmarkDotNet RawEcdsaP256Verify, VerifyQr and VerifyDetached in one run (in-process toolchain).
# It prints a Markdown table with each rate and its ratio to openssl's verify rate (targets: QR >= 0.8x single-core,
# detached >= 0.5x).
#
#   bench/verify.sh                    N=60000 QR URLs, 20000 detached, --parallel 2, BenchmarkDotNet --job short
#   bench/verify.sh 5000 1000          smaller
#   PARALLEL=4 BDN=none bench/verify.sh
#   BDN=default bench/verify.sh        BenchmarkDotNet's default job (several minutes, steadier)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-60000}"
D="${2:-20000}"
PARALLEL="${PARALLEL:-2}"
BDN="${BDN:-short}"
OPENSSL_SECONDS="${OPENSSL_SECONDS:-5}"
[[ "$N" =~ ^[0-9]+$ && "$D" =~ ^[0-9]+$ && "$N" -ge 1 && "$D" -ge 1 && "$D" -le "$N" ]] \
    || { echo "usage: bench/verify.sh [N [D]], 1 <= D <= N" >&2; exit 2; }
[[ "$BDN" =~ ^(none|short|default)$ ]] || { echo "bench: BDN is none, short or default" >&2; exit 2; }

for tool in openssl dotnet awk; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "bench: building the seal generator and publishing the verifier (Release)..." >&2
timeout 900 dotnet build "$ROOT/tests/SealService.Benchmarks" -c Release -o "$WORK/gen" --nologo -v quiet >&2
timeout 900 dotnet publish "$ROOT/src/SealVerifier/Cli" -c Release -o "$WORK/cli" --nologo -v quiet >&2

echo "bench: making $N QR seals and $D detached seals..." >&2
timeout 1800 dotnet "$WORK/gen/SealService.Benchmarks.dll" verify-batch "$WORK/seals" "$N" "$D" >&2
PIN="$(cat "$WORK/seals/root-pin.txt")"

# openssl speed: the row "256 bits ecdsa (nistp256) <sign s> <verify s> <sign/s> <verify/s>"; the last field.
openssl_rate() {
    timeout 120 openssl speed "$@" -seconds "$OPENSSL_SECONDS" ecdsap256 2>/dev/null | awk '/ecdsa \(nistp256\)/ { r = $NF } END { print r }'
}

# One verify --batch run; prints its rate (the summary's "(R per second"), fails unless every seal is valid.
batch_rate() {
    local file="$1"; shift
    local summary
    (cd "$WORK/seals" && timeout 1800 dotnet "$WORK/cli/SealVerifier.Cli.dll" verify --batch "$file" \
        --trust-list trust-list.json --pin "$PIN" "$@" >"$WORK/out.txt") \
        || { echo "bench: not every seal was valid ($file $*):" >&2; grep -v $'\tValid\t' "$WORK/out.txt" | head -n 5 >&2; exit 1; }
    summary="$(tail -n 1 "$WORK/out.txt")"
    echo "bench: $file $*: $summary" >&2
    sed -E 's/.*\(([0-9]+) per second.*/\1/' <<<"$summary"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

echo "bench: openssl speed and verify --batch, one after another..." >&2
load="$(cut -d' ' -f1-3 /proc/loadavg)"
ossl1="$(openssl_rate)"
ossl_wall="$(openssl_rate -elapsed)"
ossl_n="$(openssl_rate -multi "$PARALLEL")"
qr1="$(batch_rate qr.txt)"
qr_n="$(batch_rate qr.txt --parallel "$PARALLEL")"
det1="$(batch_rate detached.txt --detached)"
det_n="$(batch_rate detached.txt --detached --parallel "$PARALLEL")"

echo
echo "verify: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo));" \
    "$(openssl version | cut -d' ' -f1-2); .NET $(dotnet --version); load average at the start ${load};" \
    "$N QR seals, $D detached seals"
echo
echo "| what | verifications/s | ratio to openssl (1 core) | target |"
echo "| --- | ---: | ---: | --- |"
echo "| openssl speed -seconds $OPENSSL_SECONDS ecdsap256, 1 core (reference) | $ossl1 | 1.00x | |"
echo "| openssl speed -elapsed (wall clock, as verify --batch counts) | $ossl_wall | $(ratio "$ossl_wall" "$ossl1") | |"
echo "| openssl speed -multi $PARALLEL (reference) | $ossl_n | $(ratio "$ossl_n" "$ossl1") | |"
echo "| verify --batch, QR URLs, 1 thread | $qr1 | $(ratio "$qr1" "$ossl1") | >= 0.8x |"
echo "| verify --batch, QR URLs, --parallel $PARALLEL | $qr_n | $(ratio "$qr_n" "$ossl1") ($(ratio "$qr_n" "$qr1") of 1 thread) | scales with cores |"
echo "| verify --batch --detached, 1 thread | $det1 | $(ratio "$det1" "$ossl1") | >= 0.5x |"
echo "| verify --batch --detached, --parallel $PARALLEL | $det_n | $(ratio "$det_n" "$ossl1") ($(ratio "$det_n" "$det1") of 1 thread) | |"

if [[ "$BDN" != none ]]; then
    echo "bench: BenchmarkDotNet RawEcdsaP256Verify, VerifyQr, VerifyDetached (--job $BDN, in-process)..." >&2
    job=(); [[ "$BDN" == short ]] && job=(--job short)
    (cd "$WORK" && timeout 1800 dotnet "$WORK/gen/SealService.Benchmarks.dll" --filter '*RawEcdsaP256Verify' '*VerifyQr' '*VerifyDetached' \
        "${job[@]}" --inProcess --artifacts "$WORK/bdn" >"$WORK/bdn.log" 2>&1) || { tail -n 30 "$WORK/bdn.log" >&2; exit 1; }
    report="$(ls "$WORK"/bdn/results/*-report-github.md)"
    echo
    echo "BenchmarkDotNet (--job $BDN, in-process), per call; rate = 1 / mean, ratio to the openssl row above:"
    echo
    echo "| benchmark | mean | per second | ratio to openssl (1 core) |"
    echo "| --- | ---: | ---: | ---: |"
    # Rows "| Method | Mean | Error | ..." with the mean in ns, us/μs or ms.
    awk -F'|' -v ossl="$ossl1" '$2 ~ /RawEcdsaP256Verify|VerifyQr|VerifyDetached/ {
        name = $2; gsub(/ /, "", name); mean = $3; gsub(/^ +| +$/, "", mean);
        split(mean, part, " "); v = part[1]; gsub(/,/, "", v); unit = part[2];
        us = unit == "ns" ? v / 1000 : (unit == "ms" ? v * 1000 : (unit == "s" ? v * 1e6 : v));
        printf "| %s | %s | %.0f | %.2fx |\n", name, mean, 1e6 / us, (1e6 / us) / ossl }' "$report"
fi
