# The image of each of the three services, told apart by two build arguments. Build context: the repository root.
# docker compose builds the three; by hand, e.g.
#   docker build --build-arg MODULE=verify-service --build-arg PORT=8082 -t sfcrime/verify-service:0.1.0-SNAPSHOT .
# Base images pinned: https://hub.docker.com/_/eclipse-temurin
FROM eclipse-temurin:17.0.16_8-jdk-jammy AS build
# The service's Maven module (ingest-service, verify-service or analytics-service).
ARG MODULE
WORKDIR /src
COPY . .
# The reactor builds the module and the modules it needs; ~/.m2 is a BuildKit cache shared by the three images.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    : "${MODULE:?pass --build-arg MODULE=<the service module>}" \
 && ./mvnw -B -ntp -DskipTests -pl "${MODULE}" -am package \
 && cp "${MODULE}/target/${MODULE}"-*.jar /src/app.jar \
 && java -Djarmode=tools -jar /src/app.jar extract --layers --destination /extracted \
 && mkdir -p /extracted/dependencies /extracted/snapshot-dependencies /extracted/application

FROM eclipse-temurin:17.0.16_8-jre-jammy
# The service's HTTP port (its server.port): the healthcheck calls it.
ARG PORT
# curl is the healthcheck's client. The user owns only its working directory and /var/lib/sfcrime, where a service
# keeps what must outlive the container (compose mounts analytics' checkpoint volume there, and a new named volume
# takes the owner of the directory it is mounted on). Spark (Hadoop's user lookup) needs a real user with a home.
RUN : "${PORT:?pass --build-arg PORT=<the service port>}" \
 && apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 sfcrime \
 && useradd --system --uid 10001 --gid sfcrime --home-dir /app --shell /usr/sbin/nologin sfcrime \
 && mkdir -p /app /var/lib/sfcrime \
 && chown sfcrime:sfcrime /app /var/lib/sfcrime
WORKDIR /app
# Layers from the least to the most often changed, so a code change rebuilds only the last one.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# The heap follows the container's memory limit; on OutOfMemoryError the JVM exits and compose restarts it.
# A service binds to loopback unless told otherwise (service-support's defaults); in a container it must answer on
# the container's network, and compose publishes the port on the host's 127.0.0.1 only.
ENV SERVER_PORT=${PORT} \
    SERVER_ADDRESS=0.0.0.0 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
# The start period is analytics' (Spark starts slowly); the others are healthy at their first answer all the same.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=6 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT}/actuator/health" || exit 1
# No JVM flags: the jar's manifest carries the Add-Opens Spark needs on Java 17 (the root pom's spark.java17.flags).
ENTRYPOINT ["java", "-jar", "app.jar"]
