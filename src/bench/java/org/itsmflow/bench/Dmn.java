package org.itsmflow.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link DmnBenchmark} with JMH and records evaluations/s per table and FEEL mode (issue 9, item 4). */
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
                            + Math.round(result.getPrimaryResult().getScoreError()) + "; JMH 1 fork, 1 thread");
        }
    }
}
