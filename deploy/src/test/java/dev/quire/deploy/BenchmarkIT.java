package dev.quire.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import dev.quire.storage.postgres.PostgresSettings;
import dev.quire.storage.postgres.PostgresTestDatabase;
import dev.quire.storage.sqlite.SqliteSettings;

/**
 * The benchmark: the packaged application on SQLite and on PostgreSQL, seeded with 10,000 entries, loaded by wrk over
 * loopback. It reports, per database: list of 25 at 16 and 64 connections, creates at 1, 8 and 32, 32 writers with 32
 * readers at once (req/s, p50, p99, errors), the process's CPU per list and per create, peak RSS and time to first
 * response; and, in the same run, the rate of single-row JDBC commits on the same database with the same settings, with
 * Quire's create rate as a ratio of it. Every load is measured after a warm-up that lasts until the JIT has settled, so
 * the rows measure compiled code; the cold start is what "time to first response" measures. Writes a Markdown table and
 * a PNG chart to {@code deploy/target/benchmark/}. Not part of the test run: enable it with {@code -Dquire.bench=true}
 * (see the README for the command); it needs {@code wrk}.
 */
@EnabledIfSystemProperty(named = "quire.bench", matches = "true")
class BenchmarkIT {

    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "a-long-prod-password";
    private static final int SECONDS = Integer.getInteger("quire.bench.seconds", 10);
    private static final int ENTRIES = Integer.getInteger("quire.bench.entries", 10_000);
    /** Warm-up: rounds of this many seconds, until one compiles for less than {@link #SETTLED} of its time. */
    private static final int WARM_UP_ROUND_SECONDS = 5;
    private static final double SETTLED = 0.05;
    private static final int WARM_UP_MAX_ROUNDS = 36;
    private static final Path OUT = Path.of("target/benchmark");
    /**
     * What to measure: {@code sqlite}, {@code sqlite-small} (SQLite in the small JVM) and {@code postgres}, unless
     * {@code -Dquire.bench.databases} names fewer.
     */
    private static final String DATABASES = System.getProperty("quire.bench.databases",
            "sqlite,sqlite-small,postgres");
    /** The start script's default heap and collector ({@code deploy/bin/quire-prod}; DeploymentFilesTest checks). */
    static final List<String> THROUGHPUT_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
    /**
     * A JVM for small machines: a 64 MB heap, and the C1 compiler only, whose compiled code and compiler memory are a
     * fraction of C2's, at the cost of peak speed.
     */
    private static final List<String> SMALL_JVM = List.of("-Xms32m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss256k", "-XX:ReservedCodeCacheSize=32m",
            "-XX:TieredStopAtLevel=1");

    @TempDir
    Path workDir;

    /** One load's outcome, as wrk reports it. */
    /** One wrk run; {@code cpuMicros} is the process's CPU per request, or NaN where it was not measured. */
    record Load(double rps, double p50, double p99, long errors, long requests, double cpuMicros) {
    }

    @Test
    void benchmark() throws Exception {
        Files.createDirectories(OUT);
        List<String> chosen = Arrays.stream(DATABASES.split(",")).map(String::trim).toList();
        List<String> unknown = chosen.stream().filter(d -> !List.of("sqlite", "sqlite-small", "postgres").contains(d))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("quire.bench.databases names " + unknown
                    + "; it takes sqlite, sqlite-small and postgres, separated by commas");
        }
        requireWrk();
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        if (chosen.contains("sqlite")) {
            results.put("SQLite", run("sqlite", null, THROUGHPUT_JVM, Map.of()));
        }
        if (chosen.contains("sqlite-small")) {
            results.put("SQLite, small JVM", run("sqlite", null, SMALL_JVM, Map.of("MALLOC_ARENA_MAX", "2")));
        }
        if (chosen.contains("postgres")) {
            try (PostgresTestDatabase database = PostgresTestDatabase.create("bench");
                    PostgresTestDatabase raw = PostgresTestDatabase.create("benchraw")) {
                results.put("PostgreSQL", run("postgres", new PostgresTestDatabase[]{database, raw}, THROUGHPUT_JVM,
                        Map.of()));
            }
        }
        String table = table(results);
        Files.writeString(OUT.resolve("benchmark.md"), table);
        chart(results);
        System.out.println(table);
    }

    private Map<String, Object> run(String kind, PostgresTestDatabase[] databases, List<String> jvmOptions,
            Map<String, String> extraEnv) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>(Map.of("CMS_ADMIN_EMAIL", EMAIL, "CMS_ADMIN_PASSWORD", PASSWORD,
                "CMS_SECURITY_SIGNING_KEY", "a-prod-signing-key-of-more-than-32-characters"));
        env.putAll(extraEnv);
        List<String> jvm = new ArrayList<>(jvmOptions);
        double rawRate;
        if (kind.equals("sqlite")) {
            Path raw = workDir.resolve("raw-" + System.nanoTime() + "/raw.db");
            rawRate = rawSqliteCommits(raw);
            jvm.add(0, "-Dquarkus.profile=dev");
        } else {
            rawRate = rawPostgresCommits(databases[1].settings(), 32);
            // the default pool (16): on these 2 cores, shared with PostgreSQL and wrk, a pool of 32 cost PostgreSQL a
            // fifth to two thirds more CPU per create than 16 or 8, and lists at 64 connections a higher p99
            // (docs/performance.md)
            env.putAll(Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", databases[0].jdbcUrl(),
                    "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user()));
        }
        r.put("jvm", String.join(" ", jvmOptions));
        long started = System.nanoTime();
        try (QuireProcess app = QuireProcess.start(workDir.resolve(kind + "-" + System.nanoTime()), env,
                jvm.toArray(String[]::new))) {
            r.put("firstResponseMs", firstResponse(app, started));
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            createType(app, token, "article", "articles");
            createType(app, token, "warm-up", "warm-ups");
            Path post = script("post", token, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] ="
                    + " \"application/json\"\nwrk.body = '{\"data\":{\"title\":\"benchmark entry\",\"rank\":7}}'\n");
            Path get = script("get", token, "");
            seed(app, token);
            String list = app.baseUri() + "/api/articles?pagination[pageSize]=25&sort=rank:desc";
            String create = app.baseUri() + "/api/articles";
            r.put("warmUpSeconds", warmUp(app, get, post, list, app.baseUri() + "/api/warm-ups"));
            r.put("list16", measured(app, () -> wrk(get, 16, list)));
            r.put("list64", wrk(get, 64, list));
            r.put("create1", wrk(post, 1, create));
            r.put("create8", wrk(post, 8, create));
            Load create32 = measured(app, () -> wrk(post, 32, create));
            r.put("create32", create32);
            ExecutorService both = Executors.newFixedThreadPool(2);
            Future<Load> writes = both.submit(() -> wrk(post, 32, create));
            Future<Load> reads = both.submit(() -> wrk(get, 32, list));
            r.put("mixedWrites", writes.get());
            r.put("mixedReads", reads.get());
            both.shutdown();
            r.put("readOnly32", wrk(get, 32, list));
            r.put("rawCommits", rawRate);
            r.put("createRatio", create32.rps() / rawRate);
            r.put("peakRssMb", peakRssMb(app));
        }
        return r;
    }

    private static void createType(QuireProcess app, String token, String singular, String plural) {
        app.as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", singular),
                "attributes", Map.of("title", Map.of("type", "string"),
                        "rank", Map.of("type", "integer", "index", true))))
                .post("/admin/content-types").then().statusCode(201);
    }

    /**
     * Lists and creates until the JIT has settled, and the seconds that took. On 2 cores C2 keeps compiling through
     * about a minute of load, and a row measured before then measures the compiler as much as Quire. The creates go to
     * a type of their own, so that the measured lists still see {@link #ENTRIES} entries; the code they warm is the
     * same. A round has settled when the JIT's compile time ({@code java.ci.totalTime}) grew by less than
     * {@link #SETTLED} of the round.
     */
    private static long warmUp(QuireProcess app, Path get, Path post, String list, String create) throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            double compiled = compileSeconds(app);
            for (int round = 1; round <= WARM_UP_MAX_ROUNDS; round++) {
                Future<Load> writes = both.submit(() -> wrk(post, 16, create, WARM_UP_ROUND_SECONDS));
                Future<Load> reads = both.submit(() -> wrk(get, 16, list, WARM_UP_ROUND_SECONDS));
                writes.get();
                reads.get();
                double now = compileSeconds(app);
                if (now - compiled < SETTLED * WARM_UP_ROUND_SECONDS) {
                    return (long) round * WARM_UP_ROUND_SECONDS;
                }
                compiled = now;
            }
            return (long) WARM_UP_MAX_ROUNDS * WARM_UP_ROUND_SECONDS;
        } finally {
            both.shutdown();
        }
    }

    private static final Pattern PERF_COUNTER = Pattern
            .compile("(java\\.ci\\.totalTime|sun\\.os\\.hrt\\.frequency)=(\\d+)");

    /** The JIT's compile time so far, from the JVM's performance counters, read with {@code jcmd}. */
    private static double compileSeconds(QuireProcess app) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(app.pid()), "PerfCounter.print").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        Map<String, Long> counters = new LinkedHashMap<>();
        Matcher m = PERF_COUNTER.matcher(out);
        while (m.find()) {
            counters.put(m.group(1), Long.parseLong(m.group(2)));
        }
        if (counters.size() != 2) {
            throw new AssertionError("jcmd PerfCounter.print gave no JIT time:\n" + out);
        }
        return (double) counters.get("java.ci.totalTime") / counters.get("sun.os.hrt.frequency");
    }

    /** Fails at once, rather than after the first database is seeded, when the load generator is not installed. */
    private static void requireWrk() {
        try {
            new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("the benchmark drives its load with wrk, which is not on the PATH:"
                    + " install it first (apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Milliseconds from starting the process to the first answer of the API, polled every 10 ms over a plain socket:
     * one HTTP/1.1 request per connection, answered once its status line is read. The JDK's HttpClient, used before,
     * ran its own threads on the 2 cores the starting JVM needs and asked each request to upgrade to HTTP/2: by hand,
     * six alternating starts each, 1,531 ms on average with it, 1,419 ms with it held to HTTP/1.1 and 1,203 ms this
     * way.
     */
    private static long firstResponse(QuireProcess app, long started) throws InterruptedException {
        byte[] request = "GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        long deadline = started + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), app.port()), 200);
                socket.setSoTimeout(2_000);
                socket.getOutputStream().write(request);
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                if (status != null && status.startsWith("HTTP/1.1 ")) {
                    return (System.nanoTime() - started) / 1_000_000;
                }
            } catch (IOException notListeningYet) {
                // not answering yet: poll again
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no response within 60 s:\n" + app.output());
    }

    private void seed(QuireProcess app, String token) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> tasks = new ArrayList<>();
        int perThread = ENTRIES / 16;
        for (int t = 0; t < 16; t++) {
            int thread = t;
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    app.as(token).body(Map.of("data", Map.of("title", "seed " + thread + "/" + i, "rank",
                            thread * perThread + i))).post("/api/articles").then().statusCode(201);
                }
            }));
        }
        for (Future<?> f : tasks) {
            f.get();
        }
        pool.shutdown();
    }

    private Path script(String name, String token, String body) throws IOException {
        Path file = OUT.resolve(name + ".lua");
        Files.writeString(file, body + "wrk.headers[\"Authorization\"] = \"Bearer " + token + "\"\n");
        return file;
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
    /** Linux reports process CPU time in USER_HZ ticks, 100 a second on every architecture it runs on. */
    private static final int CLOCK_TICKS = 100;
    private static final Pattern PERCENTILE = Pattern.compile("\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+),"
            + " timeout (\\d+)");

    /**
     * A wrk run with the CPU (user and system, all threads) the process spent per request: steadier than the rate on a
     * shared machine, where another guest's load takes turns away from both wrk and Quire.
     */
    private static Load measured(QuireProcess app, Callable<Load> run) throws Exception {
        long before = cpuTicks(app);
        Load load = run.call();
        double micros = (cpuTicks(app) - before) * 1_000_000.0 / CLOCK_TICKS / load.requests();
        return new Load(load.rps(), load.p50(), load.p99(), load.errors(), load.requests(), micros);
    }

    /** utime + stime from {@code /proc/<pid>/stat}, after the command name, which may hold spaces. */
    private static long cpuTicks(QuireProcess app) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(app.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static Load wrk(Path script, int connections, String url) throws Exception {
        return wrk(script, connections, url, SECONDS);
    }

    private static Load wrk(Path script, int connections, String url, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t", Integer.toString(Math.min(2, connections)), "-c",
                Integer.toString(connections), "-d", seconds + "s", "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds + 60L, TimeUnit.SECONDS);
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new AssertionError("wrk printed no rate:\n" + out);
        }
        double p50 = 0;
        double p99 = 0;
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
            };
            if (m.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher total = TOTAL.matcher(out);
        if (!total.find()) {
            throw new AssertionError("wrk printed no request count:\n" + out);
        }
        return new Load(Double.parseDouble(rps.group(1)), p50, p99, errors, Long.parseLong(total.group(1)), Double.NaN);
    }

    /** Single-row commits on one connection, SQLite's only writer, with the application's own connection settings. */
    private static double rawSqliteCommits(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        SqliteSettings settings = SqliteSettings.defaults(file);
        try (Connection c = org.sqlite.JDBC.createConnection(settings.jdbcUrl(), settings.connectionProperties(false));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (data) VALUES (?)")) {
                long until = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
                long commits = 0;
                long start = System.nanoTime();
                while (System.nanoTime() < until) {
                    st.execute("BEGIN IMMEDIATE");
                    insert.setString(1, "{\"title\":\"benchmark entry\",\"rank\":7}");
                    insert.executeUpdate();
                    st.execute("COMMIT");
                    commits++;
                }
                return commits / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Single-row commits from {@code threads} connections at once, with the application's connection settings. */
    private static double rawPostgresCommits(PostgresSettings settings, int threads) throws Exception {
        Properties props = settings.connectionProperties();
        props.setProperty("user", settings.username());
        try (Connection c = new org.postgresql.Driver().connect(settings.jdbcUrl(), props);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, data JSONB NOT NULL)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long until = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
        long start = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long commits = 0;
                try (Connection c = new org.postgresql.Driver().connect(settings.jdbcUrl(), props);
                        PreparedStatement insert = c.prepareStatement("INSERT INTO t (data) VALUES (CAST(? AS"
                                + " jsonb))")) {
                    while (System.nanoTime() < until) {
                        insert.setString(1, "{\"title\":\"benchmark entry\",\"rank\":7}");
                        insert.executeUpdate();
                        commits++;
                    }
                }
                return commits;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static long peakRssMb(QuireProcess app) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(app.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static String table(Map<String, Map<String, Object>> results) {
        StringBuilder md = new StringBuilder("| Measure | " + String.join(" | ", results.keySet()) + " |\n|---|");
        results.keySet().forEach(k -> md.append("---|"));
        md.append('\n');
        Map<String, String> loads = new LinkedHashMap<>();
        loads.put("list16", "List of 25, 16 connections");
        loads.put("list64", "List of 25, 64 connections");
        loads.put("create1", "Create, 1 connection");
        loads.put("create8", "Create, 8 connections");
        loads.put("create32", "Create, 32 connections");
        loads.put("mixedWrites", "Mixed 32+32: creates");
        loads.put("mixedReads", "Mixed 32+32: lists");
        loads.put("readOnly32", "Lists alone, 32 connections");
        loads.forEach((key, label) -> {
            md.append("| ").append(label).append(" |");
            results.values().forEach(r -> {
                Load l = (Load) r.get(key);
                md.append(String.format(" %,.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors |", l.rps(), l.p50(),
                        l.p99(), l.errors()));
            });
            md.append('\n');
        });
        md.append("| Mixed reads vs reads alone |");
        results.values().forEach(r -> md.append(String.format(" %.0f %% |", 100 * ((Load) r.get("mixedReads")).rps()
                / ((Load) r.get("readOnly32")).rps())));
        md.append("\n| Raw JDBC single-row commits |");
        results.values().forEach(r -> md.append(String.format(" %,.0f /s |", (double) r.get("rawCommits"))));
        md.append("\n| Creates at 32 / raw commits |");
        results.values().forEach(r -> md.append(String.format(" %.2f× |", (double) r.get("createRatio"))));
        md.append("\n| CPU per request (process, user + system): lists at 16 / creates at 32 |");
        results.values().forEach(r -> md.append(String.format(" %.0f µs / %.0f µs |", ((Load) r.get("list16"))
                .cpuMicros(), ((Load) r.get("create32")).cpuMicros())));
        md.append("\n| Peak RSS |");
        results.values().forEach(r -> md.append(" ").append(r.get("peakRssMb")).append(" MB |"));
        md.append("\n| Time to first response |");
        results.values().forEach(r -> md.append(" ").append(r.get("firstResponseMs")).append(" ms |"));
        md.append("\n| Warm-up until the JIT settled |");
        results.values().forEach(r -> md.append(" ").append(r.get("warmUpSeconds")).append(" s |"));
        md.append("\n| JVM options |");
        results.values().forEach(r -> md.append(" `").append(r.get("jvm")).append("` |"));
        md.append('\n');
        return md.toString();
    }

    private static void chart(Map<String, Map<String, Object>> results) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500)
                .title("Quire, " + ENTRIES + " entries, 2 cores: requests per second").yAxisTitle("req/s").build();
        List<String> labels = List.of("list@16", "list@64", "create@1", "create@8", "create@32", "mixed creates",
                "mixed lists");
        List<String> keys = List.of("list16", "list64", "create1", "create8", "create32", "mixedWrites", "mixedReads");
        results.forEach((db, r) -> chart.addSeries(db, labels, keys.stream().map(k -> ((Load) r.get(k)).rps())
                .toList()));
        BitmapEncoder.saveBitmap(chart, OUT.resolve("benchmark").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
