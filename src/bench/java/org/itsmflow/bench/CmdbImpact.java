package org.itsmflow.bench;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * CMDB impact analysis at scale (issue 9, item 3): bulk-loads 100k CIs and 500k relationships with COPY into the
 * product's tables, then times {@code GET /api/cis/{id}/impact?direction=…&depth=5} through the API.
 *
 * <p>The generated estate is layered the way a data centre is: 10k applications (each runs on 5 VMs, depends on 3
 * databases and 5 other applications), 10k databases (each on 3 VMs), 50k VMs (each on 1 host, on 3 storage
 * volumes), 20k hosts (each connected to 2 access switches, on 4 storage volumes), 5k storage arrays (each connected
 * to 2 switches) and 5k network devices forming a tree with a few cross links. Targets are drawn with a skew (a
 * quarter of the picks go to the first 5 % of each layer) so some shared infrastructure is much more used than the
 * rest, as it is in practice. The seed is fixed: every run loads the same estate.
 *
 * <p>Before measuring, it waits (up to BENCH_CMDB_GRAPH_WAIT seconds, 180) until the application has loaded its
 * in-memory relationship graph of the whole estate (the log line of {@code RelationshipGraphs} in the application log
 * {@code bench/run} writes next to the results) and reports the load time; with {@code itsm.cmdb.graph.enabled=false}
 * (the application logs "disabled") it measures the SQL path at once.
 *
 * <p>Settings: BENCH_CMDB_CIS (100000), BENCH_CMDB_SAMPLES (50 per direction), BENCH_CMDB_GRAPH_WAIT (180 s).
 */
public final class CmdbImpact {

    private static final String PREFIX = "BENCH-";

    private CmdbImpact() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        int scale = Bench.env("BENCH_CMDB_CIS", 100_000);
        int samples = Bench.env("BENCH_CMDB_SAMPLES", 50);
        Estate estate = load(scale);
        awaitGraph(estate, Bench.env("BENCH_CMDB_GRAPH_WAIT", 180));
        // the API's default page first (the same random CIs as before issue 9), then the largest page it allows
        for (String limit : new String[] {"", "1000"}) {
            measure(estate, samples, limit);
        }
    }

    private static void measure(Estate estate, int samples, String limit) {
        Random random = new Random(42);
        for (String direction : new String[] {"downstream", "upstream"}) {
            // warm-up: JIT, plan cache, buffer cache
            for (int i = 0; i < 5; i++) {
                query(estate.ids.get(random.nextInt(estate.ids.size())), direction, limit);
            }
            long[] nanos = new long[samples];
            long reached = 0;
            int maxReached = 0;
            for (int i = 0; i < samples; i++) {
                String id = estate.ids.get(random.nextInt(estate.ids.size()));
                long begin = System.nanoTime();
                int count = query(id, direction, limit);
                nanos[i] = System.nanoTime() - begin;
                reached += count;
                maxReached = Math.max(maxReached, count);
            }
            long[] sorted = Bench.sorted(nanos, samples);
            String name = "CMDB impact depth 5 " + direction + (limit.isEmpty() ? "" : ", limit " + limit);
            String note = estate.cis + " CIs, " + estate.relationships + " relationships; " + samples
                    + " random CIs; mean " + reached / samples + " CIs reached, max " + maxReached;
            Bench.result(name, "p50", Bench.percentileMs(sorted, 50), "ms", null, null, note);
            double p95 = Bench.percentileMs(sorted, 95);
            // the target is for the answer the API gives by default; the largest page is shown for its cost
            Bench.result(name, "p95", p95, "ms", limit.isEmpty() ? "< 20" : null, limit.isEmpty() ? p95 < 20 : null,
                    null);
        }
    }

    private static final Pattern GRAPH_LOADED = Pattern.compile(
            "CMDB relationship graph: version \\d+ loaded in (\\d+) ms: (\\d+) CIs, (\\d+) relationships.*");

    /**
     * Asks for one impact (which starts the graph's load after the bulk load raised the topology version), then
     * waits for the application to log a graph of the whole estate; prints and records its load time.
     */
    private static void awaitGraph(Estate estate, int waitSeconds) throws Exception {
        Path log = Bench.RESULTS.toAbsolutePath().resolveSibling("app.log");
        if (!Files.exists(log)) {
            System.out.println("  no application log at " + log + "; not waiting for the relationship graph");
            return;
        }
        if (Files.readString(log).contains("CMDB relationship graph for impact analysis: disabled")) {
            System.out.println("  relationship graph disabled: measuring the SQL path");
            return;
        }
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            query(estate.ids.get(0), "downstream", "1");
            for (String line : Files.readAllLines(log)) {
                Matcher loaded = GRAPH_LOADED.matcher(line);
                if (loaded.find() && Long.parseLong(loaded.group(2)) == estate.cis
                        && Long.parseLong(loaded.group(3)) == estate.relationships) {
                    System.out.println("  " + line.substring(loaded.start()));
                    Bench.result("CMDB relationship graph load", "time", Double.parseDouble(loaded.group(1)), "ms",
                            null, null, estate.cis + " CIs, " + estate.relationships
                                    + " relationships; one REPEATABLE READ transaction, one streamed query per table");
                    return;
                }
            }
            Thread.sleep(500);
        }
        System.out.println("  the relationship graph was not loaded within " + waitSeconds + " s; measuring anyway");
    }

    private static final Pattern DISTANCE = Pattern.compile("\"distance\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    /** Calls the API and returns how many CIs the analysis reached ({@code total}, or the CIs listed before issue 9). */
    static int query(String id, String direction, String limit) {
        var response = Bench.get("/api/cis/" + id + "/impact?direction=" + direction + "&depth=5"
                + (limit.isEmpty() ? "" : "&limit=" + limit), "sara");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        Matcher total = TOTAL.matcher(response.body());
        if (total.find()) {
            return Integer.parseInt(total.group(1)); // since issue 9: a summary with the first N CIs listed
        }
        Matcher matcher = DISTANCE.matcher(response.body());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    record Estate(List<String> ids, long cis, long relationships) {
    }

    record Layer(String type, String code, int size) {
    }

    /** Loads the estate unless it is already there (the run is then repeatable without reloading). */
    static Estate load(int scale) throws Exception {
        Layer app = new Layer("APPLICATION", "APP", scale / 10);
        Layer db = new Layer("DATABASE", "DB", scale / 10);
        Layer vm = new Layer("VIRTUAL_MACHINE", "VM", scale / 2);
        Layer host = new Layer("SERVER", "SRV", scale / 5);
        Layer storage = new Layer("STORAGE", "STO", scale / 20);
        Layer net = new Layer("NETWORK_DEVICE", "NET", scale / 20);
        Layer[] layers = {app, db, vm, host, storage, net};
        List<String> ids = new ArrayList<>();
        for (Layer layer : layers) {
            for (int i = 0; i < layer.size; i++) {
                ids.add(id(layer, i));
            }
        }
        try (Connection connection = Bench.db(); Statement statement = connection.createStatement()) {
            long existing;
            try (ResultSet rs = statement.executeQuery(
                    "select count(*) from configuration_item where id like '" + PREFIX + "%'")) {
                rs.next();
                existing = rs.getLong(1);
            }
            if (existing != ids.size()) {
                long begin = System.nanoTime();
                statement.execute("delete from ci_relationship where source_ci_id like '" + PREFIX + "%'");
                statement.execute("delete from configuration_item where id like '" + PREFIX + "%'");
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                StringBuilder cis = new StringBuilder(ids.size() * 120);
                for (Layer layer : layers) {
                    for (int i = 0; i < layer.size; i++) {
                        cis.append(id(layer, i)).append('\t').append(layer.type.toLowerCase()).append(' ').append(i)
                                .append('\t').append(layer.type).append("\tLIVE\t1\tDC-").append(i % 3)
                                .append("\t2026-01-01 00:00:00+00\t2026-01-01 00:00:00+00\n");
                    }
                }
                copy.copyIn("copy configuration_item (id, name, type_id, status, version, location, created_at, "
                        + "updated_at) from stdin", new StringReader(cis.toString()));
                StringBuilder rels = new StringBuilder(64 * 520_000);
                Random random = new Random(7);
                long[] count = {0};
                relate(rels, count, random, app, vm, "RUNS_ON", 5);
                relate(rels, count, random, app, db, "DEPENDS_ON", 3);
                relate(rels, count, random, app, app, "DEPENDS_ON", 5);
                relate(rels, count, random, db, vm, "RUNS_ON", 3);
                relate(rels, count, random, vm, host, "RUNS_ON", 1);
                relate(rels, count, random, vm, storage, "DEPENDS_ON", 3);
                relate(rels, count, random, host, net, "CONNECTED_TO", 2);
                relate(rels, count, random, host, storage, "DEPENDS_ON", 4);
                relate(rels, count, random, storage, net, "CONNECTED_TO", 2);
                // the network: a tree (each device up to a lower-numbered one) plus one cross link each
                for (int i = 1; i < net.size; i++) {
                    rels.append(id(net, i)).append('\t').append(id(net, (i - 1) / 8)).append("\tCONNECTED_TO\n");
                    count[0]++;
                }
                for (int i = 0; i < net.size; i++) {
                    int other = random.nextInt(net.size);
                    if (other != i && other != (i - 1) / 8) {
                        rels.append(id(net, i)).append('\t').append(id(net, other)).append("\tDEPENDS_ON\n");
                        count[0]++;
                    }
                }
                copy.copyIn("copy ci_relationship (source_ci_id, target_ci_id, type) from stdin",
                        new StringReader(rels.toString()));
                statement.execute("analyze configuration_item");
                statement.execute("analyze ci_relationship");
                System.out.printf("loaded %d CIs and %d relationships in %.1f s%n", ids.size(), count[0],
                        (System.nanoTime() - begin) / 1e9);
            }
            long relationships;
            try (ResultSet rs = statement.executeQuery("select count(*) from ci_relationship")) {
                rs.next();
                relationships = rs.getLong(1);
            }
            long total;
            try (ResultSet rs = statement.executeQuery("select count(*) from configuration_item")) {
                rs.next();
                total = rs.getLong(1);
            }
            return new Estate(ids, total, relationships);
        }
    }

    static String id(Layer layer, int i) {
        return PREFIX + layer.code + "-" + i;
    }

    /** Each source gets {@code fanOut} distinct targets, skewed towards the first 5 % of the target layer. */
    static void relate(StringBuilder out, long[] count, Random random, Layer from, Layer to, String type, int fanOut) {
        int hot = Math.max(1, to.size / 20);
        for (int i = 0; i < from.size; i++) {
            Set<Integer> targets = new HashSet<>();
            while (targets.size() < fanOut) {
                int target = random.nextInt(4) == 0 ? random.nextInt(hot) : random.nextInt(to.size);
                if (from != to || target != i) {
                    targets.add(target);
                }
            }
            for (int target : targets) {
                out.append(id(from, i)).append('\t').append(id(to, target)).append('\t').append(type).append('\n');
                count[0]++;
            }
        }
    }
}
