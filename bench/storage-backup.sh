#!/usr/bin/env bash
# Storage backup from the fake Supabase project on loopback: FILES small files (10-100 KB) and one file
# of BIG_MIB, at --parallel 1, 4 and 8, then an incremental run after 1% of the files changed; each run
# BENCH_RUNS times (default 3), the median reported.
#   bench/storage-backup.sh [FILES] [BIG_MIB] [PARALLEL,...]   (defaults: 5000 files, 1024 MiB, 1,4,8)
# SUPABACKUP_JAR picks the jar to measure, SUPABACKUP_JAVA_OPTS the CLI's JVM settings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -n "${SUPABACKUP_JAR:-}" ] || "$root/supabackup" --version >/dev/null   # builds the jar once
cp=$(mktemp); trap 'rm -f "$cp"' EXIT
# with -am the sibling modules resolve to their target/classes, so nothing needs installing first;
# app-cli comes last in the reactor, so its class path is the one left in the file
(cd "$root" && ./mvnw -q -B -pl app-cli -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$root/app-cli/target/test-classes:$(cat "$cp")" io.supabackup.cli.bench.StorageBenchmark \
    "${SUPABACKUP_JAR:-$root/app-cli/target/supabackup.jar}" "${1:-5000}" "${2:-1024}" "${BENCH_RUNS:-3}" "${3:-1,4,8}"
