package org.itsmflow.servicelevel;

/** Lifecycle of a catalogue service. */
public enum ServiceStatus {
    ACTIVE, RETIRED
}
