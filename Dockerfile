# Driftline service image. Build the jar first (`mvn -B -DskipTests package`); this copies what that produces:
# topology/service/target/driftline.jar, whose manifest Class-Path names lib/*.jar, and topology/service/target/lib/.
FROM eclipse-temurin:17-jre

RUN groupadd --system driftline && useradd --system --gid driftline --home-dir /opt/driftline driftline \
    && mkdir -p /var/lib/driftline && chown driftline:driftline /var/lib/driftline

WORKDIR /opt/driftline
# Libraries first: they change less often than the application jar, so the layer is reused.
COPY topology/service/target/lib/ lib/
COPY topology/service/target/driftline.jar driftline.jar

USER driftline
VOLUME /var/lib/driftline
# HTTP API, /metrics and the dashboard.
EXPOSE 8080

# Avro 1.12 instantiates generated classes only from trusted packages (FACTS.md).
# DataSketches 7 needs the incubator foreign-memory module on Java 17 (FACTS.md).
ENTRYPOINT ["java", "--add-modules=jdk.incubator.foreign", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftline", "-jar", "driftline.jar"]
CMD ["run", "--bootstrap-servers", "kafka:9092", "--schema-registry-url", "http://schema-registry:8081", \
     "--http-port", "8080", "-p", "http.host=0.0.0.0", "-p", "state.dir=/var/lib/driftline/state"]
