package org.itsmflow.change;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;
import static org.itsmflow.conformance.Figures.percent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.ServiceStatus;
import org.itsmflow.servicelevel.Sla;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence that change management controls what the standard puts under it besides the CMDB: the service
 * catalogue (R-5a, R-5b), the SLAs (R-6.1b), the assessment of continuity and security impact (R-6.3b, R-6.6a),
 * costs and impact analysis over the CI relationships (R-9.1c). Read from the change records, their service
 * updates and journal, and (through {@link ServiceCatalog}) the service catalogue and SLA store. Each nested class is
 * one {@link ConformanceCheck} bean for one requirement id.
 */
final class ChangeControlConformanceCheck {

    /** The types whose implementation writes the service catalogue (R-5a). */
    static final Set<String> SERVICE_TYPES = Set.of(ChangeType.NEW_SERVICE.name(), ChangeType.RETIRE_SERVICE.name());
    /** Routes on which nobody assesses the change individually: pre-approved standard changes. */
    static final String PRE_APPROVED = "PRE_APPROVED";

    private ChangeControlConformanceCheck() {
    }

    /** One change with its service update (if any) and the first time its journal shows each step. */
    record Row(String id, String type, String route, String status, String decidedBy, BigDecimal costEstimate,
            Integer dependentCount, String securityImpact, String continuityImpact, String reviewOutcome,
            String backoutNote, Instant requestedAt, Instant approvedAt, Instant implementedAt, String serviceId,
            String slaId, Instant serviceAppliedAt, Instant impactAnalysedAt, Instant assessedAt,
            Instant assessmentDeferredAt) {

        boolean backedOut() {
            return backoutNote != null || ChangeStatus.BACKED_OUT.name().equals(status)
                    || ChangeStatus.FAILED.name().equals(status);
        }
    }

    static List<Row> rows(JdbcClient jdbc, String timeColumn, ReportPeriod period) {
        return jdbc.sql("""
                        select c.id, c.change_type, c.approval_route, c.status, c.decided_by, c.cost_estimate,
                            c.dependent_count, c.security_impact, c.continuity_impact, c.review_outcome, c.backout_note,
                            c.requested_at, c.approved_at, c.implemented_at,
                            u.service_id, u.sla_id, u.applied_at as service_applied_at,
                            (select min(j.at) from change_journal j where j.change_id = c.id
                                and j.code = 'IMPACT_ANALYSED') as impact_analysed_at,
                            (select min(j.at) from change_journal j where j.change_id = c.id
                                and j.code = 'ASSESSED') as assessed_at,
                            (select min(j.at) from change_journal j where j.change_id = c.id
                                and j.code = 'ASSESSMENT_AFTER_IMPLEMENTATION') as assessment_deferred_at
                        from change_request c left join change_service_update u on u.change_id = c.id
                        where c.%1$s >= ? and c.%1$s < ? order by c.id""".formatted(timeColumn))
                .params(utc(period.from()), utc(period.to()))
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("change_type"),
                        rs.getString("approval_route"), rs.getString("status"), rs.getString("decided_by"),
                        rs.getBigDecimal("cost_estimate"), (Integer) rs.getObject("dependent_count"),
                        rs.getString("security_impact"), rs.getString("continuity_impact"),
                        rs.getString("review_outcome"), rs.getString("backout_note"), instant(rs, "requested_at"),
                        instant(rs, "approved_at"), instant(rs, "implemented_at"), rs.getString("service_id"),
                        rs.getString("sla_id"), instant(rs, "service_applied_at"), instant(rs, "impact_analysed_at"),
                        instant(rs, "assessed_at"), instant(rs, "assessment_deferred_at")))
                .list();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Implemented changes carry their update into the catalogue; backed-out ones must not. */
    static String applicationShortfall(Row c) {
        if (c.implementedAt() == null) {
            return null;
        }
        if (!c.backedOut() && c.serviceAppliedAt() == null) {
            return c.id() + " (implemented, but its update of " + c.serviceId() + " was not applied)";
        }
        if (c.backedOut() && c.serviceAppliedAt() != null) {
            return c.id() + " (backed out, but its update of " + c.serviceId() + " stayed applied)";
        }
        return null;
    }

    /**
     * R-5a: new and retired services are planned and approved through formal change management. Counts the
     * NEW_SERVICE and RETIRE_SERVICE changes requested in the period; each must have gone the CAB route (the
     * ChangeClassification table sends them there), and one implemented must have applied its catalogue update (a
     * backed-out one must not have). Beyond the period, every RETIRED service in the catalogue must have been retired
     * by an implemented RETIRE_SERVICE change — the catalogue keeps no dates, so a retirement outside change
     * management is named in every period until it is put right. Services that exist without a NEW_SERVICE change
     * cannot be told apart from the seed catalogue (no creation date is kept) and are not judged.
     */
    @Component
    static class ServicesThroughChange implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ServiceCatalog catalog;

        ServicesThroughChange(JdbcClient jdbc, ServiceCatalog catalog) {
            this.jdbc = jdbc;
            this.catalog = catalog;
        }

        @Override
        public String requirementId() {
            return "R-5a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> changes = rows(jdbc, "requested_at", period).stream()
                    .filter(c -> SERVICE_TYPES.contains(c.type())).toList();
            List<String> shortfalls = new ArrayList<>();
            long introduced = 0;
            long retired = 0;
            for (Row c : changes) {
                if (c.route() != null && !"CAB".equals(c.route())) {
                    shortfalls.add(c.id() + " (" + c.type() + " decided on route " + c.route() + ", not by the CAB)");
                }
                String application = applicationShortfall(c);
                if (application != null) {
                    shortfalls.add(application);
                } else if (c.serviceAppliedAt() != null && !c.backedOut()) {
                    if (ChangeType.NEW_SERVICE.name().equals(c.type())) {
                        introduced++;
                    } else {
                        retired++;
                    }
                }
            }
            List<String> retiredByChange = jdbc.sql("""
                    select u.service_id from change_service_update u join change_request c on c.id = u.change_id
                    where c.change_type = 'RETIRE_SERVICE' and u.applied_at is not null""").query(String.class).list();
            for (BusinessService service : catalog.findAll()) {
                if (service.status() == ServiceStatus.RETIRED && !retiredByChange.contains(service.id())) {
                    shortfalls.add(service.id() + " (retired without an implemented RETIRE_SERVICE change)");
                }
            }
            long n = changes.size();
            String figure = count(n, "new or retired-service change") + " requested; " + count(introduced)
                    + " service(s) introduced and " + count(retired) + " retired through them";
            return judge(n, shortfalls, "no new or retired-service change requested in the period; no service "
                            + "retired outside change management",
                    figure + "; each approved by the CAB, and no service retired outside change management",
                    figure + "; " + count(shortfalls.size(), "shortfall"));
        }
    }

    /**
     * R-5b: a new or retired service is accepted before it goes live and its outcome is reported against the plan
     * afterwards. Counts the NEW_SERVICE and RETIRE_SERVICE changes implemented (or backed out) in the period: each
     * must have been approved before its implementation (the provider's acceptance: the CAB decision; the product has
     * no separate acceptance test of a service) and must carry a post-implementation review outcome (AS_PLANNED,
     * DEVIATED or FAILED — the outcome against the plan).
     */
    @Component
    static class ServiceChangesAcceptedAndReviewed implements ConformanceCheck {
        private final JdbcClient jdbc;

        ServiceChangesAcceptedAndReviewed(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-5b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period).stream()
                    .filter(c -> SERVICE_TYPES.contains(c.type())).toList();
            List<String> shortfalls = new ArrayList<>();
            Map<String, Long> outcomes = new TreeMap<>();
            for (Row c : implemented) {
                if (c.approvedAt() == null || c.approvedAt().isAfter(c.implementedAt())) {
                    shortfalls.add(c.id() + " (went live without being accepted beforehand)");
                }
                if (blank(c.reviewOutcome())) {
                    shortfalls.add(c.id() + " (outcome not reviewed against the plan)");
                } else {
                    outcomes.merge(c.reviewOutcome(), 1L, Long::sum);
                }
            }
            long n = implemented.size();
            String figure = count(n, "new or retired-service change") + " implemented; outcomes reviewed "
                    + (outcomes.isEmpty() ? "none" : outcomes.toString());
            return judge(n, shortfalls, "no new or retired-service change implemented in the period",
                    figure + "; each accepted by the CAB before going live and reviewed against its plan",
                    figure + "; " + count(shortfalls.size(), "shortfall"));
        }
    }

    /**
     * R-6.1b: SLAs are under change control. Counts the SLA_CHANGE changes implemented in the period: each must have
     * been approved by the CAB before implementation and, unless backed out, applied to the SLA store. Beyond the
     * period, each SLA's version (raised by every target edit) must equal 1 plus its implemented SLA changes — an SLA
     * at a higher version was edited outside change control (the SLA store keeps no edit dates, so such an SLA is
     * named in every period until put right).
     */
    @Component
    static class SlaChangesUnderControl implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final ServiceCatalog catalog;

        SlaChangesUnderControl(JdbcClient jdbc, ServiceCatalog catalog) {
            this.jdbc = jdbc;
            this.catalog = catalog;
        }

        @Override
        public String requirementId() {
            return "R-6.1b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period).stream()
                    .filter(c -> ChangeType.SLA_CHANGE.name().equals(c.type())).toList();
            List<String> shortfalls = new ArrayList<>();
            for (Row c : implemented) {
                if (c.approvedAt() == null || c.approvedAt().isAfter(c.implementedAt()) || !"CAB".equals(c.route())) {
                    shortfalls.add(c.id() + " (SLA change not approved by the CAB before implementation)");
                }
                String application = applicationShortfall(c);
                if (application != null) {
                    shortfalls.add(application);
                }
            }
            Map<String, Long> applied = new HashMap<>();
            jdbc.sql("""
                    select u.sla_id, count(*) from change_service_update u join change_request c on c.id = u.change_id
                    where c.change_type = 'SLA_CHANGE' and u.applied_at is not null group by u.sla_id""")
                    .query(rs -> {
                        applied.put(rs.getString(1), rs.getLong(2));
                    });
            long slas = 0;
            for (BusinessService service : catalog.findAll()) {
                for (Sla sla : catalog.slasOf(service.id())) {
                    slas++;
                    long changes = applied.getOrDefault(sla.id(), 0L);
                    if (sla.version() > 1 + changes) {
                        shortfalls.add(sla.id() + " (at version " + sla.version() + " after " + count(changes,
                                "implemented SLA change") + ": edited outside change control)");
                    }
                }
            }
            long n = implemented.size();
            String figure = count(n, "SLA change") + " implemented in the period; " + count(slas, "SLA")
                    + " in the store";
            return judge(n, shortfalls, "no SLA change implemented in the period; every SLA version accounted for "
                            + "by an implemented change",
                    figure + "; each change approved by the CAB and applied, every SLA version accounted for by an "
                            + "implemented change",
                    figure + "; " + count(shortfalls.size(), "shortfall"));
        }
    }

    /**
     * The shared rule of R-6.3b and R-6.6a: every change implemented in the period had the given impact assessed and
     * recorded (journal entry ASSESSED) before implementation. Pre-approved standard changes are assessed as a class
     * by the ChangeRisk and ChangeClassification tables, not one by one: they are counted apart and not judged.
     * Emergency changes (route ECAB) are assessed before the ECAB vote, or after implementation only where the
     * ChangeClassification decision allowed it (journal entry ASSESSMENT_AFTER_IMPLEMENTATION); the figure names which
     * were assessed before and which retrospectively. One allowed afterwards but not yet assessed falls short until it
     * is.
     */
    abstract static class ImpactAssessed implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final String what;

        ImpactAssessed(JdbcClient jdbc, String what) {
            this.jdbc = jdbc;
            this.what = what;
        }

        abstract String impact(Row c);

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> implemented = rows(jdbc, "implemented_at", period);
            List<String> shortfalls = new ArrayList<>();
            List<String> emergencyBefore = new ArrayList<>();
            List<String> emergencyAfter = new ArrayList<>();
            long preApproved = 0;
            for (Row c : implemented) {
                boolean emergency = "ECAB".equals(c.route());
                boolean mayBeLate = emergency && c.assessmentDeferredAt() != null;
                if (PRE_APPROVED.equals(c.route())) {
                    preApproved++;
                } else if (blank(impact(c))) {
                    shortfalls.add(c.id() + (mayBeLate ? " (emergency change: no " + what + " impact assessment "
                            + "recorded after implementation yet)" : " (no " + what + " impact assessment recorded)"));
                } else if (c.assessedAt() == null || c.assessedAt().isAfter(c.implementedAt())) {
                    if (mayBeLate) {
                        emergencyAfter.add(c.id());
                    } else {
                        shortfalls.add(c.id() + " (" + what + " impact assessed only after implementation)");
                    }
                } else if (emergency) {
                    emergencyBefore.add(c.id());
                }
            }
            long judged = implemented.size() - preApproved;
            String figure = percent(judged - shortfalls.size(), judged) + " of " + count(judged,
                    "assessed change") + " implemented with their " + what + " impact recorded beforehand or, "
                    + "for emergency changes, afterwards where their route allowed it; emergency changes assessed "
                    + "before implementation: " + named(emergencyBefore) + ", retrospectively: "
                    + named(emergencyAfter) + "; " + count(preApproved, "pre-approved standard change") + " besides";
            return judge(judged, shortfalls, "no change implemented in the period that needed an assessment ("
                            + count(preApproved, "pre-approved standard change") + ")",
                    figure, figure);
        }

        private static String named(List<String> ids) {
            return ids.isEmpty() ? "0" : count(ids.size()) + " (" + String.join(", ", ids) + ")";
        }
    }

    /** R-6.3b: changes are assessed for their impact on continuity and availability before implementation. */
    @Component
    static class ContinuityImpactAssessed extends ImpactAssessed {
        ContinuityImpactAssessed(JdbcClient jdbc) {
            super(jdbc, "continuity");
        }

        @Override
        public String requirementId() {
            return "R-6.3b";
        }

        @Override
        String impact(Row c) {
            return c.continuityImpact();
        }
    }

    /** R-6.6a: changes are assessed for their impact on the security controls before implementation. */
    @Component
    static class SecurityImpactAssessed extends ImpactAssessed {
        SecurityImpactAssessed(JdbcClient jdbc) {
            super(jdbc, "security");
        }

        @Override
        public String requirementId() {
            return "R-6.6a";
        }

        @Override
        String impact(Row c) {
            return c.securityImpact();
        }
    }

    /**
     * the part the product keeps: changes are costed and approved through change management. Counts the
     * changes approved in the period; each must carry its cost estimate, and the figure gives the total approved.
     * Budgets per service, the apportionment of costs and spend against budget are not kept by the product: this
     * check does not and cannot show them.
     */
    @Component
    static class ChangesCosted implements ConformanceCheck {
        private final JdbcClient jdbc;

        ChangesCosted(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-6.4";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> approved = rows(jdbc, "approved_at", period);
            List<String> shortfalls = approved.stream().filter(c -> c.costEstimate() == null)
                    .map(c -> c.id() + " (approved without a cost estimate)").toList();
            BigDecimal total = approved.stream().map(Row::costEstimate).filter(java.util.Objects::nonNull)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            long n = approved.size();
            String figure = count(n, "change") + " approved through change management, estimated cost "
                    + String.format(Locale.ENGLISH, "%,.2f", total) + " (budgets and spend per service are not kept)";
            return judge(n, shortfalls, "no change approved in the period", figure + "; every one costed",
                    figure + "; " + count(shortfalls.size(), "change") + " not costed");
        }
    }

    /**
     * R-9.1c: the impact of a requested change on the configuration is given to change management. Counts the
     * changes approved in the period; each must have had its impact analysis over the CI relationships recorded (the
     * dependents it counted and the journal entry IMPACT_ANALYSED) before the approval.
     */
    @Component
    static class ImpactAnalysedBeforeApproval implements ConformanceCheck {
        private final JdbcClient jdbc;

        ImpactAnalysedBeforeApproval(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.1c";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Row> approved = rows(jdbc, "approved_at", period);
            List<String> shortfalls = new ArrayList<>();
            long dependents = 0;
            for (Row c : approved) {
                if (c.dependentCount() == null || c.impactAnalysedAt() == null) {
                    shortfalls.add(c.id() + " (approved without a recorded impact analysis)");
                } else if (c.impactAnalysedAt().isAfter(c.approvedAt())) {
                    shortfalls.add(c.id() + " (impact analysed only after approval)");
                } else {
                    dependents += c.dependentCount();
                }
            }
            long n = approved.size();
            String figure = percent(n - shortfalls.size(), n) + " of " + count(n, "approved change")
                    + " with the impact on the configuration analysed before approval (" + count(dependents)
                    + " dependent CIs and services shown to approvers)";
            return judge(n, shortfalls, "no change approved in the period", figure, figure);
        }
    }
}
