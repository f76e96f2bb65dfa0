package org.itsmflow.incident;

import java.time.Instant;

import org.itsmflow.platform.OpenTasks.RecordTask;
import org.itsmflow.servicelevel.SlaSummary;

/**
 * An incident as a queue shows it: what it is, where it stands, who has it, and its SLA state.
 *
 * @param assignee the assignee of its open task (null when unclaimed or none is open)
 * @param sla the state of its SLA clocks now (null when it has none)
 * @param task its open task, to open in Tasklist (null when none is open or the caller may not see it)
 */
public record IncidentListItem(String id, String title, IncidentStatus status, String priority, String serviceId,
        String ciId, String group, String assignee, String reportedBy, Instant createdAt, Instant updatedAt,
        SlaSummary sla, RecordTask task) {
}
