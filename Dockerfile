# Tally in server mode (docker-compose.yml). The embedded engine's library is not needed here: with
# TALLY_CLICKHOUSE_URL set, Tally talks to the ClickHouse server and never loads chDB.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q -DskipChdbFetch=true dependency:go-offline
COPY src src
COPY clickhouse clickhouse
RUN mvn -B -q -DskipChdbFetch=true -DskipTests package

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /build/target/tally.jar /app/tally.jar
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=10 CMD curl -fsS http://localhost:8080/health || exit 1
# A 1 GiB heap that G1 returns to the OS when idle (ADR 0101); the engine caps its own memory at 2 GiB.
ENTRYPOINT ["java", "-Xmx1g", "-XX:G1PeriodicGCInterval=15000", "-jar", "/app/tally.jar"]
