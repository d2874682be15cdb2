package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * The deployment files parse, name only settings that exist, and wire what they claim: two replicas with health probes
 * on Kubernetes, two replicas and a PostgreSQL volume in compose, the start script in the image and the unit.
 */
class DeploymentFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SETTING = Pattern.compile("\\b(CMS_[A-Z0-9_]+)\\b");
    private static final Set<String> ENV = ConfigKeys.all().stream().map(ConfigKeys::env).collect(Collectors.toSet());

    private static List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(Path.of(file).toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void everySettingTheFilesNameExists() throws IOException {
        for (String file : List.of("kubernetes/quire.yaml", "compose/compose.yaml", "systemd/quire.env.example",
                "bin/quire-prod", "docker/Dockerfile", "systemd/quire.service")) {
            Matcher m = SETTING.matcher(Files.readString(Path.of(file)));
            while (m.find()) {
                assertThat(ENV).as("%s names %s", file, m.group(1)).contains(m.group(1));
            }
        }
    }

    @Test
    void kubernetesRunsTwoReplicasWithProbesAndItsConfigFromAConfigMapAndASecret() throws IOException {
        List<JsonNode> docs = documents("kubernetes/quire.yaml");
        assertThat(docs.stream().map(d -> d.path("kind").asText())).containsExactlyInAnyOrder("ConfigMap", "Secret",
                "Deployment", "Service");
        JsonNode deployment = kind(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/envFrom/0/configMapRef/name").asText())
                .isEqualTo(kind(docs, "ConfigMap").at("/metadata/name").asText());
        assertThat(container.at("/envFrom/1/secretRef/name").asText())
                .isEqualTo(kind(docs, "Secret").at("/metadata/name").asText());
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        kind(docs, "Service").at("/spec/selector").fields()
                .forEachRemaining(e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        Map<String, String> config = YAML.convertValue(kind(docs, "ConfigMap").get("data"), Map.class);
        Map<String, String> secret = YAML.convertValue(kind(docs, "Secret").get("stringData"), Map.class);
        assertThat(config).containsEntry("CMS_STORAGE_KIND", "postgres").containsKey("CMS_STORAGE_POSTGRES_JDBC_URL");
        assertThat(secret).containsKeys("CMS_STORAGE_POSTGRES_PASSWORD", "CMS_SECURITY_SIGNING_KEY",
                "CMS_ADMIN_PASSWORD");
    }

    @Test
    void composeRunsTwoReplicasOnPostgresWithAVolume() throws IOException {
        JsonNode compose = documents("compose/compose.yaml").get(0);
        JsonNode quire = compose.at("/services/quire");
        assertThat(quire.at("/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(quire.at("/environment/CMS_STORAGE_POSTGRES_JDBC_URL").asText())
                .startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(quire.at("/build/dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
        assertThat(compose.at("/services/postgres/volumes/0").asText()).startsWith("quire-db:");
        assertThat(compose.at("/volumes").has("quire-db")).isTrue();
    }

    @Test
    void theImageAndTheUnitStartThroughTheProdScript() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY --chown=quire deploy/target/quarkus-app/ /opt/quire/quarkus-app/")
                .contains("ENTRYPOINT [\"/opt/quire/bin/quire-prod\"]").contains("USER quire")
                .contains("COPY deploy/src/main/cds/postgresql-classes.txt /tmp/cds-training/postgresql-classes.txt")
                .contains("-Dquire.cds.classes=/tmp/cds-training/postgresql-classes.txt");
        String unit = Files.readString(Path.of("systemd/quire.service"));
        assertThat(unit).contains("ExecStart=/opt/quire/bin/quire-prod")
                .contains("EnvironmentFile=/etc/quire/quire.env")
                .contains("Restart=on-failure");
        assertThat(Path.of("bin/quire-prod")).isExecutable();
    }

    /** The benchmark measures the start script's default JVM; the image keeps the same bounds on the heap's growth. */
    @Test
    void theStartScriptRunsTheJvmTheBenchmarkMeasures() throws IOException {
        assertThat(Files.readString(Path.of("bin/quire-prod")))
                .contains("JAVA_OPTS=\"${JAVA_OPTS:-" + String.join(" ", BenchmarkIT.THROUGHPUT_JVM) + " ");
        assertThat(Files.readString(Path.of("docker/Dockerfile")))
                .contains("-XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30");
    }
}
