package org.itsmflow.event;

/** An alert's state as Alertmanager last delivered it. */
public enum AlertStatus {
    FIRING, RESOLVED
}
