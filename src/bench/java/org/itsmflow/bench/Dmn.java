package org.itsmflow.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link DmnBenchmark} with JMH (2 forks, 5 x 2 s warm-up and measurement) and records evaluations/s per table
 * and FEEL mode (issue 9, item 4). JMH's figure is per wall-clock second and suffers when other work shares the
 * cores; the same tables are then also timed per CPU-second of the evaluating thread (after 3 CPU-seconds of
 * warm-up), which does not depend on that load.
 */
public final class Dmn {

    private Dmn() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        Options options = new OptionsBuilder().include(DmnBenchmark.class.getName())
                .jvmArgsAppend("-Dbench.dmn=" + System.getProperty("bench.dmn", "dmn")).build();
        for (RunResult result : new Runner(options).run()) {
            String table = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String feel = result.getParams().getParam("feel");
            double score = result.getPrimaryResult().getScore();
            boolean product = "legacy".equals(feel);
            Bench.result("DMN " + table, "evaluations/s (" + feel + " FEEL)", score, "1/s",
                    product ? ">= 100000" : null, product ? score >= 100_000 : null,
                    (product ? "the product's setting" : "default feel-scala, for comparison") + "; error ±"
                            + Math.round(result.getPrimaryResult().getScoreError()) + " (99.9 %); JMH 2 forks, 1 thread");
        }
        for (String feel : new String[] {"legacy", "scala"}) {
            DmnBenchmark state = new DmnBenchmark();
            state.feel = feel;
            state.setUp();
            perCpuSecond("incidentPriority", feel, state::incidentPriority);
            perCpuSecond("incidentClassification", feel, state::incidentClassification);
        }
    }

    static void perCpuSecond(String table, String feel, java.util.function.Supplier<Object> evaluation) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long warmUntil = cpu.getCurrentThreadCpuTime() + 3_000_000_000L;
        while (cpu.getCurrentThreadCpuTime() < warmUntil) {
            for (int i = 0; i < 100; i++) {
                evaluation.get();
            }
        }
        long begin = cpu.getCurrentThreadCpuTime();
        long count = 0;
        while (cpu.getCurrentThreadCpuTime() - begin < 3_000_000_000L) {
            for (int i = 0; i < 100; i++) {
                evaluation.get();
            }
            count += 100;
        }
        double score = count / ((cpu.getCurrentThreadCpuTime() - begin) / 1e9);
        boolean product = "legacy".equals(feel);
        Bench.result("DMN " + table, "evaluations per CPU-second (" + feel + " FEEL)", score, "1/s",
                product ? ">= 100000" : null, product ? score >= 100_000 : null,
                "thread CPU time of " + count + " evaluations after 3 CPU-seconds of warm-up; load-independent");
    }
}
