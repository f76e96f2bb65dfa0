package org.itsmflow.management;

/** What started a management review. */
public enum ManagementReviewTrigger {
    /** The planned interval: the half-yearly timer of {@code bpmn/ManagementReview.bpmn}. */
    SCHEDULED,
    /** Asked for out of turn by a service owner or an administrator (through the API). */
    REQUESTED
}
