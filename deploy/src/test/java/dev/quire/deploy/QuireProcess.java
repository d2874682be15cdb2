package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The packaged application ({@code quarkus-run.jar}) running as its own process, with its console output collected. */
final class QuireProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("quire.app.jar", "target/quarkus-app/quarkus-run.jar"));
    /** The class-data archive the build puts next to the jar, which the start script uses when it is there. */
    static final Path ARCHIVE = JAR.resolveSibling("quire.jsa");

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private QuireProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("[output closed: ").append(e.getMessage()).append("]\n");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code java}, with the class-data archive as the start script passes it. */
    private static List<String> java() {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (Files.isRegularFile(ARCHIVE)) {
            java.add("-XX:SharedArchiveFile=" + ARCHIVE.toAbsolutePath());
        }
        return java;
    }

    static QuireProcess start(Path dir, Map<String, String> env, String... jvmArgs) throws IOException {
        int port = freePort();
        List<String> command = java();
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("CMS_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Files.createDirectories(dir);
        return new QuireProcess(builder.start(), port);
    }

    /** Runs {@code command} (a start script) with {@code QUARKUS_HTTP_PORT} set to a free port. */
    static QuireProcess script(Path dir, Map<String, String> env, String... command) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("CMS_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Files.createDirectories(dir);
        return new QuireProcess(builder.start(), port);
    }

    /** What a command-line run printed, and how it exited. */
    record Run(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code java [jvmArgs] -jar quarkus-run.jar args...} in {@code dir} to its end (at most five minutes) with
     * {@code env} as the only CMS_ and QUARKUS_ variables.
     */
    static Run command(Path dir, Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        List<String> command = java();
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = Files.createTempFile("quire-cli", ".out");
        Path err = Files.createTempFile("quire-cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CMS_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("quire " + String.join(" ", args) + " did not finish in five minutes");
        }
        try {
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    String output() {
        return output.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .failFast("the application exited:\n" + output, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> given().baseUri(baseUri()).get("/q/health/ready").statusCode() == 200);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("exited").isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !output.isEmpty());
        return process.exitValue();
    }

    String login(String email, String password) {
        return given().baseUri(baseUri()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/admin/login").then().statusCode(200)
                .extract().path("data.token");
    }

    RequestSpecification as(String token) {
        return given().baseUri(baseUri()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + token);
    }

    /**
     * SIGSTOP, then SIGCONT after {@code pause}: the whole process stands still, as in a long pause or on a starved
     * CPU.
     */
    void stopFor(Duration pause) throws IOException, InterruptedException {
        signal("STOP");
        Thread.sleep(pause.toMillis());
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(
                    "kill -" + signal + " " + process.pid() + " exited with " + kill.exitValue());
        }
    }

    /** SIGKILL: no shutdown hooks, no flushing, as when a container or machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
