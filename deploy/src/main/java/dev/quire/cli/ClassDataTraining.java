package dev.quire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import javax.management.JMException;
import javax.management.ObjectName;

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
 * (a list, a refused login, the health checks), links every class loaded so far, and stops.
 * <p>
 * The requests put the classes of a first response in the archive. The linking is there because JDK 17 archives only
 * the classes that are linked when the JVM exits: a start loads about 1,400 classes it never links (annotation types,
 * exceptions, classes named by signatures), and without this step each of them is read from its jar and parsed again at
 * every start. {@link Class#getDeclaredMethods()} links the class it is called on without initialising it. It runs once
 * over the classes the start loaded: the classes it loads itself, for the signatures it resolves, are ones a start does
 * not use, and linking those too made the archive 7 MB larger and the peak resident size 14 MB higher. Nothing else
 * sets the property.
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
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Thread training = new Thread(() -> {
            try {
                answerRequests(awaitPort());
                link(loader);
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

    private static void link(ClassLoader loader) throws JMException {
        for (String name : loadedClasses()) {
            try {
                Class.forName(name, false, loader).getDeclaredMethods();
            } catch (Throwable e) {
                LOG.debugf("not linked: %s (%s)", name, e);
            }
        }
    }

    /** The names of the classes loaded so far, from the JVM's {@code VM.class_hierarchy} diagnostic command. */
    private static Set<String> loadedClasses() throws JMException {
        String hierarchy = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmClassHierarchy",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        Set<String> names = new HashSet<>();
        for (String line : hierarchy.split("\n")) {
            int start = line.indexOf("--");
            int end = line.indexOf('/', start);
            if (start < 0 || end < 0) {
                continue;
            }
            String name = line.substring(start + 2, end);
            if (!name.contains("$$Lambda") && !name.contains("$Proxy")) {
                names.add(name);
            }
        }
        return names;
    }
}
