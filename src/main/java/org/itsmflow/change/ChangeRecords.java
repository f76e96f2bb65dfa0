package org.itsmflow.change;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.itsmflow.platform.LinkedRecords;

/** The small records around a change: its CIs, votes, conflicts, journal and the view the API returns. */
final class ChangeRecords {
    private ChangeRecords() {
    }
}

/** A CI the change affects and what it will set on it (field -> new value); appliedAt once implemented. */
record ChangeCi(String ciId, Map<String, Object> updates, Instant appliedAt) {
}

/** One CAB or ECAB member's vote (R-9.2d). */
record ChangeVote(String voter, String vote, String comment, Instant votedAt) {
}

/** A freeze window of the forward schedule. */
record FreezeWindow(String id, String name, Instant startsAt, Instant endsAt) {
}

/**
 * A schedule conflict (R-9.2g): another approved or scheduled change whose window overlaps on the same or a related
 * CI ({@code kind} CHANGE), or a freeze window ({@code kind} FREEZE).
 */
record Conflict(String kind, String ref, String title, Instant startsAt, Instant endsAt, String reason) {
    String describe() {
        return ref + " " + title + " (" + startsAt + " – " + endsAt + "): " + reason;
    }
}

/** One journal line: a state change, a decision, a vote, a CMDB update, a notification. */
record ChangeJournalEntry(Instant at, String actor, String kind, String code, String text) {
}

/**
 * A change with everything around it ({@code GET /api/changes/{id}}), the records linked to it included: the problem
 * it fixes and that problem's incidents and known error, the release that deploys it, complaints about it.
 */
record ChangeView(Change change, List<ChangeCi> cis, ServiceUpdate serviceUpdate, List<Conflict> conflicts,
        List<ChangeVote> votes, List<ChangeJournalEntry> journal, List<LinkedRecords.LinkedRecord> links) {

    /** The same view with only these links (what a customer may see of them). */
    ChangeView withLinks(List<LinkedRecords.LinkedRecord> visible) {
        return new ChangeView(change, cis, serviceUpdate, conflicts, votes, journal, visible);
    }
}

/** One entry of the forward schedule of change (R-9.2g). */
record ScheduledChange(String id, String title, ChangeType changeType, String changeClass, String riskLevel,
        ChangeStatus status, Instant plannedStart, Instant plannedEnd, List<String> affectedCiIds, String requester) {
}
