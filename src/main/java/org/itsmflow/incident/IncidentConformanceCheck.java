package org.itsmflow.incident;

import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;
import static org.itsmflow.conformance.Figures.percent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ProcessTrace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence of incident management (clause 8.2, and security incidents of 6.6), read from the incident
 * records, their journal and the engine history. Each nested class is one {@link ConformanceCheck} bean.
 */
final class IncidentConformanceCheck {

    private IncidentConformanceCheck() {
    }

    record Row(String id, String priority, String group, String status, String closureCode, boolean major,
            boolean security, String category, String processInstanceId) {
    }

    static List<Row> reported(JdbcClient jdbc, ReportPeriod period) {
        return jdbc.sql("select id, priority, assignment_group, status, closure_code, major_incident, security_incident, "
                        + "category, process_instance_id from incident where reported_at >= ? and reported_at < ? "
                        + "order by id")
                .params(utc(period.from()), utc(period.to()))
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("priority"), rs.getString("assignment_group"),
                        rs.getString("status"), rs.getString("closure_code"), rs.getBoolean("major_incident"),
                        rs.getBoolean("security_incident"), rs.getString("category"),
                        rs.getString("process_instance_id")))
                .list();
    }

    /** R-8.2a: every incident recorded — every process instance has its record and every record its instance. */
    @Component
    static class AllIncidentsRecorded implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ProcessTrace trace;

        AllIncidentsRecorded(JdbcClient jdbc, ProcessTrace trace) {
            this.jdbc = jdbc;
            this.trace = trace;
        }

        @Override
        public String requirementId() {
            return "R-8.2a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            Map<String, String> records = new LinkedHashMap<>();
            reported(jdbc, period).forEach(r -> records.put(r.id(), r.processInstanceId()));
            List<String> shortfalls = trace.recordsVersusInstances(IncidentService.PROCESS_KEY, period, records,
                    ids -> new HashSet<>(jdbc.sql("select id from incident where id in (:ids)").param("ids", ids)
                            .query(String.class).list()), "an incident record");
            long n = records.size();
            return judge(n, shortfalls, "no incidents reported in the period",
                    count(n, "incident") + ", all with a record and a process instance",
                    count(n, "incident") + "; " + count(shortfalls.size(), "shortfall") + " between records and processes");
        }
    }

    /** R-8.2b: every incident prioritised and classified (DMN), and each closed one formally closed with a code. */
    @Component
    static class IncidentsPrioritisedClassifiedClosed implements ConformanceCheck {
        private final JdbcClient jdbc;

        IncidentsPrioritisedClassifiedClosed(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-8.2b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> rows = reported(jdbc, period);
            List<String> missing = new ArrayList<>();
            long closed = 0;
            for (Row r : rows) {
                if (r.priority() == null) {
                    missing.add(r.id() + " (no priority)");
                }
                if (r.group() == null) {
                    missing.add(r.id() + " (not classified)");
                }
                if (IncidentStatus.CLOSED.name().equals(r.status())) {
                    closed++;
                    if (r.closureCode() == null || r.closureCode().isBlank()) {
                        missing.add(r.id() + " (closed without a closure code)");
                    }
                }
            }
            long n = rows.size();
            String figure = count(n, "incident") + ": " + count(closed) + " formally closed";
            return judge(n, missing, "no incidents reported in the period",
                    figure + "; all prioritised, classified and, when closed, closed with a closure code", figure);
        }
    }

    /**
     * R-8.2c: the customer is told of every state change (journalled notification per status change). "Told" means the
     * mail was queued in the mail outbox with the state change and not given up by it; when SMTP accepted it is the
     * outbox row's sent time, summarised in the evidence (ADR 0013).
     */
    @Component
    static class StateChangesNotified implements ConformanceCheck {
        private final JdbcClient jdbc;

        StateChangesNotified(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-8.2c";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            record Count(String incident, String code, long n) {
            }
            List<Count> changes = jdbc.sql("select incident_id, code, count(*) n from incident_journal "
                            + "where kind = 'STATUS' and at >= ? and at < ? group by incident_id, code")
                    .params(utc(period.from()), utc(period.to()))
                    .query((rs, i) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
            Map<String, Long> told = new LinkedHashMap<>();
            jdbc.sql("select incident_id, code, count(*) n from incident_journal where kind = 'NOTIFICATION' and at >= ? "
                            + "group by incident_id, code")
                    .params(utc(period.from()))
                    .query(rs -> {
                        told.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                    });
            // a notification is journalled when its mail is queued with the state change (ADR 0013); a mail the outbox
            // gave up after its last attempt never reached the customer, so it does not count as told
            Map<String, Long> mail = new LinkedHashMap<>();
            jdbc.sql("select record_id, code, state from mail_outbox where record_id like 'INC-%' and created_at >= ?")
                    .params(utc(period.from()))
                    .query(rs -> {
                        mail.merge(rs.getString(3), 1L, Long::sum);
                        if ("GIVEN_UP".equals(rs.getString(3))) {
                            told.computeIfPresent(rs.getString(1) + "/" + rs.getString(2), (k, n) -> n - 1);
                        }
                    });
            String delivery = "; mail: " + mail.getOrDefault("SENT", 0L) + " handed to SMTP, "
                    + mail.getOrDefault("PENDING", 0L) + " waiting, " + mail.getOrDefault("GIVEN_UP", 0L) + " given up";
            List<String> missing = new ArrayList<>();
            long total = 0;
            long notified = 0;
            for (Count c : changes) {
                String notification = IncidentStatus.NEW.name().equals(c.code()) ? "RECORDED" : c.code();
                long sent = Math.min(c.n(), told.getOrDefault(c.incident() + "/" + notification, 0L));
                total += c.n();
                notified += sent;
                if (sent < c.n()) {
                    missing.add(c.incident() + " (" + c.code() + ": " + sent + " of " + c.n() + " told)");
                }
            }
            missing.sort(null);
            return judge(total, missing, "no incident changed state in the period",
                    count(total, "state change") + " of incidents, every one notified to the customer" + delivery,
                    percent(notified, total) + " of " + count(total, "state change") + " notified (" + count(notified)
                            + " of " + count(total) + ")" + delivery);
        }
    }

    /** R-8.2e: major incidents marked and managed by their path, ending with a review of each closed one. */
    @Component
    static class MajorIncidentsReviewed implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ProcessTrace trace;

        MajorIncidentsReviewed(JdbcClient jdbc, ProcessTrace trace) {
            this.jdbc = jdbc;
            this.trace = trace;
        }

        @Override
        public String requirementId() {
            return "R-8.2e";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> major = reported(jdbc, period).stream().filter(Row::major).toList();
            List<Row> closed = major.stream().filter(r -> IncidentStatus.CLOSED.name().equals(r.status())).toList();
            Set<String> reviewed = trace.completedActivity(
                    closed.stream().map(Row::processInstanceId).toList(), "UserTask_ReviewMajorIncident");
            List<String> missing = closed.stream().filter(r -> !reviewed.contains(r.processInstanceId()))
                    .map(r -> r.id() + " (closed without a major-incident review)").toList();
            String figure = count(major.size(), "major incident") + ", " + count(closed.size()) + " closed";
            return judge(major.size(), missing, "no major incidents in the period",
                    figure + ", every closed one reviewed", figure + ", " + count(missing.size()) + " not reviewed");
        }
    }

    /** R-6.6b: security incidents recorded through incident management, quantified by priority and team. */
    @Component
    static class SecurityIncidentsRecorded implements ConformanceCheck {
        private final JdbcClient jdbc;

        SecurityIncidentsRecorded(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-6.6b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> security = reported(jdbc, period).stream().filter(Row::security).toList();
            Map<String, Long> byPriority = new java.util.TreeMap<>();
            security.forEach(r -> byPriority.merge(String.valueOf(r.priority()), 1L, Long::sum));
            Map<String, Long> byGroup = new java.util.TreeMap<>();
            security.forEach(r -> byGroup.merge(String.valueOf(r.group()), 1L, Long::sum));
            String figure = count(security.size(), "security incident") + " recorded through incident management"
                    + (byPriority.isEmpty() ? "" : ", by priority " + byPriority + ", worked by " + byGroup);
            return judge(security.size(), List.of(), "no security incidents in the period", figure, figure);
        }
    }
}
