package org.itsmflow.change;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;
import static org.itsmflow.conformance.Figures.percent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.itsmflow.cmdb.CiHistoryEntry;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.HistoryAction;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.Role;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ProcessTrace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence of change management (clause 9.2), read from the change records and the engine history.
 * Each nested class is one {@link ConformanceCheck} bean for one requirement id.
 */
final class ChangeConformanceCheck {

    private ChangeConformanceCheck() {
    }

    /** The columns the checks read, for changes requested or implemented in a period. */
    record Row(String id, String type, String requester, String changeClass, String riskLevel, String riskReason,
            String route, String status, String decidedBy, String backoutPlan, String backoutNote, String reviewOutcome,
            String reviewNote, String processInstanceId, Instant plannedStart, Instant requestedAt, Instant approvedAt,
            Instant implementedAt) {
    }

    static List<Row> rows(JdbcClient jdbc, String timeColumn, ReportPeriod period) {
        return jdbc.sql("select id, change_type, requester, change_class, risk_level, risk_reason, approval_route, "
                        + "status, decided_by, backout_plan, backout_note, review_outcome, review_note, "
                        + "process_instance_id, planned_start, requested_at, approved_at, implemented_at "
                        + "from change_request where " + timeColumn + " >= ? and " + timeColumn + " < ? order by id")
                .params(utc(period.from()), utc(period.to()))
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("change_type"), rs.getString("requester"),
                        rs.getString("change_class"), rs.getString("risk_level"), rs.getString("risk_reason"),
                        rs.getString("approval_route"), rs.getString("status"), rs.getString("decided_by"),
                        rs.getString("backout_plan"), rs.getString("backout_note"), rs.getString("review_outcome"),
                        rs.getString("review_note"), rs.getString("process_instance_id"), instant(rs, "planned_start"),
                        instant(rs, "requested_at"), instant(rs, "approved_at"), instant(rs, "implemented_at")))
                .list();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** R-9.2a: every RFC recorded (record and process instance, both ways) and classified. */
    @Component
    static class ChangesRecordedAndClassified implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ProcessTrace trace;

        ChangesRecordedAndClassified(JdbcClient jdbc, ProcessTrace trace) {
            this.jdbc = jdbc;
            this.trace = trace;
        }

        @Override
        public String requirementId() {
            return "R-9.2a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> requested = rows(jdbc, "requested_at", period);
            List<String> shortfalls = new ArrayList<>();
            Set<String> ids = new HashSet<>(requested.stream().map(Row::id).toList());
            List<ProcessTrace.Started> instances = trace.started(ChangeService.PROCESS_KEY, period);
            List<String> keys = instances.stream().map(ProcessTrace.Started::businessKey)
                    .filter(k -> k != null && !ids.contains(k)).toList();
            Set<String> recorded = keys.isEmpty() ? Set.of() : new HashSet<>(jdbc
                    .sql("select id from change_request where id in (:ids)").param("ids", keys).query(String.class).list());
            for (ProcessTrace.Started pi : instances) {
                if (pi.businessKey() == null || !(ids.contains(pi.businessKey()) || recorded.contains(pi.businessKey()))) {
                    shortfalls.add("process instance " + pi.instanceId() + " without a change record");
                }
            }
            Set<String> live = trace.existing(requested.stream().map(Row::processInstanceId).toList());
            for (Row c : requested) {
                if (c.processInstanceId() == null || !live.contains(c.processInstanceId())) {
                    shortfalls.add(c.id() + " without a process instance");
                }
                if (blank(c.changeClass())) {
                    shortfalls.add(c.id() + " not classified");
                }
            }
            long n = requested.size();
            return judge(n, shortfalls, "no requests for change in the period",
                    count(n, "request") + " for change, all recorded with their process and classified",
                    count(n, "request") + " for change; " + count(shortfalls.size(), "shortfall"));
        }
    }

    /** R-9.2b: every RFC assessed for risk (with the reason the ChangeRisk table gave). */
    @Component
    static class ChangesAssessedForRisk implements ConformanceCheck {
        private final JdbcClient jdbc;

        ChangesAssessedForRisk(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.2b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> requested = rows(jdbc, "requested_at", period);
            List<String> missing = requested.stream().filter(c -> blank(c.riskLevel()) || blank(c.riskReason()))
                    .map(Row::id).toList();
            long n = requested.size();
            return judge(n, missing, "no requests for change in the period",
                    count(n, "request") + " for change, all rated for risk with the reason recorded",
                    percent(n - missing.size(), n) + " of " + count(n, "request") + " rated for risk");
        }
    }

    /** R-9.2c: every change implemented in the period had a backout plan; failed ones record the backout. */
    @Component
    static class ChangesWithBackout implements ConformanceCheck {
        private final JdbcClient jdbc;

        ChangesWithBackout(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.2c";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period);
            List<String> missing = new ArrayList<>();
            long failed = 0;
            for (Row c : implemented) {
                if (blank(c.backoutPlan())) {
                    missing.add(c.id() + " (no backout plan)");
                }
                boolean backedOut = !blank(c.backoutNote()) || ChangeStatus.BACKED_OUT.name().equals(c.status());
                if (backedOut) {
                    failed++;
                }
                if (ChangeStatus.FAILED.name().equals(c.status())) {
                    missing.add(c.id() + " (failed, backout not recorded)");
                }
            }
            long n = implemented.size();
            String figure = count(n, "change") + " implemented, " + count(failed) + " of them failed and backed out";
            return judge(n, missing, "no change implemented in the period", figure + "; every change had a backout plan",
                    figure + "; " + count(missing.size(), "shortfall"));
        }
    }

    /** R-9.2d: every change implemented in the period was approved before, and never by its requester. */
    @Component
    static class ChangesApprovedBeforeImplementation implements ConformanceCheck {
        private final JdbcClient jdbc;

        ChangesApprovedBeforeImplementation(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.2d";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period);
            List<String> missing = new ArrayList<>();
            for (Row c : implemented) {
                if (c.approvedAt() == null || c.approvedAt().isAfter(c.implementedAt())) {
                    missing.add(c.id() + " (not approved before implementation)");
                } else if (c.decidedBy() != null && c.decidedBy().equals(c.requester())) {
                    missing.add(c.id() + " (approved by its requester)");
                }
            }
            long n = implemented.size();
            return judge(n, missing, "no change implemented in the period",
                    count(n, "change") + " implemented, all approved beforehand by someone other than the requester",
                    percent(n - missing.size(), n) + " of " + count(n, "implemented change") + " properly approved");
        }
    }

    /** R-9.2e: every change implemented (or backed out) in the period was reviewed afterwards. */
    @Component
    static class ImplementedChangesReviewed implements ConformanceCheck {
        private final JdbcClient jdbc;

        ImplementedChangesReviewed(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.2e";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period);
            List<String> missing = implemented.stream().filter(c -> blank(c.reviewOutcome())).map(Row::id).toList();
            long n = implemented.size();
            return judge(n, missing, "no change implemented in the period",
                    "100 % of " + count(n, "implemented change") + " reviewed",
                    percent(n - missing.size(), n) + " of " + count(n, "implemented change") + " reviewed ("
                            + count(n - missing.size()) + " of " + count(n) + ")");
        }
    }

    /** R-9.2f: emergency changes go through the ECAB and get a retrospective review once closed. */
    @Component
    static class EmergencyChangesReviewed implements ConformanceCheck {
        private final JdbcClient jdbc;

        EmergencyChangesReviewed(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.2f";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> emergencies = rows(jdbc, "requested_at", period).stream()
                    .filter(c -> ChangeType.EMERGENCY.name().equals(c.type())).toList();
            List<String> missing = new ArrayList<>();
            long ecab = 0;
            for (Row c : emergencies) {
                if ("ECAB".equals(c.route())) {
                    ecab++;
                }
                if (ChangeStatus.CLOSED.name().equals(c.status()) && c.implementedAt() != null
                        && (c.reviewNote() == null || !c.reviewNote().contains("Retrospective review:"))) {
                    missing.add(c.id() + " (closed without retrospective review)");
                }
            }
            long n = emergencies.size();
            String figure = count(n, "emergency change") + ", " + count(ecab) + " decided by the emergency CAB";
            return judge(n, missing, "no emergency changes in the period",
                    figure + "; every closed one had its retrospective review", figure);
        }
    }

    /** R-9.2g: changes are implemented in their scheduled window, never before it opens. */
    @Component
    static class ChangesImplementedInWindow implements ConformanceCheck {
        private final JdbcClient jdbc;

        ChangesImplementedInWindow(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.2g";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period);
            List<String> missing = implemented.stream()
                    .filter(c -> c.plannedStart() == null || c.implementedAt().isBefore(c.plannedStart()))
                    .map(c -> c.id() + " (implemented before its window opened)").toList();
            long n = implemented.size();
            return judge(n, missing, "no change implemented in the period",
                    count(n, "change") + " implemented, all on the schedule with planned dates and none before "
                            + "its window opened",
                    percent(n - missing.size(), n) + " of " + count(n, "implemented change") + " kept their window");
        }
    }

    /**
     * R-9.1g: CMDB update access strictly controlled — every CI write of the period was made under a change that
     * names the CI, or is an override by a CMDB administrator (or an engine administrator).
     */
    @Component
    static class CmdbWritesControlled implements ConformanceCheck {
        static final Set<String> PRIVILEGED = Set.of(Role.CMDB_ADMINS.groupId(), Role.ADMIN_GROUP);
        private final JdbcClient jdbc;
        private final CmdbService cmdb;
        private final IdentityService identity;
        private final EngineUser engineUser;

        CmdbWritesControlled(JdbcClient jdbc, CmdbService cmdb, IdentityService identity, EngineUser engineUser) {
            this.jdbc = jdbc;
            this.cmdb = cmdb;
            this.identity = identity;
            this.engineUser = engineUser;
        }

        @Override
        public String requirementId() {
            return "R-9.1g";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<CiHistoryEntry> entries = cmdb.historyBetween(period.from(), period.to());
            Set<String> named = new HashSet<>(jdbc.sql("select change_id || '/' || ci_id from change_ci")
                    .query(String.class).list());
            java.util.Map<String, Boolean> privileged = new java.util.HashMap<>();
            List<String> missing = new ArrayList<>();
            long underChange = 0;
            long overrides = 0;
            for (CiHistoryEntry e : entries) {
                String label = e.ciId() + " v" + e.ciVersion();
                if (e.changeRef() != null && !e.changeRef().isBlank()) {
                    underChange++;
                    if (!named.contains(e.changeRef() + "/" + e.ciId()) && e.action() != HistoryAction.SERVICE_LINKED) {
                        missing.add(label + " (under " + e.changeRef() + ", which does not name the CI)");
                    }
                } else {
                    overrides++;
                    boolean allowed = privileged.computeIfAbsent(String.valueOf(e.changedBy()), user -> engineUser.asSystem(
                            () -> identity.createGroupQuery().groupMember(user).list().stream()
                                    .anyMatch(g -> PRIVILEGED.contains(g.getId()))));
                    if (!allowed) {
                        missing.add(label + " (written by " + e.changedBy() + " without a change)");
                    }
                }
            }
            long n = entries.size();
            String figure = count(n, "CMDB write") + ": " + count(underChange) + " under a change, " + count(overrides)
                    + " without one";
            return judge(n, missing, "no CMDB writes in the period",
                    figure + "; each under a change naming the CI or by a CMDB administrator", figure);
        }
    }
}
