package org.itsmflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SLA timers at scale (issue 9, item 2). Needs N open incidents waiting for triage, each with its "Response due"
 * boundary timer; the run tops them up through {@code POST /api/incidents} (not timed) when fewer exist.
 *
 * <ol>
 * <li><b>Burst</b>: all but 300 of the timers are made due at the same instant (their due date is set in the
 * database, as if the response targets of a whole backlog ran out together, e.g. after a holiday). Measured: how
 * long the application's job executor takes until every escalation has run, the resulting rate, and that no
 * incident was escalated twice.</li>
 * <li><b>After the backlog</b>: the remaining 300 timers fall due 10 per second over 30 s, as timers do in normal
 * operation. Measured: lateness of each escalation (journal time minus due time), p50 and p99.</li>
 * </ol>
 * Settings: BENCH_SLA_TIMERS (10000 quick, 1000000 full), BENCH_SLA_TRICKLE (300; 0 skips step 2),
 * BENCH_SLA_WAITING (0; timers that wait, due in ten years, during the burst: see {@link #addWaiting}), BENCH_APP_PID
 * (for the CPU per escalation of the application's JVM and of PostgreSQL during the burst).
 */
public final class SlaTimers {

    static final String TIMER = "BoundaryEvent_ResponseDue%";
    static final int TRICKLE = Bench.env("BENCH_SLA_TRICKLE", 300);

    private SlaTimers() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        int n = Bench.env("BENCH_SLA_TIMERS", 10_000);
        try (Connection db = Bench.db()) {
            // BENCH_SLA_TOPUP: waiting timers to keep (default N + trickle); a larger stock lets several bursts of N
            // run on one database (BENCH_KEEP_DB=1) without topping up over HTTP in between
            topUp(db, Math.max(n + TRICKLE, Bench.env("BENCH_SLA_TOPUP", 0)));
            if (n == 0) {
                return;
            }
            List<String[]> timers = timers(db);
            System.out.printf("%d open incidents with a response timer%n", timers.size());
            int used = Math.min(timers.size(), n + TRICKLE);
            List<String[]> burst = timers.subList(0, used - TRICKLE);
            List<String[]> trickle = timers.subList(used - TRICKLE, used);

            // BENCH_SLA_WAITING: that many further timers wait (due in ten years) while the burst runs
            int waiting = addWaiting(db, burst.isEmpty() ? null : burst.get(0)[0], Bench.env("BENCH_SLA_WAITING", 0));
            String label = waiting == 0 ? "SLA timers burst" : "SLA timers burst behind " + waiting + " waiting";
            try {
                burst(db, burst, label);
            } finally {
                removeWaiting(db);
            }
            if (trickle.isEmpty()) {
                return;
            }

            // 2. after the backlog: 10 per second for 30 s
            Instant t1 = Instant.now().plusSeconds(3);
            setDue(db, trickle, i -> t1.plusMillis(100L * i));
            waitUntilGone(db, trickle);
            long[] late = lateness(db, trickle, i -> t1.plusMillis(100L * i));
            Bench.result("SLA timers after backlog", "p50 lateness", Bench.percentileMs(late, 50) / 1000, "s", null,
                    null, TRICKLE + " timers due 10/s after the burst drained");
            double p99 = Bench.percentileMs(late, 99) / 1000;
            Bench.result("SLA timers after backlog", "p99 lateness", p99, "s", "< 2", p99 < 2, null);
            long doublesAfter = doubleEscalations(db);
            Bench.result("SLA timers after backlog", "double escalations", doublesAfter, "count", "= 0",
                    doublesAfter == 0, null);
        }
    }

    /** Step 1: every timer of {@code burst} due at the same instant; drain time, rate, doubles, CPU, statements. */
    static void burst(Connection db, List<String[]> burst, String label) throws Exception {
        {
            // 1. burst: everything due at T0
            Instant t0 = Instant.now().plusSeconds(5);
            long appPid = Long.parseLong(Bench.env("BENCH_APP_PID", "0"));
            Cpu.Sample cpuBefore = Cpu.sample(appPid);
            var backendsBefore = backendTicks(db);
            double[] statementsBefore = statements(db);
            setDue(db, burst, i -> t0);
            waitUntilGone(db, burst);
            waitUntilMailed(db, burst);
            Cpu.Sample cpu = Cpu.sample(appPid).minus(cpuBefore);
            double backendMs = backendMs(backendsBefore, backendTicks(db));
            double[] statementsAfter = statements(db);
            Instant lastEscalation = lastEscalation(db, burst);
            Instant lastMail = lastMail(db, burst);
            double drain = secondsBetween(t0, lastMail != null && lastMail.isAfter(lastEscalation) ? lastMail
                    : lastEscalation);
            long doubles = doubleEscalations(db);
            long escalated = escalatedCount(db, burst);
            long[] burstLateness = lateness(db, burst, i -> t0);
            String note = burst.size() + " timers due at once; " + escalated + " escalated; "
                    + mailed(db, burst) + " escalation mails handed to SMTP"
                    + (lastMail == null ? "" : String.format(java.util.Locale.ROOT, " (last %.1f s after the last "
                            + "escalation)", secondsBetween(lastEscalation, lastMail)));
            Bench.result(label, "drain time", drain, "s", null, null, note);
            Bench.result(label, "escalations/s", burst.size() / drain, "1/s", ">= 500",
                    burst.size() / drain >= 500, "steady rate while draining");
            Bench.result(label, "p99 lateness in burst", Bench.percentileMs(burstLateness, 99) / 1000,
                    "s", null, null, "due time to escalation, the backlog included");
            Bench.result(label, "double escalations", doubles, "count", "= 0", doubles == 0,
                    "incidents with more than one ESCALATED_RESPONSE journal entry");
            if (appPid > 0) {
                Bench.result(label, "JVM CPU per escalation", cpu.processMs() / burst.size(), "ms", null,
                        null, "application JVM, burst; without JIT " + String.format(java.util.Locale.ROOT, "%.1f",
                                cpu.workMs() / burst.size()) + " ms");
                Bench.result(label, "PostgreSQL CPU per escalation", cpu.postgresMs() / burst.size(),
                        "ms", null, null, "all postgres processes on the server (other databases' work included), burst");
                Bench.result(label, "PostgreSQL CPU per escalation, this database", backendMs / burst.size(),
                        "ms", null, null, "the backends connected to the benchmark database at the start, burst");
            }
            if (statementsBefore != null && statementsAfter != null) {
                double calls = statementsAfter[0] - statementsBefore[0];
                double exec = statementsAfter[1] - statementsBefore[1];
                double plan = statementsAfter[2] - statementsBefore[2];
                Bench.result(label, "statements per escalation", calls / burst.size(), "count", null, null,
                        "pg_stat_statements, this database, burst");
                Bench.result(label, "statement time per escalation", (exec + plan) / burst.size(), "ms",
                        null, null, String.format(java.util.Locale.ROOT, "pg_stat_statements: execution %.2f + "
                                + "planning %.2f ms", exec / burst.size(), plan / burst.size()));
            }
        }
    }

    /**
     * BENCH_SLA_WAITING (default 0): copies of one response timer row, due in ten years (never acquired in the run),
     * inserted before the burst and deleted after it, so the burst's job acquisition runs behind that many waiting
     * timers — what a million open incidents would add to it (the full run's million due timers take hours to create
     * over the API). Returns how many were added.
     */
    static int addWaiting(Connection db, String templateJobId, int count) throws Exception {
        if (count <= 0 || templateJobId == null) {
            return 0;
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = db.getMetaData().getColumns(null, null, "act_ru_job", null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        List<String> select = new ArrayList<>();
        for (String column : columns) {
            select.add(switch (column) {
                case "id_" -> "'bw' || g || '-' || t.id_";
                case "duedate_" -> "now() + interval '3650 days'";
                case "lock_owner_", "lock_exp_time_" -> "null";
                // an execution and process instance of their own (not in the database: no foreign key, never run),
                // so no engine operation on the template's execution ever loads the copies
                case "execution_id_", "process_instance_id_", "root_proc_inst_id_" -> "'bw' || g";
                default -> "t." + column;
            });
        }
        long begin = System.nanoTime();
        try (PreparedStatement statement = db.prepareStatement("insert into act_ru_job (" + String.join(", ", columns)
                + ") select " + String.join(", ", select) + " from act_ru_job t cross join generate_series(1, ?) g "
                + "where t.id_ = ?")) {
            statement.setInt(1, count);
            statement.setString(2, templateJobId);
            int added = statement.executeUpdate();
            try (Statement analyze = db.createStatement()) {
                analyze.execute("analyze act_ru_job");
            }
            System.out.printf("%d waiting timers added in %.1f s%n", added, (System.nanoTime() - begin) / 1e9);
            return added;
        }
    }

    static void removeWaiting(Connection db) throws Exception {
        try (Statement statement = db.createStatement()) {
            int removed = statement.executeUpdate("delete from act_ru_job where id_ like 'bw%'");
            if (removed > 0) {
                statement.execute("analyze act_ru_job");
                System.out.printf("%d waiting timers removed%n", removed);
            }
        }
    }

    interface DueAt {
        Instant of(int index);
    }

    /** Starts incidents over HTTP (not timed) until {@code wanted} response timers wait. */
    static void topUp(Connection db, int wanted) throws Exception {
        int have = timers(db).size();
        if (have >= wanted) {
            return;
        }
        int missing = wanted - have;
        System.out.printf("topping up %d incidents over HTTP%n", missing);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(missing);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c + 100;
            Thread thread = new Thread(() -> {
                long sequence = 0;
                while (left.getAndDecrement() > 0) {
                    var response = Bench.post("/api/incidents", "sara", Intake.body(client, sequence++));
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Intake.drainSeconds(() -> {
            try {
                return Bench.db();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * [job id, incident id] of every waiting response timer, newest incident first: after a model change the
     * incidents topped up since then (on the new model version) are the ones measured.
     */
    static List<String[]> timers(Connection db) throws Exception {
        List<String[]> timers = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("select j.id_, i.id from act_ru_job j "
                + "join incident i on i.process_instance_id = j.process_instance_id_ "
                + "where j.handler_cfg_ like ? order by i.id desc")) {
            statement.setString(1, TIMER);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    timers.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return timers;
    }

    static void setDue(Connection db, List<String[]> timers, DueAt due) throws Exception {
        db.setAutoCommit(false);
        // the timer and the SLA clock it stands for move together: the product refuses to escalate a clock
        // that is not overdue
        try (PreparedStatement statement = db.prepareStatement("update act_ru_job set duedate_ = ?, retries_ = 3, "
                + "lock_owner_ = null, lock_exp_time_ = null, exception_stack_id_ = null, exception_msg_ = null "
                + "where id_ = ?");
                PreparedStatement clock = db.prepareStatement("update sla_clock set due_at = ?, warning_at = ? "
                        + "where record_id = ? and kind = 'RESPONSE'")) {
            for (int i = 0; i < timers.size(); i++) {
                Timestamp at = Timestamp.from(due.of(i));
                statement.setTimestamp(1, at);
                statement.setString(2, timers.get(i)[0]);
                statement.addBatch();
                clock.setTimestamp(1, at);
                clock.setTimestamp(2, at);
                clock.setString(3, timers.get(i)[1]);
                clock.addBatch();
                if (i % 1000 == 999) {
                    clock.executeBatch();
                    statement.executeBatch();
                }
            }
            clock.executeBatch();
            statement.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /**
     * Waits until none of the timers waits any more. Polls once a second and asks only for the ids still waiting: the
     * earlier poll (every 0.2 s, all ids) cost PostgreSQL ~14 ms per call with 3,000 ids, 1.6 ms per escalation of the
     * burst that was counted as the product's.
     */
    static void waitUntilGone(Connection db, List<String[]> timers) throws Exception {
        List<String> left = timers.stream().map(t -> t[0]).toList();
        long start = System.nanoTime();
        try (PreparedStatement statement = db.prepareStatement("select id_ from act_ru_job where id_ = any(?)")) {
            while (true) {
                statement.setArray(1, db.createArrayOf("varchar", left.toArray()));
                List<String> still = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        still.add(rs.getString(1));
                    }
                }
                if (still.isEmpty()) {
                    return;
                }
                left = still;
                if (System.nanoTime() - start > 3_600_000_000_000L) {
                    throw new IllegalStateException("timers still waiting after an hour");
                }
                Thread.sleep(1000);
            }
        }
    }

    /**
     * CPU ticks (10 ms) used so far by the PostgreSQL backends serving this database (the application's pool; the
     * benchmark's own connection excluded), by pid: unlike {@link Cpu}, which counts every postgres process on a
     * server other benchmarks share. Backends that end during the burst are not counted (Hikari keeps them 30 min).
     */
    static java.util.Map<Long, Long> backendTicks(Connection db) throws Exception {
        java.util.Map<Long, Long> ticks = new java.util.HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("select pid from "
                + "pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
            while (rs.next()) {
                long pid = rs.getLong(1);
                try {
                    String[] stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid + "", "stat"))
                            .replaceFirst("^.*\\) ", "").split(" ");
                    ticks.put(pid, Long.parseLong(stat[11]) + Long.parseLong(stat[12]));
                } catch (java.io.IOException e) {
                    // ended meanwhile, or another machine
                }
            }
        }
        return ticks;
    }

    static double backendMs(java.util.Map<Long, Long> before, java.util.Map<Long, Long> after) {
        long sum = 0;
        for (var entry : after.entrySet()) {
            sum += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
        }
        return sum * 10.0;
    }

    /**
     * [calls, execution ms, planning ms] of this database's statements so far, from pg_stat_statements (null when the
     * extension is not installed in the benchmark database: {@code create extension pg_stat_statements}, superuser).
     */
    static double[] statements(Connection db) {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("select sum(calls), "
                + "sum(total_exec_time), sum(total_plan_time) from pg_stat_statements "
                + "where dbid = (select oid from pg_database where datname = current_database())")) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    /**
     * An escalation is done when its escalation mail went out, not only when its timer ran: waits until no job of the
     * burst's process instances is due any more (the asynchronous mail step of the models before the outbox) and no
     * escalation mail of theirs waits in {@code mail_outbox} (the outbox's dispatcher), so the CPU and statements
     * measured include the sending.
     */
    static void waitUntilMailed(Connection db, List<String[]> timers) throws Exception {
        Object ids = db.createArrayOf("varchar", timers.stream().map(t -> t[1]).toArray());
        boolean outbox = hasOutbox(db);
        long start = System.nanoTime();
        while (true) {
            long left;
            try (PreparedStatement statement = db.prepareStatement("select count(*) from act_ru_job j "
                    + "join incident i on i.process_instance_id = j.process_instance_id_ where i.id = any(?) "
                    + "and (j.duedate_ is null or j.duedate_ <= now()) and j.retries_ > 0")) {
                statement.setObject(1, ids);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    left = rs.getLong(1);
                }
            }
            if (outbox) {
                try (PreparedStatement statement = db.prepareStatement("select count(*) from mail_outbox "
                        + "where record_id = any(?) and code = 'ESCALATION_MAIL_RESPONSE' and next_attempt_at is not null")) {
                    statement.setObject(1, ids);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        left += rs.getLong(1);
                    }
                }
            }
            if (left == 0) {
                return;
            }
            if (System.nanoTime() - start > 3_600_000_000_000L) {
                throw new IllegalStateException("escalation mails still waiting after an hour");
            }
            Thread.sleep(500);
        }
    }

    static boolean hasOutbox(Connection db) throws Exception {
        try (ResultSet rs = db.getMetaData().getTables(null, null, "mail_outbox", null)) {
            return rs.next();
        }
    }

    /**
     * When the last escalation mail of the burst went to SMTP: the outbox row's sent time, or (models before the
     * outbox) the time of the journal entry the mail step wrote after sending. Null when none was journalled.
     */
    static Instant lastMail(Connection db, List<String[]> timers) throws Exception {
        String sql = hasOutbox(db)
                ? "select max(sent_at) from mail_outbox where code = 'ESCALATION_MAIL_RESPONSE' and record_id = any(?)"
                : "select max(at) from incident_journal where code = 'ESCALATION_MAIL_RESPONSE' and incident_id = any(?)";
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setArray(1, db.createArrayOf("varchar", timers.stream().map(t -> t[1]).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Timestamp at = rs.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        }
    }

    /** How many of the burst's escalation mails were handed to SMTP. */
    static long mailed(Connection db, List<String[]> timers) throws Exception {
        String sql = hasOutbox(db)
                ? "select count(*) from mail_outbox where code = 'ESCALATION_MAIL_RESPONSE' and sent_at is not null "
                        + "and record_id = any(?)"
                : "select count(*) from incident_journal where code = 'ESCALATION_MAIL_RESPONSE' and text like 'Sent to %' "
                        + "and incident_id = any(?)";
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setArray(1, db.createArrayOf("varchar", timers.stream().map(t -> t[1]).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Instant lastEscalation(Connection db, List<String[]> timers) throws Exception {
        try (PreparedStatement statement = db.prepareStatement("select max(at) from incident_journal "
                + "where code = 'ESCALATED_RESPONSE' and incident_id = any(?)")) {
            statement.setArray(1, db.createArrayOf("varchar", timers.stream().map(t -> t[1]).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    static long escalatedCount(Connection db, List<String[]> timers) throws Exception {
        try (PreparedStatement statement = db.prepareStatement("select count(distinct incident_id) from incident_journal "
                + "where code = 'ESCALATED_RESPONSE' and incident_id = any(?)")) {
            statement.setArray(1, db.createArrayOf("varchar", timers.stream().map(t -> t[1]).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long doubleEscalations(Connection db) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select count(*) from (select incident_id from incident_journal where code = 'ESCALATED_RESPONSE' "
                        + "group by incident_id having count(*) > 1) d")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Lateness in nanoseconds (sorted) of each timer's escalation against the due time it was given. */
    static long[] lateness(Connection db, List<String[]> timers, DueAt due) throws Exception {
        java.util.Map<String, Instant> at = new java.util.HashMap<>();
        try (PreparedStatement statement = db.prepareStatement("select incident_id, min(at) from incident_journal "
                + "where code = 'ESCALATED_RESPONSE' and incident_id = any(?) group by incident_id")) {
            statement.setArray(1, db.createArrayOf("varchar", timers.stream().map(t -> t[1]).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    at.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        long[] nanos = new long[timers.size()];
        for (int i = 0; i < timers.size(); i++) {
            Instant fired = at.get(timers.get(i)[1]);
            nanos[i] = fired == null ? Long.MAX_VALUE : java.time.Duration.between(due.of(i), fired).toNanos();
        }
        Arrays.sort(nanos);
        return nanos;
    }

    static double secondsBetween(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e9;
    }
}
