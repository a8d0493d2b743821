#!/usr/bin/env bash
# Fuzz the visitor-facing parsers (Fuzz/ParsersFuzz.swift) with libFuzzer and AddressSanitizer.
# Usage: scripts/fuzz.sh [SECONDS]   (default 60). Exits non-zero on a crash or failed invariant;
# the reproducer is left in .build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out/corpus"
# The pure core plus the OpenSSL HMAC the token codec is given, compiled as one module (the
# crypto wrapper's `import CVMatchCore` is dropped for that).
rm -rf "$out/src" && mkdir -p "$out/src"
for f in Sources/CVMatchCrypto/*.swift; do sed '/^import CVMatchCore$/d' "$f" > "$out/src/$(basename "$f")"; done
sources=$(find Sources/CVMatchCore "$out/src" -name '*.swift' | sort)
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name CVMatchFuzz -swift-version 6 \
    -I Sources/COpenSSL $sources Fuzz/ParsersFuzz.swift -lcrypto -o "$out/parsers-fuzz"
# Seeds: real shapes of each input.
printf '%s' 'utm_source=LinkedIn&utm_campaign=%C3%A9t%C3%A9+2026&ref=cv' > "$out/corpus/utm"
printf '%s' '{"position": "Senior Backend Developer"}' > "$out/corpus/body"
printf '%s' 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJwb3MiOiJwbSJ9.c2ln' > "$out/corpus/token"
printf '%s' '{"alg":"HS256","typ":"JWT","kid":"k1"}' > "$out/corpus/header"
printf '%s' '{"pos":"pm","jti":"x1","iat":0,"exp":100}' > "$out/corpus/claims"
printf '%s' "<script>alert(1)</script> ' OR 1=1 --" > "$out/corpus/injection"
cd "$out"
./parsers-fuzz -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 corpus 2>&1 | tail -15
