#!/usr/bin/env bash
# Storage backup from the fake Supabase project on loopback: FILES small files (10-100 KB) and one file
# of BIG_MIB, each at --parallel 1 and 8, then an incremental run with one file changed.
#   bench/storage-backup.sh [FILES] [BIG_MIB]     (defaults: 5000 files, 1024 MiB)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/supabackup" --version >/dev/null   # builds the jar once
cp=$(mktemp); trap 'rm -f "$cp"' EXIT
# with -am the sibling modules resolve to their target/classes, so nothing needs installing first;
# app-cli comes last in the reactor, so its class path is the one left in the file
(cd "$root" && ./mvnw -q -B -pl app-cli -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp" \
    >/dev/null)
java -cp "$root/app-cli/target/test-classes:$(cat "$cp")" io.supabackup.cli.bench.StorageBenchmark \
    "$root/app-cli/target/supabackup.jar" "${1:-5000}" "${2:-1024}"
