package org.itsmflow.bench;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert storm (issue 19): 10,000 Alertmanager alerts over 100 CIs posted to {@code /api/events/alertmanager} by
 * BENCH_CLIENTS (8) clients, as an outage looks to the monitoring: each CI has one to three alert names (the distinct
 * problems), each problem fires on two instances (two fingerprints), every fingerprint is delivered again and again
 * (Alertmanager's repeat and group intervals, several Alertmanagers), then resolved, and resolved again. Deliveries
 * carry ten alerts each, like an Alertmanager group. The firing phase ends before the resolutions start, so each
 * problem must give exactly one incident however the clients interleave.
 *
 * <p>Printed: alerts/s accepted (all 10,000 over the wall time of both phases), p50/p95/p99 per delivery, incidents
 * created against distinct problems, and duplicates (problems with more than one incident; must be 0). The CIs are
 * created once through the CMDB API (as a CMDB administrator) and have no relationships, so no alert is correlated
 * across CIs and the count of distinct problems is exact.
 *
 * <p>Settings: BENCH_CLIENTS, BENCH_STORM_ALERTS (10000), BENCH_STORM_CIS (100), BENCH_STORM_BATCH (10).
 */
public final class AlertStorm {

    static final String[] NAMES = {"StormHostDown", "StormDiskFull", "StormHighLatency"};
    static final String[] SEVERITIES = {"critical", "warning", "warning"};
    static final String[] SERVICES = {"erp", "email", "online-shop", "remote-access", "hr-portal"};
    static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([A-Z]+)\"");
    static final Pattern RESOLVED = Pattern.compile("\"incidentResolved\":true");

    private AlertStorm() {
    }

    record Fingerprint(String ci, String name, String severity, String service, String instance, String id) {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        int clients = Bench.env("BENCH_CLIENTS", 8);
        int total = Bench.env("BENCH_STORM_ALERTS", 10_000);
        int cis = Bench.env("BENCH_STORM_CIS", 100);
        int batch = Bench.env("BENCH_STORM_BATCH", 10);
        String run = Long.toString(System.currentTimeMillis() / 1000 % 100_000, 36).toUpperCase(Locale.ROOT);
        System.out.printf("alert storm: %d alerts over %d CIs, %d clients, %d alerts per delivery%n", total, cis,
                clients, batch);

        List<Fingerprint> fingerprints = new ArrayList<>();
        int problems = 0;
        for (int c = 0; c < cis; c++) {
            String ci = String.format(Locale.ROOT, "STORM-%s-%03d", run, c);
            createCi(ci);
            for (int n = 0; n <= c % NAMES.length; n++) {
                problems++;
                for (int instance = 1; instance <= 2; instance++) {
                    String host = ci.toLowerCase(Locale.ROOT) + "-" + instance + ":9100";
                    fingerprints.add(new Fingerprint(ci, NAMES[n], SEVERITIES[n], SERVICES[c % SERVICES.length],
                            host, String.format(Locale.ROOT, "%016x", (ci + NAMES[n] + host).hashCode() * 2654435761L)));
                }
            }
        }
        // 90 % firing deliveries spread over the fingerprints, then 10 %: each fingerprint resolved, the rest again
        Random random = new Random(19);
        int firing = total * 9 / 10;
        List<String[]> fired = new ArrayList<>();
        for (int i = 0; i < firing; i++) {
            Fingerprint f = fingerprints.get(i < fingerprints.size() ? i : random.nextInt(fingerprints.size()));
            fired.add(new String[] {f.name(), alert("firing", f)});
        }
        Collections.shuffle(fired, random);
        List<String[]> resolved = new ArrayList<>();
        for (int i = 0; i < total - firing; i++) {
            Fingerprint f = fingerprints.get(i % fingerprints.size());
            resolved.add(new String[] {f.name(), alert("resolved", f)});
        }
        Collections.shuffle(resolved, random);

        long incidentsBefore;
        try (Connection db = Bench.db()) {
            incidentsBefore = count(db, "select count(*) from incident");
        }
        Map<String, AtomicInteger> outcomes = new TreeMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger resolvedIncidents = new AtomicInteger();
        String[] firstError = new String[1];
        long start = System.nanoTime();
        for (List<String[]> phase : List.of(fired, resolved)) {
            ConcurrentLinkedQueue<String> deliveries = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < phase.size(); i += batch) {
                List<String[]> group = phase.subList(i, Math.min(phase.size(), i + batch));
                deliveries.add(payload(group));
            }
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Thread thread = new Thread(() -> {
                    String body;
                    while ((body = deliveries.poll()) != null) {
                        long begin = System.nanoTime();
                        try {
                            HttpResponse<String> response = Bench.post("/api/events/alertmanager", "prometheus", body);
                            latencies.add(System.nanoTime() - begin);
                            if (response.statusCode() != 200) {
                                throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                                        + response.body());
                            }
                            Matcher m = OUTCOME.matcher(response.body());
                            synchronized (outcomes) {
                                while (m.find()) {
                                    outcomes.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
                                }
                            }
                            Matcher r = RESOLVED.matcher(response.body());
                            while (r.find()) {
                                resolvedIncidents.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    firstError[0] = e.getMessage();
                                }
                            }
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();

        long created;
        long duplicates;
        try (Connection db = Bench.db()) {
            created = count(db, "select count(*) from incident") - incidentsBefore;
            // a problem (CI + alert name) that got more than one incident, counted over the alert table
            duplicates = count(db, "select count(*) from (select ci_id, alert_name from monitoring_alert "
                    + "where ci_id like 'STORM-" + run + "-%' group by ci_id, alert_name "
                    + "having count(distinct incident_id) > 1) d");
        }
        String name = "alert storm (HTTP)";
        String note = clients + " clients; " + total + " alerts in " + latencies.size() + " deliveries of " + batch
                + "; " + errors.get() + " failed deliveries" + (firstError[0] == null ? "" : " (first: "
                + firstError[0] + ")") + "; outcomes " + outcomes + "; load average " + load();
        Bench.result(name, "alerts/s", total / seconds, "1/s", ">= 500", total / seconds >= 500, note);
        Bench.result(name, "p50 per delivery", Bench.percentileMs(sorted, 50), "ms", null, null, null);
        Bench.result(name, "p95 per delivery", Bench.percentileMs(sorted, 95), "ms", null, null, null);
        Bench.result(name, "p99 per delivery", Bench.percentileMs(sorted, 99), "ms", null, null, null);
        Bench.result(name, "incidents created", created, "count", "= " + problems, created == problems,
                "distinct problems (CI + alert name): " + problems + "; " + fingerprints.size() + " fingerprints");
        Bench.result(name, "duplicates", duplicates, "count", "= 0", duplicates == 0,
                "problems with more than one incident");
        Bench.result(name, "incidents resolved by their alerts", resolvedIncidents.get(), "count", null, null,
                "warning problems whose alerts all cleared: resolved through the process");
    }

    static String alert(String status, Fingerprint f) {
        return String.format(Locale.ROOT, """
                {"status":"%s","labels":{"alertname":"%s","severity":"%s","ci":"%s","service":"%s",\
                "instance":"%s","job":"node"},"annotations":{"summary":"%s on %s","description":"storm"},\
                "startsAt":"2026-12-06T09:00:00Z","endsAt":"%s",\
                "generatorURL":"http://prometheus:9090/graph?g0.expr=up","fingerprint":"%s"}""",
                status, f.name(), f.severity(), f.ci(), f.service(), f.instance(), f.name(), f.ci(),
                "resolved".equals(status) ? "2026-12-06T10:00:00Z" : "0001-01-01T00:00:00Z", f.id());
    }

    static String payload(List<String[]> group) {
        StringBuilder alerts = new StringBuilder();
        boolean firing = false;
        for (String[] a : group) {
            alerts.append(alerts.isEmpty() ? "" : ",").append(a[1]);
            firing |= a[1].startsWith("{\"status\":\"firing\"");
        }
        return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=~\\\"Storm.*\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"" + (firing ? "firing" : "resolved") + "\",\"receiver\":\"itsm-flow\","
                + "\"groupLabels\":{},\"commonLabels\":{\"job\":\"node\"},\"commonAnnotations\":{},"
                + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[" + alerts + "]}";
    }

    static void createCi(String id) {
        HttpResponse<String> response = Bench.post("/api/cis", "carl", "{\"id\":\"" + id + "\",\"name\":\"Storm "
                + id + "\",\"typeId\":\"SERVER\",\"status\":\"LIVE\",\"reason\":\"alert storm benchmark\"}");
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("creating CI " + id + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    static long count(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
