package org.itsmflow.incident;

import java.time.Instant;
import java.util.List;

import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.servicelevel.SlaClockView;

/**
 * The incident as the API shows it, with its whole story: SLA clocks, decisions, journal, mails and linked records.
 */
record IncidentResponse(String id, String title, String description, String status, String priority,
        String priorityReason, String assignmentGroup, boolean securityIncident, boolean majorIncident,
        String classificationReason, String serviceId, String ciId, String category, String impact, String urgency,
        String reportedBy, Instant reportedAt, Instant resolvedAt, String resolutionNote, Instant closedAt,
        String closureCode, int reopenCount, String processInstanceId, Sla sla, List<IncidentDecision> decisions,
        List<JournalEntry> journal, List<Mail> mails, List<LinkedRecords.LinkedRecord> links) {

    /** A mail about the incident: what the journal's "Queued as mail N" refers to, and whether SMTP accepted it. */
    record Mail(long id, String code, List<String> recipients, String subject, Instant createdAt, String state,
            int attempts, Instant sentAt, String lastError) {
    }

    /** The response and resolution clocks in brief. */
    record Sla(Instant responseDueAt, Instant resolutionDueAt, Instant resolutionWarningAt, boolean breached,
            List<SlaClockView> clocks) {
    }

    static IncidentResponse of(IncidentView view) {
        Incident i = view.incident();
        Instant responseDue = null;
        Instant resolutionDue = null;
        Instant warning = null;
        boolean breached = false;
        for (SlaClockView clock : view.sla()) {
            breached |= clock.breached();
            switch (clock.kind()) {
                case RESPONSE -> responseDue = clock.dueAt();
                case RESOLUTION -> {
                    resolutionDue = clock.dueAt();
                    warning = clock.warningAt();
                }
            }
        }
        return new IncidentResponse(i.id(), i.title(), i.description(), i.status().name(), i.priority(),
                i.priorityReason(), i.assignmentGroup(), i.securityIncident(), i.majorIncident(),
                i.classificationReason(), i.serviceId(), i.ciId(), i.category(), i.impact(), i.urgency(),
                i.reportedBy(), i.reportedAt(), i.resolvedAt(), i.resolutionNote(), i.closedAt(), i.closureCode(),
                i.reopenCount(), i.processInstanceId(), new Sla(responseDue, resolutionDue, warning, breached, view.sla()),
                view.decisions(), view.journal(), view.mails().stream().map(m -> new Mail(m.id(), m.code(),
                        m.recipients(), m.subject(), m.createdAt(), m.state(), m.attempts(), m.sentAt(), m.lastError()))
                        .toList(), view.links());
    }
}
