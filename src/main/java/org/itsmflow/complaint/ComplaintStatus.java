package org.itsmflow.complaint;

/** Where a complaint stands; each step of {@code bpmn/ComplaintHandling.bpmn} moves it on (R-7.2c). */
public enum ComplaintStatus {
    RECEIVED, ACKNOWLEDGED, INVESTIGATED, ACTIONED, OUTCOME_REPORTED, CLOSED
}
