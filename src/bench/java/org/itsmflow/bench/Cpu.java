package org.itsmflow.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time read from /proc (Linux, 100 ticks/s): of one process (the application's JVM, or this one) and of every
 * process owned by the {@code postgres} user (the Debian server's backends). On a machine shared with other work,
 * CPU per incident is the figure that does not depend on what else runs; throughput and latency do.
 */
final class Cpu {

    private static final double TICK_MS = 10.0;

    /** processMs: the whole JVM; workMs: its threads except the JIT compilers (warm-up noise); postgresMs. */
    record Sample(double processMs, double postgresMs, double workMs) {
        Sample minus(Sample before) {
            return new Sample(processMs - before.processMs, postgresMs - before.postgresMs, workMs - before.workMs);
        }
    }

    private Cpu() {
    }

    static Sample sample(long pid) {
        long process = ticks(Path.of("/proc", String.valueOf(pid), "stat"));
        return new Sample(process * TICK_MS, postgresTicks() * TICK_MS, (process - compilerTicks(pid)) * TICK_MS);
    }

    static long self() {
        return ProcessHandle.current().pid();
    }

    /**
     * CPU of a JVM's "C1/C2 CompilerThread…" threads (the JIT, whose work shrinks as the JVM warms up). They live as
     * long as the JVM, so the process total minus theirs also counts the CPU of threads that ended meanwhile.
     */
    private static long compilerTicks(long pid) {
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    String name = Files.readString(thread.resolve("comm")).trim();
                    if (name.matches("C[12] Compil.*")) {
                        total += ticks(thread.resolve("stat"));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static long postgresTicks() {
        long total = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    if ("postgres".equals(Files.getOwner(process).getName())) {
                        total += ticks(process.resolve("stat"));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static long ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1-minute load average, to show how busy the shared machine was. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
