package org.itsmflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Incident intake through the product (issue 9, item 1): {@code POST /api/incidents} over HTTP from several
 * concurrent clients against the application running on the benchmark database with its job executor on. Each
 * request records the incident, evaluates IncidentPriority and IncidentClassification, starts the SLA clocks, queues
 * the customer's mail in the outbox and commits at the first user task (Triage incident): the response means the
 * first user task is committed (ADR 0013; before the outbox the request committed at the asynchronous notification
 * step and the job executor carried the process on). The outbox's dispatcher then sends the mail. Reported: the HTTP
 * rate with p50/p95/p99, and the sustained rate until every started process has reached its first user task and its
 * mail has gone to SMTP (job backlog and outbox drained).
 *
 * <p>Arguments: none; settings BENCH_CLIENTS, BENCH_WARMUP, BENCH_SECONDS, BENCH_INTAKE_LABEL (appended to the
 * benchmark's name, e.g. for the "before" half of an A/B).
 */
public final class Intake {

    static final String[] SERVICES = {"erp", "email", "online-shop", "remote-access", "hr-portal"};
    static final String[] CATEGORIES = {"hardware", "software", "network", "access", "other"};
    static final String[] LEVELS = {"LOW", "MEDIUM", "HIGH"};

    private Intake() {
    }

    /** A realistic mix: every service, category, impact and urgency; low impact mostly, no CI (no outage). */
    static String body(int client, long sequence) {
        int n = (int) (sequence * 7 + client * 13);
        String impact = LEVELS[(n / 3) % 3 == 2 && n % 5 == 0 ? 2 : (n / 3) % 2];
        return String.format(Locale.ROOT, "{\"title\":\"Benchmark incident %d-%d\",\"description\":\"load test\","
                        + "\"serviceId\":\"%s\",\"category\":\"%s\",\"impact\":\"%s\",\"urgency\":\"%s\","
                        + "\"reportedBy\":null}", client, sequence, SERVICES[n % SERVICES.length],
                CATEGORIES[(n / 5) % CATEGORIES.length], impact, LEVELS[(n / 2) % 3]);
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        int clients = Bench.env("BENCH_CLIENTS", 8);
        int warmup = Bench.env("BENCH_WARMUP", 10);
        int seconds = Bench.env("BENCH_SECONDS", 30);
        System.out.printf("intake over HTTP: %d clients, %d s warm-up, %d s measured%n", clients, warmup, seconds);
        long appPid = Long.parseLong(Bench.env("BENCH_APP_PID", "0"));
        // statements and statement time per incident over everything the run caused (warm-up, window, drain: the
        // jobs and mails that follow a request included), from pg_stat_statements of the benchmark database
        double[] statementsBefore;
        long incidentsBefore;
        try (Connection db = Bench.db()) {
            statementsBefore = SlaTimers.statements(db);
            incidentsBefore = incidents(db);
        }
        ClosedLoop.Outcome out = ClosedLoop.run(clients, warmup, seconds, appPid, (client, sequence) -> {
            var response = Bench.post("/api/incidents", "sara", body(client, sequence));
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
        });
        double drain = drainSeconds(() -> {
            try {
                return Bench.db();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        String name = "intake (product, HTTP)" + Bench.env("BENCH_INTAKE_LABEL", "");
        report(name, out, drain, clients);
        try (Connection db = Bench.db()) {
            double[] statementsAfter = SlaTimers.statements(db);
            long started = incidents(db) - incidentsBefore;
            if (statementsBefore != null && statementsAfter != null && started > 0) {
                Bench.result(name, "statements per incident", (statementsAfter[0] - statementsBefore[0]) / started,
                        "count", null, null, "pg_stat_statements, this database, warm-up + window + drain, "
                                + started + " incidents");
                Bench.result(name, "statement time per incident", (statementsAfter[1] - statementsBefore[1]
                        + statementsAfter[2] - statementsBefore[2]) / started, "ms", null, null,
                        String.format(Locale.ROOT, "pg_stat_statements: execution %.2f + planning %.2f ms",
                                (statementsAfter[1] - statementsBefore[1]) / started,
                                (statementsAfter[2] - statementsBefore[2]) / started));
            }
        }
    }

    static long incidents(Connection db) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select count(*) from incident")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void report(String name, ClosedLoop.Outcome out, double drainSeconds, int clients) {
        String note = clients + " clients; " + out.operations() + " started, " + out.errors() + " errors"
                + (out.firstError() == null ? "" : " (first: " + out.firstError() + ")")
                + "; 1-min load average of the shared machine " + out.load();
        boolean product = name.contains("product");
        Bench.result(name, "started/s", out.perSecond(), "1/s", product ? ">= 300" : null,
                product ? out.perSecond() >= 300 : null, note);
        Bench.result(name, "p50", out.p(50), "ms", null, null, null);
        Bench.result(name, "p95", out.p(95), "ms", null, null, null);
        Bench.result(name, "p99", out.p(99), "ms", product ? "< 100" : null, product ? out.p(99) < 100 : null, null);
        Bench.result(name, "JVM CPU per incident", out.processCpuMs(), "ms", null, null,
                "CPU time of the engine's JVM in the window / incidents started");
        Bench.result(name, "JVM CPU per incident without JIT", out.workCpuMs(), "ms", null, null,
                "the same without the C1/C2 compiler threads (JIT warm-up)");
        Bench.result(name, "PostgreSQL CPU per incident", out.postgresCpuMs(), "ms", null, null,
                "CPU time of all postgres processes in the window / incidents started");
        Bench.result(name, "backlog drain after window", drainSeconds, "s", null, null,
                "time until every started process reached its first user task and no mail waits in the outbox");
        // sustained: everything started in the warm-up and window reached its task within window + drain
        Bench.result(name, "sustained to first task/s", out.operations() / (out.seconds() + drainSeconds), "1/s",
                null, null, "window count / (window + drain)");
    }

    /**
     * Seconds until no asynchronous continuation is left (timers excluded) and no mail waits in the outbox (when the
     * database has one), polling every 100 ms.
     */
    static double drainSeconds(Supplier<Connection> connections) throws Exception {
        long start = System.nanoTime();
        try (Connection connection = connections.get(); Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet rs = statement.executeQuery(
                        "select count(*) from act_ru_job where handler_type_ <> 'timer-transition' "
                                + "and handler_type_ not like 'timer%' and retries_ > 0" + (outbox(connection)
                                ? " union all select count(*) from mail_outbox where state = 'PENDING'" : ""))) {
                    long left = 0;
                    while (rs.next()) {
                        left += rs.getLong(1);
                    }
                    if (left == 0) {
                        return (System.nanoTime() - start) / 1e9;
                    }
                }
                if (System.nanoTime() - start > 600_000_000_000L) {
                    throw new IllegalStateException("job backlog did not drain in 10 minutes");
                }
                Thread.sleep(100);
            }
        }
    }

    static boolean outbox(Connection connection) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "mail_outbox", null)) {
            return rs.next();
        }
    }
}
