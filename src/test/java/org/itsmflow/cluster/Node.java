package org.itsmflow.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One application node of the two-node check: the packaged Spring Boot jar started as a plain child process
 * ({@code java -jar}) with the production profile {@code postgres}, its own HTTP port and its job executor on, as
 * {@code docker/two-nodes.sh} starts it by hand. Its output goes to a log file under {@code target/cluster-it/}.
 */
final class Node {

    private final String name;
    private final Path jar;
    private final Path logDir;
    private final Map<String, String> environment;
    private final int port;
    private Process process;
    private int starts;

    Node(String name, Path jar, Path logDir, Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.logDir = logDir;
        this.environment = environment;
        this.port = freePort();
    }

    String name() {
        return name;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the node; returns at once (see {@link #awaitHealthy}). */
    void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + "-" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small heap, one GC thread: two nodes, the database and the check share two cores
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until {@code /actuator/health} answers UP; fails when the process dies or the time runs out. */
    void awaitHealthy(HttpClient http, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(base().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " while starting; see " + logDir.resolve(name + "-" + starts + ".log"));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see "
                + logDir.resolve(name + "-" + starts + ".log"));
    }

    /** {@code kill -9}: the JVM gets no chance to finish anything (SIGKILL on Linux). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** {@code kill} (SIGTERM): Spring Boot shuts down gracefully; waits until the process has exited. */
    void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not stop within " + timeout + " after SIGTERM");
        }
    }

    /** Leaves nothing running behind a failed check. */
    void destroyQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
