package org.itsmflow.cmdb;

/** Lifecycle status of a configuration item (R-9.1h: status available to those who need it). */
public enum CiStatus {
    PLANNED, IN_TEST, LIVE, MAINTENANCE, RETIRED
}
