package org.itsmflow.incident;

/** Where an incident stands; every change is journalled and told to the customer (R-8.2c). */
public enum IncidentStatus {
    NEW, IN_PROGRESS, PENDING_CUSTOMER, RESOLVED, CLOSED
}
