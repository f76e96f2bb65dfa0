package org.itsmflow.audit;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.stereotype.Component;

/** The audits' evidence for the conformance report (R-4.3a, R-4.3b, R-9.1i), computed live from records and history. */
final class AuditConformance {

    /** At most this many shortfalls are listed. */
    static final int MAX_SHORTFALLS = 20;
    static final Set<AuditStatus> HELD = Set.of(AuditStatus.REPORTED, AuditStatus.RESPONDED, AuditStatus.CLOSED);

    private AuditConformance() {
    }

    /**
     * R-4.3a: an audit programme exists whose lines each name criteria, scope (process area), frequency and method,
     * and the audits it made due in the period were held (reported). A due date without a reported audit is a
     * shortfall ({@code APG-000001 due 2027-01-15: no audit reported}).
     */
    @Component
    static class ProgrammeHeld implements ConformanceCheck {
        private final AuditService audits;

        ProgrammeHeld(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public String requirementId() {
            return "R-4.3a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<AuditProgramme> programme = audits.programmes().stream().filter(AuditProgramme::active).toList();
            if (programme.isEmpty()) {
                return Evidence.notMet("no active audit programme", List.of("no audit programme line is active"));
            }
            List<String> shortfalls = new ArrayList<>();
            int due = 0;
            int held = 0;
            for (AuditProgramme line : programme) {
                if (blank(line.criteria()) || blank(line.method()) || line.processArea() == null
                        || blank(line.frequency())) {
                    shortfalls.add(line.id() + ": criteria, scope, frequency or method missing");
                }
                List<Audit> answered = audits.auditsDue(line.id(), period.from(), period.to());
                for (Instant dueAt : dueDates(line, period)) {
                    due++;
                    boolean reported = answered.stream().anyMatch(a -> dueAt.equals(a.dueAt()) && HELD.contains(a.status()));
                    if (reported) {
                        held++;
                    } else {
                        shortfalls.add(line.id() + " due " + dueAt.toString().substring(0, 10) + ": "
                                + answered.stream().filter(a -> dueAt.equals(a.dueAt())).map(a -> a.id() + " "
                                        + a.status().name().toLowerCase()).findFirst().orElse("no audit started"));
                    }
                }
            }
            String figure = programme.size() + " programme line(s) covering "
                    + programme.stream().map(p -> p.processArea().code()).distinct().sorted().toList()
                    + "; " + held + " of " + due + " audit(s) due in the period reported";
            if (!shortfalls.isEmpty()) {
                return Evidence.notMet(figure, shortfalls.stream().limit(MAX_SHORTFALLS).toList());
            }
            return Evidence.met(figure);
        }

        /** The programme line's due dates inside the period: its next due date stepped back by the frequency. */
        static List<Instant> dueDates(AuditProgramme line, ReportPeriod period) {
            Period frequency = AuditService.frequency(line.frequency());
            List<Instant> dates = new ArrayList<>();
            Instant at = AuditService.minus(line.nextDue(), frequency);
            // due dates before the line existed were never due
            while (!at.isBefore(period.from()) && !at.isBefore(line.createdAt()) && dates.size() < 1000) {
                if (period.contains(at)) {
                    dates.add(at);
                }
                at = AuditService.minus(at, frequency);
            }
            return dates;
        }
    }

    /**
     * R-4.3b: no auditor audited their own work. Every audit of the period is re-checked against the rule: its lead
     * auditor and every person assigned to one of its auditor tasks (engine history) must have had no part in the
     * audited area during the audited period — with what the history shows now, so work recorded after the auditor
     * was chosen is caught too.
     */
    @Component
    static class NoOwnWork implements ConformanceCheck {
        private final AuditService audits;
        private final HistoryService history;
        private final EngineUser engineUser;

        NoOwnWork(AuditService audits, HistoryService history, EngineUser engineUser) {
            this.audits = audits;
            this.history = history;
            this.engineUser = engineUser;
        }

        @Override
        public String requirementId() {
            return "R-4.3b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Audit> inPeriod = audits.auditsCreated(period.from(), period.to());
            if (inPeriod.isEmpty()) {
                return Evidence.noActivity("no audit in the period");
            }
            List<String> violations = new ArrayList<>();
            int people = 0;
            for (Audit audit : inPeriod) {
                for (String auditor : auditors(audit)) {
                    people++;
                    List<String> ownWork = audits.ownWork(audit, auditor);
                    if (!ownWork.isEmpty()) {
                        violations.add(audit.id() + ": " + auditor + " " + ownWork.get(0));
                    }
                }
            }
            String figure = inPeriod.size() + " audit(s), " + people + " auditor assignment(s) re-checked against "
                    + "the engine history; " + violations.size() + " audited their own work";
            return violations.isEmpty() ? Evidence.met(figure)
                    : Evidence.notMet(figure, violations.stream().limit(MAX_SHORTFALLS).toList());
        }

        /** The lead auditor and everyone assigned to one of the audit's auditor tasks. */
        Set<String> auditors(Audit audit) {
            Set<String> auditors = new LinkedHashSet<>();
            if (audit.leadAuditor() != null) {
                auditors.add(audit.leadAuditor());
            }
            if (audit.processInstanceId() != null) {
                engineUser.asSystem(() -> history.createHistoricTaskInstanceQuery()
                                .processInstanceId(audit.processInstanceId()).list())
                        .stream().filter(t -> AuditorIndependence.AUDITOR_TASKS.contains(t.getTaskDefinitionKey()))
                        .map(HistoricTaskInstance::getAssignee).filter(a -> a != null).forEach(auditors::add);
            }
            return auditors;
        }
    }

    /**
     * R-9.1i: configuration audits were held in the period; they recorded deficiencies, every deficiency has its
     * corrective action (an improvement item) once the audit is reported. Audits still open are counted, not judged.
     */
    @Component
    static class ConfigurationAudits implements ConformanceCheck {
        private final AuditService audits;

        ConfigurationAudits(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public String requirementId() {
            return "R-9.1i";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<Audit> held = audits.auditsCreated(period.from(), period.to()).stream()
                    .filter(a -> a.processArea() == ProcessArea.CONFIGURATION).toList();
            if (held.isEmpty()) {
                return Evidence.noActivity("no configuration audit in the period");
            }
            List<String> shortfalls = new ArrayList<>();
            int deficiencies = 0;
            int reported = 0;
            for (Audit audit : held) {
                deficiencies += audit.findings().size();
                if (HELD.contains(audit.status())) {
                    reported++;
                    audit.findings().stream().filter(f -> f.improvementId() == null)
                            .forEach(f -> shortfalls.add(audit.id() + " " + f.id() + ": no corrective action"));
                }
            }
            String figure = held.size() + " configuration audit(s), " + reported + " reported (the others still "
                    + "open), " + deficiencies
                    + " deficienc" + (deficiencies == 1 ? "y" : "ies") + " recorded";
            return shortfalls.isEmpty() ? Evidence.met(figure)
                    : Evidence.notMet(figure, shortfalls.stream().limit(MAX_SHORTFALLS).toList());
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
