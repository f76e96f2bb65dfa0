package org.itsmflow.change;

/** Lifecycle of a change record, in process order. */
public enum ChangeStatus {
    RECORDED, ASSESSED, AWAITING_APPROVAL, APPROVED, REJECTED, SCHEDULED, IMPLEMENTING, IMPLEMENTED, FAILED,
    BACKED_OUT, CLOSED
}
