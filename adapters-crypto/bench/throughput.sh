#!/usr/bin/env bash
# Throughput of this module's zstd + OpenPGP encryption (and back) next to `zstd | gpg` on the same data.
# Usage: adapters-crypto/bench/throughput.sh [SIZE_MIB]   (default 1024; needs ~6x that in $TMPDIR)
# Build first: ./mvnw -q -B -pl adapters-crypto install -DskipTests
set -euo pipefail
size=${1:-1024}
module=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
pass=benchmark-passphrase

(cd "$module/.." && ./mvnw -q -B -pl adapters-crypto dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null)
run() { java -cp "$module/target/classes:$module/target/test-classes:$(cat "$work/cp")" \
    io.supabackup.adapters.crypto.ThroughputBenchmark "$@"; }
seconds() { local start=$1; echo "$(date +%s.%N) - $start" | bc; }
report() { printf '%-28s %6.2f s  %7.1f MB/s of plaintext\n' "$1" "$2" "$(echo "$3 / 1000000 / $2" | bc -l)"; }

gpg --batch --quiet --pinentry-mode loopback --passphrase "$pass" \
    --quick-generate-key "bench <bench@example.com>" future-default default never
gpg --batch --armor --export bench@example.com > "$work/pub.asc"
gpg --batch --pinentry-mode loopback --passphrase "$pass" --armor --export-secret-keys bench@example.com > "$work/sec.asc"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(gpg --version | head -1); $(zstd --version)"

for kind in text random; do
    data=$work/$kind.bin
    run generate "$kind" "$size" "$data"
    bytes=$(stat -c %s "$data")
    cat "$data" > /dev/null   # both sides read from the page cache
    echo "== $kind, $size MiB"
    run encrypt "$data" "$work/pub.asc" "$work/java.gpg" zstd:3
    run decrypt "$work/java.gpg" "$work/sec.asc" "$pass" zstd:3
    start=$(date +%s.%N)
    zstd -3 -q -c "$data" | gpg --batch --quiet --trust-model always --recipient bench@example.com \
        --cipher-algo AES256 --compress-algo none --encrypt -o "$work/gpg.gpg"
    report "zstd -3 | gpg --encrypt" "$(seconds "$start")" "$bytes"
    start=$(date +%s.%N)
    gpg --batch --quiet --pinentry-mode loopback --passphrase "$pass" --decrypt "$work/gpg.gpg" | zstd -q -d > /dev/null
    report "gpg --decrypt | zstd -d" "$(seconds "$start")" "$bytes"
    run encrypt "$data" "$work/pub.asc" "$work/java-none.gpg" none
    start=$(date +%s.%N)
    gpg --batch --quiet --trust-model always --recipient bench@example.com \
        --cipher-algo AES256 --compress-algo none --encrypt -o "$work/gpg-none.gpg" "$data"
    report "gpg --encrypt (no zstd)" "$(seconds "$start")" "$bytes"
    rm -f "$data" "$work"/*.gpg
done
