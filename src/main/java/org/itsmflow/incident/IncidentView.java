package org.itsmflow.incident;

import java.util.List;

import org.itsmflow.platform.MailOutbox;
import org.itsmflow.servicelevel.SlaClockView;

/**
 * An incident with its SLA clocks, the decisions taken on it, its journal and the mails about it (the outbox rows:
 * each journalled notification's mail with its state and the time SMTP accepted it, ADR 0013).
 */
public record IncidentView(Incident incident, List<SlaClockView> sla, List<IncidentDecision> decisions,
        List<JournalEntry> journal, List<MailOutbox.Mail> mails) {
}
