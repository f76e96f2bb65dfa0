package org.itsmflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code clients} threads call the operation back to back, first for a warm-up that is not
 * counted, then for the measured window. Each thread keeps its own latencies (no shared lock on the hot path).
 */
final class ClosedLoop {

    interface Operation {
        /** One call; the thread index and a per-thread sequence number make inputs distinct. */
        void call(int client, long sequence) throws Exception;
    }

    record Outcome(long operations, long errors, double seconds, long[] sortedNanos, String firstError, Cpu.Sample cpu,
            double load) {
        /** CPU milliseconds per operation of the measured process and of PostgreSQL, in the window. */
        double processCpuMs() {
            return cpu.processMs() / operations;
        }

        /** JVM CPU per operation without the JIT compiler threads. */
        double workCpuMs() {
            return cpu.workMs() / operations;
        }

        double postgresCpuMs() {
            return cpu.postgresMs() / operations;
        }

        double perSecond() {
            return operations / seconds;
        }

        double p(double percentile) {
            return Bench.percentileMs(sortedNanos, percentile);
        }
    }

    private ClosedLoop() {
    }

    /** {@code pid}: the process whose CPU time the window is charged with (the application's JVM, or this one). */
    static Outcome run(int clients, int warmupSeconds, int measureSeconds, long pid, Operation operation)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long measureUntil = measureFrom + measureSeconds * 1_000_000_000L;
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        String[] firstError = new String[1];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[1 << 16];
            Thread thread = new Thread(() -> {
                long sequence = 0;
                while (true) {
                    long begin = System.nanoTime();
                    if (begin >= measureUntil) {
                        return;
                    }
                    boolean ok = true;
                    try {
                        operation.call(client, sequence++);
                    } catch (Exception | AssertionError e) {
                        ok = false;
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = e.toString();
                            }
                        }
                    }
                    long end = System.nanoTime();
                    if (begin >= measureFrom && end <= measureUntil) {
                        if (!ok) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (counts[client] == latencies[client].length) {
                            latencies[client] = java.util.Arrays.copyOf(latencies[client], counts[client] * 2);
                        }
                        latencies[client][counts[client]++] = end - begin;
                    }
                }
            }, "load-" + c);
            threads.add(thread);
            thread.start();
        }
        Cpu.Sample[] cpu = new Cpu.Sample[2];
        double[] load = new double[1];
        Thread meter = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
                cpu[0] = Cpu.sample(pid);
                Thread.sleep(Math.max(0, (measureUntil - System.nanoTime()) / 1_000_000));
                cpu[1] = Cpu.sample(pid);
                load[0] = Cpu.load();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-meter");
        meter.start();
        for (Thread thread : threads) {
            thread.join();
        }
        meter.join();
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        java.util.Arrays.sort(all);
        return new Outcome(total, errors.get(), measureSeconds, all, firstError[0], cpu[1].minus(cpu[0]), load[0]);
    }
}
