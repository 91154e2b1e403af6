#!/usr/bin/env bash
# Upload throughput and memory of a generated stream (default 1024 MiB) to the in-process S3 server.
# Usage: adapters-storage-s3/bench/s3-upload.sh [SIZE_MIB]   (build first: ./mvnw -pl adapters-storage-s3 install)
set -euo pipefail
module=$(cd "$(dirname "$0")/.." && pwd)
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
(cd "$module/.." && ./mvnw -q -B -pl adapters-storage-s3 dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
java -Dorg.springframework.boot.logging.LoggingSystem=none -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$module/target/classes:$module/target/test-classes:$(cat "$cp")" \
    io.supabackup.adapters.storage.s3.S3UploadBenchmark "${1:-1024}"
