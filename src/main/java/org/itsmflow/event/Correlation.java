package org.itsmflow.event;

/** Why an alert is attached to its incident (ADR 0016). */
public enum Correlation {
    /** The alert opened the incident. */
    DIRECT,
    /** Another alert of the same name on the same CI (or with the same fingerprint) opened it. */
    DUPLICATE,
    /** The alert's CI depends (CMDB, upstream) on a CI whose firing alert opened it. */
    DEPENDENT
}
