package org.itsmflow.servicelevel;

/** What an SLA clock measures: time to the first response, or time to resolution. */
public enum ClockKind {
    RESPONSE, RESOLUTION
}
