package org.itsmflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Shared plumbing of the benchmark mains (issue 9): settings from the environment that {@code bench/run} sets,
 * latency percentiles, an HTTP client with Basic auth and the results file every main appends one JSON line per
 * figure to ({@link Report} turns it into the table, CSV and JSON).
 */
final class Bench {

    static final String APP = env("BENCH_APP_URL", "http://localhost:18080");
    static final String JDBC = env("BENCH_JDBC_URL", "jdbc:postgresql://localhost:5432/itsmbench");
    static final String DB_USER = env("BENCH_DB_USER", "itsmbench");
    static final String DB_PASSWORD = env("BENCH_DB_PASSWORD", "itsmbench");
    static final Path RESULTS = Path.of(env("BENCH_RESULTS", "bench/results/latest/results.jsonl"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private Bench() {
    }

    /** There is no logback configuration on the benchmark class path; logback would log everything at DEBUG. */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static int env(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(JDBC, DB_USER, DB_PASSWORD);
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String path, String user) {
        return send(HttpRequest.newBuilder(URI.create(APP + path)).header("Authorization", basic(user))
                .header("Accept", "application/json").GET().build());
    }

    static HttpResponse<String> post(String path, String user, String json) {
        return send(HttpRequest.newBuilder(URI.create(APP + path)).header("Authorization", basic(user))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Nearest-rank percentile of latencies in nanoseconds, returned in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1_000_000.0;
    }

    static long[] sorted(long[] nanos, int count) {
        long[] copy = Arrays.copyOf(nanos, count);
        Arrays.sort(copy);
        return copy;
    }

    /**
     * Appends one figure. {@code target} is the target as text ("&gt;= 300", "&lt; 100") or null;
     * {@code met} is null when there is no target.
     */
    static void result(String benchmark, String metric, double value, String unit, String target, Boolean met,
            String note) {
        String line = String.format(Locale.ROOT,
                "{\"benchmark\":%s,\"metric\":%s,\"value\":%s,\"unit\":%s,\"target\":%s,\"met\":%s,\"note\":%s}%n",
                quote(benchmark), quote(metric), Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value),
                quote(unit), quote(target), met == null ? "null" : met.toString(), quote(note));
        try {
            Files.createDirectories(RESULTS.toAbsolutePath().getParent());
            Files.writeString(RESULTS, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(Locale.ROOT, "  %-28s %-34s %12.2f %-12s %s%n", benchmark, metric, value, unit,
                target == null ? "" : "target " + target + (Boolean.TRUE.equals(met) ? " MET" : " MISSED"));
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
