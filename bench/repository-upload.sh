#!/usr/bin/env bash
# A file of MIB random bytes (default 1024) streamed into a backup through the repository's write path,
# to a local repository and to the in-process S3 server (in a JVM of its own), next to `cp` + `sync` and
# `rclone copy` of the same file to the same places; each run BENCH_RUNS times (default 3).
#   bench/repository-upload.sh [MIB]
# Needs rclone (apt-get install rclone), configured here through the environment only.
source "$(dirname "$0")/lib.sh"
mib=${1:-1024}
command -v rclone >/dev/null || { echo "bench: rclone is missing (apt-get install rclone)" >&2; exit 5; }
rm -f "$OUT_DIR/results.tsv"
work=$(mktemp -d "$OUT_DIR/upload-XXXXXX")
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cp=$work/classpath
(cd "$ROOT_DIR" && ./mvnw -q -B -pl app-cli -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
export BENCH_CP="$ROOT_DIR/app-cli/target/test-classes:$(cat "$cp")"

file=$work/data.bin
head -c "$((mib << 20))" /dev/urandom > "$file"
cat "$file" > /dev/null   # every run reads from the page cache

java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_CP" io.supabackup.cli.bench.S3Server > "$work/endpoint" 2>"$work/s3.log" &
server=$!
for _ in $(seq 1 120); do
  [ -s "$work/endpoint" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/s3.log" >&2; exit 1; }
  sleep 0.5
done
endpoint=$(head -1 "$work/endpoint")
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $mib MiB; S3 server at $endpoint" >&2

export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT="$endpoint" \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=test-access-key RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=test-secret-key \
  RCLONE_CONFIG_BENCH_REGION=us-east-1 RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true RCLONE_CONFIG=/dev/null
# a CA bundle is for TLS; rclone refuses to start with one beside a plain-HTTP endpoint
unset AWS_CA_BUNDLE
empty_bucket="rclone delete bench:backups >/dev/null 2>&1 || true"
# the uploader in its own JVM with the launcher's settings, so that its peak memory is its own
upload() { java -XX:+UseSerialGC -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_CP" \
  io.supabackup.cli.bench.RepositoryUpload "$@" >/dev/null; }

measure --before "rm -rf '$work/local'; mkdir -p '$work/local'" "cp + sync to a directory" \
  bash -c "cp '$file' '$work/local/' && sync '$work/local/data.bin'"
measure --before "rm -rf '$work/local'" --vs "cp + sync to a directory" "repository put, local, no compression" \
  upload "$file" "$work/local" repo none
measure --before "rm -rf '$work/local'" --vs "cp + sync to a directory" "repository put, local, zstd" \
  upload "$file" "$work/local" repo zstd
measure --before "$empty_bucket" "rclone copy to S3" rclone copy "$file" bench:backups/rclone/
measure --before "$empty_bucket" --vs "rclone copy to S3" "repository put, S3, no compression" \
  upload "$file" "$endpoint" repo none
measure --before "$empty_bucket" --vs "rclone copy to S3" "repository put, S3, zstd" \
  upload "$file" "$endpoint" repo zstd

print_results
