package org.itsmflow.incident;

import java.util.List;

import org.itsmflow.servicelevel.SlaClockView;

/** An incident with its SLA clocks, the decisions taken on it and its journal. */
public record IncidentView(Incident incident, List<SlaClockView> sla, List<IncidentDecision> decisions,
        List<JournalEntry> journal) {
}
