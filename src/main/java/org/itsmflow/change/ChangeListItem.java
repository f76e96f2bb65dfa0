package org.itsmflow.change;

import java.time.Instant;

import org.itsmflow.platform.OpenTasks.RecordTask;

/** A change as a list shows it; {@code task} is its open task (null when none or the caller may not see it). */
public record ChangeListItem(String id, String title, ChangeStatus status, String changeType, String urgency,
        String riskLevel, String changeClass, String requester, Instant plannedStart, Instant plannedEnd,
        Instant createdAt, Instant updatedAt, RecordTask task) {

    ChangeListItem withTask(RecordTask open) {
        return new ChangeListItem(id, title, status, changeType, urgency, riskLevel, changeClass, requester,
                plannedStart, plannedEnd, createdAt, updatedAt, open);
    }
}
