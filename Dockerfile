# syntax=docker/dockerfile:1
# supabackup in a container: the CLI with the PostgreSQL 15 and 17 client tools.
#   docker build -t supabackup .
#   docker run --rm -e SUPABASE_DB_URL -v "$PWD/backups:/data/backups" supabackup backup
# See deploy/README.md.

# ---- build: the shaded jar, with the Maven wrapper ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp package -DskipTests -pl app-cli -am

# ---- run: a JRE, pg_dump/pg_dumpall/psql/pg_restore 15 and 17, and the jar ----
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="supabackup" \
      org.opencontainers.image.description="Back up a whole Supabase project (database, Storage files, Auth users) and restore it with nothing lost" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/OWNER/supabackup" \
      org.opencontainers.image.documentation="https://github.com/OWNER/supabackup/blob/main/deploy/README.md"

# The client tools come from the PostgreSQL apt repository (PGDG), which carries every supported major
# for this Ubuntu release. Both land in /usr/lib/postgresql/<major>/bin, where supabackup looks and
# picks the newest pg_dump that is at least the server's version: 17 serves 15 and 17 servers, and
# --pg-bin /usr/lib/postgresql/15/bin pins the older one when a dump must match a 15 server exactly.
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gnupg; \
    install -d -m 0755 /usr/share/keyrings; \
    curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc \
        | gpg --dearmor -o /usr/share/keyrings/postgresql-archive-keyring.gpg; \
    codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"; \
    echo "deb [signed-by=/usr/share/keyrings/postgresql-archive-keyring.gpg] https://apt.postgresql.org/pub/repos/apt ${codename}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list; \
    apt-get update; \
    apt-get install -y --no-install-recommends postgresql-client-15 postgresql-client-17; \
    rm -rf /var/lib/apt/lists/*; \
    /usr/lib/postgresql/15/bin/pg_dump --version; \
    /usr/lib/postgresql/17/bin/pg_dump --version

RUN groupadd --system --gid 10001 supabackup \
    && useradd --system --uid 10001 --gid 10001 --home-dir /home/supabackup --create-home \
        --shell /usr/sbin/nologin supabackup \
    && install -d -o 10001 -g 10001 -m 0750 /data

COPY --from=build /src/app-cli/target/supabackup.jar /opt/supabackup/supabackup.jar

# A class-data archive (AppCDS) of the classes a run loads spares every start of the container a few
# hundred milliseconds of loading and verifying them. Made here the way the ./supabackup launcher makes
# its own: by a database backup that fails at once, since nothing listens on port 1. An archive the JVM
# cannot use is ignored, silently, so a build where this step made none still runs.
RUN cd /tmp \
    && (java -XX:ArchiveClassesAtExit=/opt/supabackup/supabackup.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
        -XX:+UseSerialGC -Xmx256m -jar /opt/supabackup/supabackup.jar backup --quiet --only db \
        --db-url postgresql://127.0.0.1:1/none --repo /tmp/training >/dev/null 2>&1 || true) \
    && rm -rf /tmp/training \
    && if [ -f /opt/supabackup/supabackup.jsa ]; then chmod 0444 /opt/supabackup/supabackup.jsa; fi

# the default repository ./backups is /data/backups: mount a volume there, or pass --repo s3://…
WORKDIR /data
USER 10001
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/supabackup/supabackup.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", \
            "-XX:+UseSerialGC", "-Xmx256m", "-jar", "/opt/supabackup/supabackup.jar"]
CMD ["--help"]
