package org.itsmflow.change;

/** Kinds of change (R-9.2a); the last three change the service catalogue or an SLA when implemented (R-5a, R-6.1b). */
public enum ChangeType {
    STANDARD, NORMAL, EMERGENCY, NEW_SERVICE, RETIRE_SERVICE, SLA_CHANGE;

    boolean changesServices() {
        return this == NEW_SERVICE || this == RETIRE_SERVICE || this == SLA_CHANGE;
    }
}
