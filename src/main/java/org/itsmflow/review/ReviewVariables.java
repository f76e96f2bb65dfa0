package org.itsmflow.review;

/** The variables of {@code bpmn/ServiceReview.bpmn}: references and routing flags; the review is in its table. */
final class ReviewVariables {

    static final String REVIEW_ID = "reviewId";
    /** The candidate group of the review's tasks: the service's owner group. */
    static final String OWNER_GROUP = "ownerGroup";
    static final String MEETING_AT = "meetingAt";
    static final String MINUTES = "minutes";
    static final String AGREED_CHANGES = "agreedChanges";
    /** YES when the meeting agreed a change of the SLA's targets: routes to "Raise RFC". */
    static final String SLA_CHANGE_AGREED = "slaChangeAgreed";
    static final String SLA_CHANGE_SLA_ID = "slaChangeSlaId";
    static final String SLA_CHANGE_PRIORITY = "slaChangePriority";
    static final String SLA_CHANGE_RESPONSE = "slaChangeResponseMinutes";
    static final String SLA_CHANGE_RESOLUTION = "slaChangeResolutionMinutes";
    static final String CHANGE_ID = "changeId";

    private ReviewVariables() {
    }
}
