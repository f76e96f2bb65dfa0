package org.itsmflow.incident;

import java.util.List;

import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.platform.MailOutbox;
import org.itsmflow.servicelevel.SlaClockView;

/**
 * An incident's whole story: the record with its SLA clocks, the decisions taken on it, its journal, the mails about
 * it (the outbox rows: each journalled notification's mail with its state and the time SMTP accepted it, ADR 0013)
 * and the records linked to it (its problem, and through it the known error, the fixing change and its release;
 * complaints about it).
 */
public record IncidentView(Incident incident, List<SlaClockView> sla, List<IncidentDecision> decisions,
        List<JournalEntry> journal, List<MailOutbox.Mail> mails, List<LinkedRecords.LinkedRecord> links) {

    /** The same story with only these links (what a customer may see of them). */
    public IncidentView withLinks(List<LinkedRecords.LinkedRecord> visible) {
        return new IncidentView(incident, sla, decisions, journal, mails, visible);
    }
}
