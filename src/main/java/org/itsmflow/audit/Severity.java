package org.itsmflow.audit;

/** How serious an audit finding is; it sets the priority of its improvement item. */
public enum Severity {
    MAJOR("HIGH"), MINOR("MEDIUM"), OBSERVATION("LOW");

    private final String improvementPriority;

    Severity(String improvementPriority) {
        this.improvementPriority = improvementPriority;
    }

    String improvementPriority() {
        return improvementPriority;
    }
}
