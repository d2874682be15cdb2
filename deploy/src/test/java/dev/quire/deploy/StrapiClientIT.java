package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * Strapi's official JavaScript client ({@code @strapi/client}, pinned in {@code src/test/strapi-client}), unchanged,
 * lists, filters, sorts, paginates, populates, creates, updates, publishes, localizes and deletes entries of the
 * packaged application. Needs Node.js and npm, and the npm registry for the client.
 */
class StrapiClientIT {

    private static final Path CLIENT = Path.of("src/test/strapi-client");

    @TempDir
    Path workDir;

    @Test
    void strapisOfficialClientWorksUnchangedOnSqlite() throws Exception {
        check(Map.of(), "-Dquarkus.profile=dev");
    }

    @Test
    void strapisOfficialClientWorksUnchangedOnPostgres() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("client")) {
            check(Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(), "CMS_STORAGE_POSTGRES_USERNAME",
                    PostgresTestDatabase.user(), "CMS_SECURITY_SIGNING_KEY",
                    "a-prod-signing-key-of-more-than-32-characters"));
        }
    }

    private void check(Map<String, String> storage, String... jvmArgs) throws Exception {
        Path client = workDir.resolve("client");
        Files.createDirectories(client);
        for (String file : List.of("package.json", "package-lock.json", "client-check.mjs")) {
            Files.copy(CLIENT.resolve(file), client.resolve(file));
        }
        run(client, Map.of(), "npm", "ci", "--no-audit", "--no-fund");

        Map<String, String> env = new java.util.HashMap<>(storage);
        env.putAll(Map.of("CMS_ADMIN_EMAIL", "front@example.com", "CMS_ADMIN_PASSWORD", "front-end-password"));
        try (QuireProcess app = QuireProcess.start(workDir.resolve("app"), env, jvmArgs)) {
            app.awaitReady();
            String token = app.login("front@example.com", "front-end-password");
            app.as(token).body(schema("collectionType", "author", Map.of("name", Map.of("type", "string"))))
                    .post("/admin/content-types").then().statusCode(201);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "article", "pluralName", "articles", "displayName", "Article"),
                    "options", Map.of("draftAndPublish", true),
                    "attributes", Map.of("title", Map.of("type", "string", "required", true),
                            "views", Map.of("type", "integer"),
                            "author", Map.of("type", "relation", "relation", "manyToOne",
                                    "target", "api::author.author"))))
                    .post("/admin/content-types").then().statusCode(201);
            app.as(token).body(schema("singleType", "homepage", Map.of("headline", Map.of("type", "string"))))
                    .post("/admin/content-types").then().statusCode(201);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "page", "pluralName", "pages", "displayName", "Page"),
                    "pluginOptions", Map.of("i18n", Map.of("localized", true)),
                    "attributes", Map.of("title", Map.of("type", "string"))))
                    .post("/admin/content-types").then().statusCode(201);

            String output = run(client, Map.of("QUIRE_URL", app.baseUri(), "QUIRE_TOKEN", token), "node",
                    "client-check.mjs");
            assertThat(output).containsPattern("strapi-client: \\d+ checks passed");
        }
    }

    private static Map<String, Object> schema(String kind, String name, Map<String, Object> attributes) {
        return Map.of("kind", kind, "info", Map.of("singularName", name, "pluralName", name + "s", "displayName",
                name), "attributes", attributes);
    }

    private static String run(Path dir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + " failed:\n" + output).isZero();
        return output;
    }
}
