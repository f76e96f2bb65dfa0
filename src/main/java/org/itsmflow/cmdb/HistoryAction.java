package org.itsmflow.cmdb;

/** What a CI history entry records (R-9.1d). */
public enum HistoryAction {
    CREATED, UPDATED, RELATIONSHIP_ADDED, RELATIONSHIP_REMOVED, SERVICE_LINKED
}
