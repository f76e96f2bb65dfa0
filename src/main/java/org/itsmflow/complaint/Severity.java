package org.itsmflow.complaint;

/** How serious the complainant says the complaint is; an input of the ComplaintClassification decision. */
public enum Severity {
    HIGH, MEDIUM, LOW
}
