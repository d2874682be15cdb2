package dev.quire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;

/**
 * The build's class-data archive run (see {@code deploy/pom.xml}) starts Quire with {@code -Dquire.cds.training=true}
 * under {@code -XX:ArchiveClassesAtExit}. Quire then, once its HTTP server listens, answers a few requests of its own
 * (a list, a refused login, the health checks) and stops, so that the archive holds the classes of a start and of its
 * first responses. Nothing else sets the property.
 * <p>
 * The run is on SQLite, and a start under the prod profile on PostgreSQL loads about 240 classes that this one does
 * not: the driver's, Quire's PostgreSQL storage, the JSON log format's. The build names a file listing them
 * ({@code -Dquire.cds.classes}, {@code deploy/src/main/cds/postgresql-classes.txt}); the training loads each, and the
 * JVM links and archives what is loaded when it writes the archive. By hand, six starts of each build in turn on a new
 * PostgreSQL database: the first response came after 1,696 ms instead of 1,868 on average, and the resident size a
 * second later was 166 MB instead of 176, as the driver's classes are mapped rather than defined. A start on SQLite,
 * which maps the archive whole, holds about 2 MB more. The names are a list rather than a second training run on
 * PostgreSQL because a build cannot count on a PostgreSQL to train on, and one archive serves both databases.
 * <p>
 * The training does not link classes by reflection. Before the packaging became an {@code aot-jar} it called
 * {@link Class#getDeclaredMethods()} on every class loaded so far, so that the classes a start loads without linking
 * would reach the archive. Packaged as an {@code aot-jar}, a start reads the same 52 classes from jars with or without
 * that step, and the step only added about 1,000 classes, loaded for the methods' signatures, that a start never loads:
 * 6 MB more archive and 5 MB more resident memory after a start.
 */
@ApplicationScoped
class ClassDataTraining {

    private static final Logger LOG = Logger.getLogger(ClassDataTraining.class);
    private static final Duration PORT_WAIT = Duration.ofSeconds(60);

    @Inject
    ValueRegistry values;

    void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        if (!Boolean.getBoolean("quire.cds.training")) {
            return;
        }
        Thread training = new Thread(() -> {
            try {
                answerRequests(awaitPort());
                loadListedClasses();
            } catch (Exception e) {
                LOG.warn("the class-data training did not complete; the archive holds what was loaded so far", e);
            } finally {
                Quarkus.asyncExit(0);
            }
        }, "class-data-training");
        training.setDaemon(true);
        training.start();
    }

    /** The port the HTTP server listens on, once it does: the run asks for port 0, any free one. */
    private int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + PORT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int port = values.getOrDefault(HttpServer.HTTP_PORT, 0);
            if (port > 0) {
                return port;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the HTTP server did not start within " + PORT_WAIT);
    }

    private static void answerRequests(int port) throws IOException {
        String base = "http://127.0.0.1:" + port;
        request(base + "/api/articles", "GET", null);
        request(base + "/admin/login", "POST", "{\"email\":\"training@quire.local\",\"password\":\"not-a-password\"}");
        request(base + "/q/health/ready", "GET", null);
    }

    /** Loads each class the file named by {@code quire.cds.classes} lists, skipping those that no longer exist. */
    private static void loadListedClasses() throws IOException {
        String listed = System.getProperty("quire.cds.classes");
        if (listed == null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(listed))) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            try {
                Class.forName(name, false, ClassDataTraining.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            // printed rather than logged: the build runs the training with the console at ERROR
            System.err.printf("class-data training: %d classes listed in %s do not exist and are not archived: %s%n",
                    missing.size(), listed, missing);
        }
    }

    private static void request(String uri, String method, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(uri).toURL().openConnection();
        connection.setRequestMethod(method);
        if (json != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        connection.disconnect();
    }
}
