package org.itsmflow.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Group task list at 100k open tasks (issue 9, item 5): the queries Tasklist makes for a service-desk agent (sara),
 * through the engine REST API with authorization on.
 *
 * <p>Open tasks come from the incident processes the intake and SLA runs started ("Triage incident", candidate
 * group servicedesk, plus the escalation's candidates); they are cloned in the database, with their identity
 * links and task authorizations, until 100k tasks are open, since starting 100k processes would take most of
 * the run. The clones are real rows of the same shape, so the queries see what they would see in production.
 *
 * <p>Then the same queries in SQL (the statements the engine sends for sara, captured with the engine's
 * {@code TaskEntity} DEBUG log), timed by PostgreSQL's {@code EXPLAIN (ANALYZE)} with and without the expression
 * statistics of {@code db/changelog/performance.xml}: an A/B of that fix in one run, independent of HTTP and of the
 * load on the shared machine.
 *
 * <p>Settings: BENCH_TASKS (100000), BENCH_TASK_SAMPLES (30 per list query), BENCH_TASK_COUNT_SAMPLES (10 per count).
 */
public final class TaskList {

    private TaskList() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        int wanted = Bench.env("BENCH_TASKS", 100_000);
        int samples = Bench.env("BENCH_TASK_SAMPLES", 30);
        int countSamples = Bench.env("BENCH_TASK_COUNT_SAMPLES", 10);
        long open;
        try (Connection db = Bench.db()) {
            open = fill(db, wanted);
        }
        String filterId = filterId("My groups' tasks");
        String body = "{\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";
        // the floor: an engine REST call that finds nothing (HTTP, Basic authentication, authorization check)
        measure("engine REST floor, empty task query", samples, open,
                () -> Bench.get("/engine-rest/task?assignee=nobody-bench", "sara"));
        measure("task list GET candidateGroup", samples, open, () -> Bench.get(
                "/engine-rest/task?candidateGroup=servicedesk&sortBy=created&sortOrder=desc&firstResult=0&maxResults=15",
                "sara"));
        measure("task count GET candidateGroup", countSamples, open,
                () -> Bench.get("/engine-rest/task/count?candidateGroup=servicedesk", "sara"));
        measure("Tasklist filter list (15)", samples, open,
                () -> Bench.post("/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=15", "sara", body));
        measure("Tasklist filter count", countSamples, open,
                () -> Bench.post("/engine-rest/filter/" + filterId + "/count", "sara", "{}"));
        try (Connection db = Bench.db()) {
            plans(db, open);
        }
    }

    /** What the engine sends for sara (servicedesk) with authorization on, no REVOKE authorization for her. */
    static final String FROM = " from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_ "
            + "left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_ left join ( SELECT A.* FROM ACT_RU_AUTHORIZATION A "
            + "WHERE A.TYPE_ < 2 AND ( A.USER_ID_ in ( 'sara', '*') OR A.GROUP_ID_ IN ( 'servicedesk' ) ) AND ( ( "
            + "A.RESOURCE_TYPE_ = 7 AND A.PERMS_ & 2 = 2 OR A.RESOURCE_TYPE_ = 6 AND A.PERMS_ & 64 = 64 ) ) ) AUTH "
            + "ON (AUTH.RESOURCE_ID_ IN ( RES.ID_ , D.KEY_ , '*' )) WHERE ( 1 = 1 and ( RES.ASSIGNEE_ is null and "
            + "I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( 'servicedesk' ) ) ) ) and ( (RES.CASE_EXECUTION_ID_ IS NOT "
            + "NULL) OR (AUTH.RESOURCE_ID_ IS NOT NULL) ) and (RES.TENANT_ID_ is null )";
    static final String LIST_SQL = "select distinct RES.REV_, RES.ID_, RES.NAME_, RES.PARENT_TASK_ID_, "
            + "RES.DESCRIPTION_, RES.PRIORITY_, RES.CREATE_TIME_, RES.OWNER_, RES.ASSIGNEE_, RES.DELEGATION_, "
            + "RES.EXECUTION_ID_, RES.PROC_INST_ID_, RES.PROC_DEF_ID_, RES.CASE_EXECUTION_ID_, RES.CASE_INST_ID_, "
            + "RES.CASE_DEF_ID_, RES.TASK_DEF_KEY_, RES.DUE_DATE_, RES.FOLLOW_UP_DATE_, RES.SUSPENSION_STATE_, "
            + "RES.TENANT_ID_, RES.LAST_UPDATED_, RES.TASK_STATE_" + FROM
            + " order by RES.CREATE_TIME_ desc LIMIT 15 OFFSET 0";
    static final String COUNT_SQL = "SELECT COUNT(*) FROM (SELECT DISTINCT RES.ID_" + FROM + " ) countDistinct";

    /**
     * EXPLAIN ANALYZE of the list and count with the expression statistics (as deployed), then without them (dropped
     * in a transaction that is rolled back, so the database keeps them), 60 s statement timeout.
     */
    static void plans(Connection db, long open) throws Exception {
        boolean hasStats;
        try (Statement statement = db.createStatement()) {
            hasStats = count(statement, "select count(*) from pg_statistic_ext where stxname = 'act_stat_auth_perms'") > 0;
        }
        if (!hasStats) {
            System.out.println("no act_stat_auth_perms statistics: plan A/B skipped");
            return;
        }
        try (Statement statement = db.createStatement()) {
            statement.execute("set statement_timeout = '60s'");
        }
        plan(db, "with statistics", open);
        db.setAutoCommit(false);
        try (Statement statement = db.createStatement()) {
            statement.execute("drop statistics act_stat_auth_perms");
            statement.execute("analyze act_ru_authorization");
            plan(db, "without statistics (before)", open);
        } finally {
            db.rollback(); // statistics back; pg_statistic rows of the rolled-back analyze are discarded too
            db.setAutoCommit(true);
        }
    }

    static void plan(Connection db, String variant, long open) throws Exception {
        for (String[] query : new String[][] {{"list (15 newest)", LIST_SQL}, {"count", COUNT_SQL}}) {
            String name = "task " + query[0] + " SQL, " + variant;
            try (Statement statement = db.createStatement()) {
                statement.executeQuery("explain (analyze) " + query[1]).close(); // warm
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 3; i++) {
                    best = Math.min(best, executionMs(statement, query[1]));
                }
                Bench.result(name, "execution (EXPLAIN ANALYZE, best of 3)", best, "ms", "< 100", best < 100,
                        open + " open tasks; as sara; PostgreSQL time only");
            } catch (java.sql.SQLException e) {
                if (!"57014".equals(e.getSQLState())) {
                    throw e;
                }
                Bench.result(name, "execution (EXPLAIN ANALYZE)", 60_000, "ms", "< 100", false,
                        "cancelled at the 60 s statement timeout; " + open + " open tasks");
                if (!db.getAutoCommit()) { // the "without" transaction: roll back to here, statistics dropped again
                    db.rollback();
                    try (Statement statement = db.createStatement()) {
                        statement.execute("drop statistics if exists act_stat_auth_perms");
                        statement.execute("analyze act_ru_authorization");
                    }
                }
            }
        }
    }

    static double executionMs(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery("explain (analyze, format json) " + sql)) {
            rs.next();
            Matcher matcher = Pattern.compile("\"Execution Time\"\\s*:\\s*([0-9.]+)").matcher(rs.getString(1));
            if (!matcher.find()) {
                throw new IllegalStateException("no execution time in the plan");
            }
            return Double.parseDouble(matcher.group(1));
        }
    }

    interface Call {
        java.net.http.HttpResponse<String> call();
    }

    static void measure(String name, int samples, long open, Call call) {
        for (int i = 0; i < 3; i++) {
            check(call.call());
        }
        long[] nanos = new long[samples];
        String last = null;
        for (int i = 0; i < samples; i++) {
            long begin = System.nanoTime();
            last = check(call.call());
            nanos[i] = System.nanoTime() - begin;
        }
        long[] sorted = Bench.sorted(nanos, samples);
        String shown = last.length() > 40 ? last.length() + " bytes" : last;
        Bench.result(name, "p50", Bench.percentileMs(sorted, 50), "ms", null, null,
                open + " open tasks; as sara (servicedesk); answer " + shown);
        double p95 = Bench.percentileMs(sorted, 95);
        Bench.result(name, "p95", p95, "ms", "< 100", p95 < 100, null);
    }

    static String check(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String filterId(String name) {
        String body = check(Bench.get("/engine-rest/filter?resourceType=Task&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), "sara"));
        Matcher matcher = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no filter '" + name + "' visible to sara: " + body);
        }
        return matcher.group(1);
    }

    /** Clones the open triage tasks (with identity links and authorizations) until {@code wanted} tasks are open. */
    static long fill(Connection db, int wanted) throws Exception {
        try (Statement statement = db.createStatement()) {
            long open = count(statement, "select count(*) from act_ru_task");
            long templates = count(statement, "select count(*) from act_ru_task where name_ = 'Triage incident' "
                    + "and id_ not like 'bt%'");
            if (open >= wanted || templates == 0) {
                return open;
            }
            long copies = (wanted - open + templates - 1) / templates;
            long begin = System.nanoTime();
            db.setAutoCommit(false);
            String template = "(select id_ from act_ru_task where name_ = 'Triage incident' and id_ not like 'bt%' "
                    + "order by id_ limit " + templates + ")";
            statement.execute(clone(db, "act_ru_task", "id_", "t.id_ in " + template, copies, -1));
            statement.execute(clone(db, "act_ru_identitylink", "id_", "t.task_id_ in " + template, copies, -1)
                    .replace("t.task_id_ as task_id_", "'bt' || g || '-' || t.task_id_"));
            statement.execute(clone(db, "act_ru_authorization", "id_",
                    "t.resource_type_ = 7 and t.resource_id_ in " + template, copies, -1)
                    .replace("t.resource_id_ as resource_id_", "'bt' || g || '-' || t.resource_id_"));
            // the last copy overshoots: drop the surplus clones with their links and authorizations
            statement.execute("create temporary table bt_surplus as select id_ from act_ru_task where id_ like 'bt%' "
                    + "order by id_ desc limit (select greatest(count(*) - " + wanted + ", 0) from act_ru_task)");
            statement.execute("delete from act_ru_identitylink where task_id_ in (select id_ from bt_surplus)");
            statement.execute("delete from act_ru_authorization where resource_type_ = 7 "
                    + "and resource_id_ in (select id_ from bt_surplus)");
            statement.execute("delete from act_ru_task where id_ in (select id_ from bt_surplus)");
            statement.execute("drop table bt_surplus");
            db.commit();
            db.setAutoCommit(true);
            statement.execute("analyze act_ru_task");
            statement.execute("analyze act_ru_identitylink");
            statement.execute("analyze act_ru_authorization");
            open = count(statement, "select count(*) from act_ru_task");
            System.out.printf("cloned tasks up to %d open in %.1f s%n", open, (System.nanoTime() - begin) / 1e9);
            return open;
        }
    }

    /** insert … select with every column copied except the id, which becomes 'bt&lt;copy&gt;-&lt;id&gt;'. */
    static String clone(Connection db, String table, String idColumn, String where, long copies, long limit)
            throws Exception {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = db.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        List<String> select = new ArrayList<>();
        for (String column : columns) {
            select.add(column.equals(idColumn) ? "'bt' || g || '-' || t." + column : "t." + column + " as " + column);
        }
        return "insert into " + table + " (" + String.join(", ", columns) + ") select " + String.join(", ", select)
                + " from " + table + " t cross join generate_series(1, " + copies + ") g where " + where;
    }

    static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
