package org.itsmflow.problem;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ProcessTrace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence of problem management (clause 8.3), read from the problem records, the known error database
 * and the engine history. Each nested class is one {@link ConformanceCheck} bean.
 */
final class ProblemConformanceCheck {

    private ProblemConformanceCheck() {
    }

    record Row(String id, String status, String source, String rootCause, String knownErrorId, String changeId,
            Instant fixedAt, String processInstanceId) {
    }

    static List<Row> raised(JdbcClient jdbc, ReportPeriod period) {
        return jdbc.sql("select id, status, source, root_cause, known_error_id, change_id, fixed_at, process_instance_id "
                        + "from problem where raised_at >= ? and raised_at < ? order by id")
                .params(utc(period.from()), utc(period.to()))
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("status"), rs.getString("source"),
                        rs.getString("root_cause"), rs.getString("known_error_id"), rs.getString("change_id"),
                        instant(rs, "fixed_at"), rs.getString("process_instance_id")))
                .list();
    }

    /** R-8.3a: every problem recorded — every process instance has its record and every record its instance. */
    @Component
    static class AllProblemsRecorded implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ProcessTrace trace;

        AllProblemsRecorded(JdbcClient jdbc, ProcessTrace trace) {
            this.jdbc = jdbc;
            this.trace = trace;
        }

        @Override
        public String requirementId() {
            return "R-8.3a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> rows = raised(jdbc, period);
            Map<String, String> records = new LinkedHashMap<>();
            rows.forEach(r -> records.put(r.id(), r.processInstanceId()));
            List<String> missing = trace.recordsVersusInstances(ProblemService.PROCESS_KEY, period, records,
                    ids -> new HashSet<>(jdbc.sql("select id from problem where id in (:ids)").param("ids", ids)
                            .query(String.class).list()), "a problem record");
            Map<String, Long> bySource = new java.util.TreeMap<>();
            rows.forEach(r -> bySource.merge(String.valueOf(r.source()), 1L, Long::sum));
            String figure = count(rows.size(), "problem") + (bySource.isEmpty() ? "" : " " + bySource);
            return judge(rows.size(), missing, "no problems raised in the period",
                    figure + ", all with a record and a process instance", figure);
        }
    }

    /** R-8.3d: every problem whose fix was planned passed it to change management as an RFC. */
    @Component
    static class FixesPassedToChange implements ConformanceCheck {
        private final JdbcClient jdbc;

        FixesPassedToChange(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-8.3d";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> fixing = raised(jdbc, period).stream()
                    .filter(r -> ProblemStatus.FIX_PENDING.name().equals(r.status())
                            || ProblemStatus.WATCHING.name().equals(r.status()) || r.fixedAt() != null)
                    .toList();
            List<String> missing = fixing.stream().filter(r -> r.changeId() == null)
                    .map(r -> r.id() + " (fix without an RFC)").toList();
            return judge(fixing.size(), missing, "no problem of the period reached its fix",
                    count(fixing.size(), "problem") + " with a permanent fix, each passed to change management as an RFC",
                    count(fixing.size(), "problem") + " with a permanent fix, " + count(missing.size()) + " without an RFC");
        }
    }

    /** R-8.3f: every root cause found becomes a known error that incident handlers see. */
    @Component
    static class KnownErrorsAvailable implements ConformanceCheck {
        private final JdbcClient jdbc;

        KnownErrorsAvailable(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-8.3f";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> diagnosed = raised(jdbc, period).stream()
                    .filter(r -> r.rootCause() != null && !r.rootCause().isBlank()).toList();
            List<String> missing = new ArrayList<>(diagnosed.stream().filter(r -> r.knownErrorId() == null)
                    .map(r -> r.id() + " (root cause without a known error)").toList());
            long knownErrors = jdbc.sql("select count(*) from known_error where status = 'OPEN'").query(Long.class)
                    .single();
            String figure = count(diagnosed.size(), "problem") + " diagnosed in the period; " + count(knownErrors,
                    "open known error") + " shown to incident handlers";
            return judge(diagnosed.size(), missing, "no problem diagnosed in the period; " + count(knownErrors,
                    "open known error") + " shown to incident handlers", figure + "; every root cause a known error",
                    figure);
        }
    }
}
