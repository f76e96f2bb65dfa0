package org.itsmflow.review;

/** Where a service review stands. */
public enum ServiceReviewStatus {
    /** Figures collected, meeting not yet scheduled. */
    PLANNED,
    /** The service owner has set the meeting date. */
    SCHEDULED,
    /** The meeting was held and its minutes recorded. */
    HELD
}
