package org.itsmflow.release;

/** Lifecycle of a release record, in process order; the last five are final. */
public enum ReleaseStatus {
    PLANNED, AUTHORISED, IN_TEST, ROLLING_OUT, DEPLOYED, SUCCESSFUL, FAILED, ROLLED_BACK, TEST_FAILED, REJECTED
}
