package org.itsmflow.management;

/** The variables of {@code bpmn/ManagementReview.bpmn}: references and routing data; the review is in its table. */
final class ManagementReviewVariables {

    static final String REVIEW_ID = "reviewId";
    /** Who asked for the review out of turn (the API caller). Absent for the timer. */
    static final String REQUESTED_BY = "requestedBy";
    /** Why the review was asked for (start form, API). */
    static final String REQUEST_REASON = "requestReason";
    /** When the review is due: the user task's due date and the overdue timer. */
    static final String REVIEW_DUE_AT = "reviewDueAt";
    static final String ATTENDEES = "attendees";
    static final String MINUTES = "minutes";
    /** One decision a line; each becomes an improvement item. */
    static final String DECISIONS = "decisions";

    private ManagementReviewVariables() {
    }
}
