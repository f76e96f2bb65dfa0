package org.itsmflow.management;

/** Where a management review stands. */
public enum ManagementReviewStatus {
    /** The inputs of the period are gathered; the review meeting is still to be held. */
    OPEN,
    /** Held: attendees, minutes and decisions are recorded, each decision an improvement item. */
    HELD
}
