package org.itsmflow.change;

/** How soon the requester needs the change. */
public enum ChangeUrgency {
    HIGH, MEDIUM, LOW
}
