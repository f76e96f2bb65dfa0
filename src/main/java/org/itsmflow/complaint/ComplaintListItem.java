package org.itsmflow.complaint;

import java.time.Instant;

import org.itsmflow.platform.OpenTasks.RecordTask;

/** A complaint as a list shows it, with its targets; {@code task} is its open task (null when none or hidden). */
public record ComplaintListItem(String id, String title, ComplaintStatus status, String severity, String customerId,
        String serviceId, String group, String raisedBy, int escalationLevel, Instant acknowledgeDueAt,
        Instant resolutionDueAt, Instant createdAt, Instant updatedAt, RecordTask task) {

    ComplaintListItem withTask(RecordTask open) {
        return new ComplaintListItem(id, title, status, severity, customerId, serviceId, group, raisedBy,
                escalationLevel, acknowledgeDueAt, resolutionDueAt, createdAt, updatedAt, open);
    }
}
