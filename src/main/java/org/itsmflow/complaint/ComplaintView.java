package org.itsmflow.complaint;

import java.util.List;

/** A complaint with its journal ({@code GET /api/complaints/{id}}). */
public record ComplaintView(Complaint complaint, List<ComplaintJournalEntry> journal) {
}
