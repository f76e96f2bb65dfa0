package org.itsmflow.complaint;

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

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ProcessTrace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence of complaint handling (clause 7.2), read from the complaint records and the engine history.
 * Each nested class is one {@link ConformanceCheck} bean.
 */
final class ComplaintConformanceCheck {

    private ComplaintConformanceCheck() {
    }

    record Row(String id, boolean formal, String status, String closureCode, int escalationLevel,
            Instant resolutionDueAt, Instant closedAt, String processInstanceId) {
    }

    static List<Row> raised(JdbcClient jdbc, ReportPeriod period) {
        return jdbc.sql("select id, formal, status, closure_code, escalation_level, resolution_due_at, closed_at, "
                        + "process_instance_id from complaint where raised_at >= ? and raised_at < ? order by id")
                .params(utc(period.from()), utc(period.to()))
                .query((rs, n) -> new Row(rs.getString("id"), rs.getBoolean("formal"), rs.getString("status"),
                        rs.getString("closure_code"), rs.getInt("escalation_level"), instant(rs, "resolution_due_at"),
                        instant(rs, "closed_at"), rs.getString("process_instance_id")))
                .list();
    }

    /** R-7.2c: every complaint recorded with its process, and every closed formal complaint formally closed. */
    @Component
    static class ComplaintsRecordedAndClosed implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ProcessTrace trace;

        ComplaintsRecordedAndClosed(JdbcClient jdbc, ProcessTrace trace) {
            this.jdbc = jdbc;
            this.trace = trace;
        }

        @Override
        public String requirementId() {
            return "R-7.2c";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> rows = raised(jdbc, period);
            Map<String, String> records = new LinkedHashMap<>();
            rows.forEach(r -> records.put(r.id(), r.processInstanceId()));
            List<String> missing = new ArrayList<>(trace.recordsVersusInstances(ComplaintService.PROCESS_KEY, period,
                    records, ids -> new HashSet<>(jdbc.sql("select id from complaint where id in (:ids)")
                            .param("ids", ids).query(String.class).list()), "a complaint record"));
            long closed = 0;
            long formal = 0;
            for (Row r : rows) {
                formal += r.formal() ? 1 : 0;
                if (ComplaintStatus.CLOSED.name().equals(r.status())) {
                    closed++;
                    if (r.formal() && (r.closureCode() == null || r.closureCode().isBlank())) {
                        missing.add(r.id() + " (closed without a formal closure)");
                    }
                }
            }
            String figure = count(rows.size(), "complaint") + " (" + count(formal) + " formal), " + count(closed)
                    + " closed";
            return judge(rows.size(), missing, "no complaints in the period",
                    figure + "; all recorded with their process, formal ones closed formally", figure);
        }
    }

    /** R-7.2d: a formal complaint not resolved by its due time was escalated. */
    @Component
    static class OverdueComplaintsEscalated implements ConformanceCheck {
        private final JdbcClient jdbc;

        OverdueComplaintsEscalated(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-7.2d";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            Instant now = ClockUtil.getCurrentTime().toInstant();
            List<Row> overdue = raised(jdbc, period).stream().filter(Row::formal)
                    .filter(r -> r.resolutionDueAt() != null
                            && r.resolutionDueAt().isBefore(r.closedAt() == null ? now : r.closedAt()))
                    .toList();
            List<String> missing = overdue.stream().filter(r -> r.escalationLevel() < 1)
                    .map(r -> r.id() + " (overdue, not escalated)").toList();
            long n = overdue.size();
            return judge(n, missing, "no formal complaint of the period went past its resolution time",
                    count(n, "formal complaint") + " past their resolution time, all escalated",
                    count(n, "formal complaint") + " past their resolution time, " + count(missing.size())
                            + " not escalated");
        }
    }
}
