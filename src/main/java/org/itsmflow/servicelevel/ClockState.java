package org.itsmflow.servicelevel;

/** State of an SLA clock. RUNNING → PAUSED → RUNNING … → STOPPED; a stopped clock stays stopped. */
public enum ClockState {
    RUNNING, PAUSED, STOPPED
}
