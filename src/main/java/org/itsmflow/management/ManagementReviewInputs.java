package org.itsmflow.management;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.itsmflow.audit.Audit;
import org.itsmflow.audit.AuditFinding;
import org.itsmflow.audit.AuditService;
import org.itsmflow.audit.AuditStatus;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeStatus;
import org.itsmflow.change.ChangeType;
import org.itsmflow.complaint.Complaint;
import org.itsmflow.complaint.ComplaintService;
import org.itsmflow.complaint.ComplaintStatus;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.IncidentStatus;
import org.itsmflow.conformance.Evidence.Verdict;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ConformanceReport;
import org.itsmflow.conformance.ConformanceReporter;
import org.itsmflow.satisfaction.SatisfactionService;
import org.itsmflow.satisfaction.SatisfactionSummary;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.SlaFigures;
import org.springframework.stereotype.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gathers what top management reviews from what the product already keeps, through each feature's public
 * service: the conformance report's summary for the period, SLA performance and breaches, incidents and major
 * incidents, failed and emergency changes, complaints and customer satisfaction, audit findings still open, the
 * improvement register by state and where the previous review's decisions stand. Each area is plain text a
 * person reads in the Tasklist form and finds again on the review record.
 */
@Component
class ManagementReviewInputs {

    /** At most this many records are named per list; the counts always cover all of them. */
    static final int MAX_LISTED = 10;
    private static final Logger log = LoggerFactory.getLogger(ManagementReviewInputs.class);
    static final int MAX_TEXT = 4000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final ConformanceReporter conformance;
    private final SlaFigures sla;
    private final IncidentService incidents;
    private final ChangeService changes;
    private final ComplaintService complaints;
    private final SatisfactionService satisfaction;
    private final AuditService audits;
    private final ImprovementRegister improvements;

    private final TransactionTemplate separately;

    ManagementReviewInputs(ConformanceReporter conformance, SlaFigures sla, IncidentService incidents,
            ChangeService changes, ComplaintService complaints, SatisfactionService satisfaction, AuditService audits,
            ImprovementRegister improvements, PlatformTransactionManager transactions) {
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.separately.setReadOnly(true);
        this.conformance = conformance;
        this.sla = sla;
        this.incidents = incidents;
        this.changes = changes;
        this.complaints = complaints;
        this.satisfaction = satisfaction;
        this.audits = audits;
        this.improvements = improvements;
    }

    /** The inputs for the period {@code [from, to)}; {@code previous} is the last review held before, if any. */
    ReviewInputs gather(Instant from, Instant to, Optional<ManagementReview> previous) {
        return new ReviewInputs(cut(conformance(from, to)), cut(sla(from, to)), cut(incidents(from, to)),
                cut(changes(from, to)), cut(customers(from, to)), cut(audits()), cut(improvements(from, to)),
                cut(previous(previous)));
    }

    /**
     * The conformance report's summary. The report runs every feature's check in a transaction of its own, so a
     * check that fails cannot spoil the review's transaction; if the report cannot be produced the text says so and
     * the review goes on.
     */
    String conformance(Instant from, Instant to) {
        ConformanceReport report;
        try {
            report = separately.execute(status -> conformance.report(new ReportPeriod(from, to)));
        } catch (RuntimeException e) {
            log.warn("Conformance report for the management review of {} failed", period(from, to), e);
            return "Conformance report " + period(from, to) + ": could not be produced (" + e.getClass().getSimpleName()
                    + "); read it at /api/conformance";
        }
        ConformanceReport.Summary s = report.summary();
        StringBuilder text = new StringBuilder("Conformance report " + period(from, to) + ": " + s.requirements()
                + " requirements; " + s.evidenced() + " with evidence (" + s.met() + " met, " + s.notMet()
                + " not met, " + s.noActivity() + " without activity); " + s.gaps() + " gaps ("
                + s.carriedNoEvidence() + " carried without evidence, " + s.notCarried() + " not carried)");
        List<String> notMet = report.rows().stream().filter(r -> r.verdict() == Verdict.NOT_MET)
                .map(r -> r.requirement().id() + ": " + r.findings().stream()
                        .filter(f -> f.evidence().verdict() == Verdict.NOT_MET).map(f -> f.evidence().figure())
                        .findFirst().orElse(""))
                .toList();
        text.append("\nNot met:").append(notMet.isEmpty() ? " none" : "\n- " + listed(notMet, "\n- "));
        List<String> gaps = report.rows().stream().filter(r -> r.status().gap())
                .map(r -> r.requirement().id() + " (" + r.status().label() + ")").toList();
        text.append("\nGaps: ").append(gaps.isEmpty() ? "none" : listed(gaps, ", "));
        return text.toString();
    }

    String sla(Instant from, Instant to) {
        List<SlaFigures.ClockOutcome> clocks = sla.stoppedBetween(null, from, to);
        StringBuilder text = new StringBuilder("SLA clocks stopped in the period: " + clocks.size());
        for (ClockKind kind : ClockKind.values()) {
            List<SlaFigures.ClockOutcome> k = clocks.stream().filter(c -> c.kind() == kind).toList();
            if (!k.isEmpty()) {
                long met = k.stream().filter(SlaFigures.ClockOutcome::met).count();
                text.append("\n").append(label(kind)).append(" targets: ").append(met).append(" of ").append(k.size())
                        .append(" met (").append(percent(met, k.size())).append(")");
            }
        }
        List<SlaFigures.BreachRecord> breaches = sla.breachesBetween(null, from, to);
        text.append("\nBreaches recorded: ").append(breaches.size());
        if (!breaches.isEmpty()) {
            text.append(" (by service: ").append(counts(breaches, b -> b.serviceId())).append(")");
            text.append("\n").append(listed(breaches.stream()
                    .map(b -> b.recordId() + " " + label(b.kind()).toLowerCase() + " " + b.priority()).toList(), ", "));
        }
        return text.toString();
    }

    String incidents(Instant from, Instant to) {
        List<Incident> reported = incidents.reportedBetween(null, from, to);
        StringBuilder text = new StringBuilder("Incidents reported: " + reported.size());
        if (!reported.isEmpty()) {
            text.append(" (by priority: ").append(counts(reported, i -> i.priority() == null ? "none" : i.priority()))
                    .append("; still open: ").append(reported.stream().filter(i -> i.status() != IncidentStatus.RESOLVED
                            && i.status() != IncidentStatus.CLOSED).count())
                    .append("; security incidents: ")
                    .append(reported.stream().filter(Incident::securityIncident).count())
                    .append(")");
        }
        List<Incident> major = reported.stream().filter(Incident::majorIncident).toList();
        text.append("\nMajor incidents: ").append(major.size());
        if (!major.isEmpty()) {
            text.append("\n").append(listed(major.stream().map(i -> i.id() + " " + i.title() + " ["
                    + i.status().name().toLowerCase() + "]").toList(), "\n"));
        }
        return text.toString();
    }

    String changes(Instant from, Instant to) {
        List<Change> requested = changes.requestedBetween(from, to);
        List<Change> failed = requested.stream().filter(ManagementReviewInputs::failed).toList();
        List<Change> emergency = requested.stream().filter(c -> c.changeType() == ChangeType.EMERGENCY
                || "EMERGENCY".equals(c.changeClass())).toList();
        StringBuilder text = new StringBuilder("Changes requested: " + requested.size());
        if (!requested.isEmpty()) {
            text.append(" (implemented or closed: ").append(requested.stream().filter(c -> c.status()
                    == ChangeStatus.IMPLEMENTED || c.status() == ChangeStatus.CLOSED).count())
                    .append("; rejected: ").append(requested.stream().filter(c -> c.status() == ChangeStatus.REJECTED)
                            .count()).append(")");
        }
        text.append("\nFailed or backed out: ").append(failed.size());
        if (!failed.isEmpty()) {
            text.append(" – ").append(listed(failed.stream().map(c -> c.id() + " " + c.title()).toList(), "; "));
        }
        text.append("\nEmergency changes: ").append(emergency.size());
        if (!emergency.isEmpty()) {
            text.append(" – ").append(listed(emergency.stream().map(c -> c.id() + " " + c.title()).toList(), "; "));
        }
        return text.toString();
    }

    /** Failed as the service reports count it: failed or backed out, or reviewed as such. */
    static boolean failed(Change c) {
        return c.status() == ChangeStatus.FAILED || c.status() == ChangeStatus.BACKED_OUT
                || "BACKED_OUT".equals(c.reviewOutcome()) || "FAILED".equals(c.reviewOutcome());
    }

    String customers(Instant from, Instant to) {
        List<Complaint> raised = complaints.raisedBetween(null, from, to);
        StringBuilder text = new StringBuilder("Complaints raised: " + raised.size());
        if (!raised.isEmpty()) {
            text.append(" (formal: ").append(raised.stream().filter(c -> Boolean.TRUE.equals(c.formal())).count())
                    .append("; still open: ").append(raised.stream().filter(c -> c.status() != ComplaintStatus.CLOSED)
                            .count())
                    .append("; escalated: ").append(raised.stream().filter(c -> c.escalationLevel() > 0).count())
                    .append(")\n").append(listed(raised.stream().map(c -> c.id() + " [" + c.status().name()
                            .toLowerCase() + "] " + c.title()).toList(), "\n"));
        }
        List<SatisfactionSummary> answers = satisfaction.summary(from, to);
        int total = answers.stream().mapToInt(SatisfactionSummary::answers).sum();
        text.append("\nCustomer satisfaction: ");
        if (total == 0) {
            text.append("no survey answers in the period");
        } else {
            double weighted = answers.stream().filter(a -> a.averageScore() != null)
                    .mapToDouble(a -> a.averageScore().doubleValue() * a.answers()).sum() / total;
            text.append(total).append(" answers, average ").append(String.format(java.util.Locale.ENGLISH, "%.2f",
                    weighted)).append(" of 5, ").append(answers.stream().mapToInt(SatisfactionSummary::lowScores).sum())
                    .append(" low scores");
        }
        return text.toString();
    }

    String audits() {
        List<AuditFinding> open = new ArrayList<>();
        List<String> auditIds = new ArrayList<>();
        for (AuditStatus status : EnumSet.complementOf(EnumSet.of(AuditStatus.CLOSED))) {
            for (Audit audit : audits.audits(null, status, 1000)) {
                if (!audit.findings().isEmpty()) {
                    auditIds.add(audit.id());
                    open.addAll(audit.findings());
                }
            }
        }
        if (open.isEmpty()) {
            return "Open audit findings: none";
        }
        open.sort(Comparator.comparing(AuditFinding::severity).thenComparing(AuditFinding::id));
        return "Open audit findings: " + open.size() + " in " + auditIds.size()
                + " audits not yet closed (by severity: "
                + counts(open, f -> f.severity().name()) + ")\n" + listed(open.stream().map(f -> f.id() + " "
                + f.severity() + (f.requirementId() == null ? "" : " " + f.requirementId()) + ": " + f.description()
                + (f.improvementId() == null ? "" : " → " + f.improvementId())).toList(), "\n");
    }

    String improvements(Instant from, Instant to) {
        List<ImprovementItem> relevant = improvements.relevantTo(null, from, to);
        Map<String, Long> byState = new LinkedHashMap<>();
        ImprovementRegister.STATUSES.forEach(s -> byState.put(s, 0L));
        relevant.forEach(i -> byState.merge(i.status(), 1L, Long::sum));
        long open = relevant.stream().filter(i -> !i.closed()).count();
        return "Improvement items open during the period: " + relevant.size() + " (still open: " + open
                + ")\nBy state now: " + byState.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))
                + "\nHigh priority still open: " + listed(relevant.stream()
                .filter(i -> !i.closed() && "HIGH".equals(i.priority())).map(i -> i.id() + " " + i.title()).toList(),
                "; ", "none");
    }

    String previous(Optional<ManagementReview> previous) {
        if (previous.isEmpty()) {
            return "Previous management review: none recorded";
        }
        ManagementReview p = previous.get();
        StringBuilder text = new StringBuilder("Previous management review: " + p.id() + " held "
                + DAY.format(p.heldAt()) + " (" + p.decisions().size() + " decisions)");
        for (ManagementReviewDecision d : p.decisions()) {
            String state = d.improvementId() == null ? "no improvement item" : improvements.find(d.improvementId())
                    .map(i -> i.id() + " " + i.status()).orElse(d.improvementId() + " not found");
            text.append("\n").append(d.line()).append(". ").append(d.decision()).append(" → ").append(state);
        }
        return text.toString();
    }

    static String period(Instant from, Instant to) {
        return DAY.format(from) + " to " + DAY.format(to.minusSeconds(1));
    }

    private static String label(ClockKind kind) {
        return kind.name().charAt(0) + kind.name().substring(1).toLowerCase();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "–" : (part * 100 / whole) + " %";
    }

    private static <T> String counts(List<T> items, Function<T, String> key) {
        Map<String, Long> counts = new TreeMap<>(items.stream().collect(Collectors.groupingBy(key,
                Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String listed(List<String> items, String separator) {
        return listed(items, separator, "");
    }

    private static String listed(List<String> items, String separator, String none) {
        if (items.isEmpty()) {
            return none;
        }
        String shown = items.stream().limit(MAX_LISTED).collect(Collectors.joining(separator));
        return items.size() > MAX_LISTED ? shown + separator + "… and " + (items.size() - MAX_LISTED) + " more"
                : shown;
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
