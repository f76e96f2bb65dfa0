package org.itsmflow.platform;

import java.util.List;

/**
 * The product's roles, each an engine group. Group ids follow the engine's resource-id rule ([a-zA-Z0-9]+), so
 * they read as one word. BPMN candidate groups and DMN assignment outputs use these ids.
 */
public enum Role {
    SERVICE_DESK("servicedesk", "Service desk", true, false),
    SECOND_LINE("secondline", "Second-line support", true, false),
    NETWORK("network", "Network team", true, false),
    SECURITY("security", "Security team", true, false),
    MAJOR_INCIDENT("majorincident", "Major-incident managers", true, true),
    SERVICE_OWNERS("serviceowners", "Service owners", true, true),
    CUSTOMER_RELATIONS("customerrelations", "Customer relations", true, true),
    CHANGE_MANAGERS("changemanagers", "Change managers", true, true),
    CAB("cab", "Change advisory board", true, false),
    RELEASE_MANAGERS("releasemanagers", "Release managers", true, true),
    CUSTOMERS("customers", "Customers", false, false),
    /** Plan and carry out internal audits (R-4.3a); never of their own work (R-4.3b). Read the reports in Cockpit. */
    AUDITORS("auditors", "Internal auditors", true, true),
    /** May write the CMDB without a change (bulk load, corrections); each such write is recorded as an override. */
    CMDB_ADMINS("cmdbadmins", "CMDB administrators", false, false),
    /**
     * Change the BPMN and DMN models live: deploy from Camunda Modeler through the engine REST API, every deployment
     * checked by the deployment guard (docs/adr/0014). Watch the processes in Cockpit. No user tasks of their own.
     */
    PROCESS_OWNERS("processowners", "Process owners", false, true);

    /** The engine's administrators' group: every permission, Admin webapp included. */
    public static final String ADMIN_GROUP = "camunda-admin";
    /**
     * Technical users of monitoring systems (not a role of people, so not in {@link #all()}): they post alerts to
     * {@code /api/events/**} and scrape {@code /actuator/prometheus}, and may call nothing else.
     */
    public static final String MONITORING_GROUP = "monitoring";

    private final String groupId;
    private final String groupName;
    private final boolean teamFilter;
    private final boolean manager;

    Role(String groupId, String groupName, boolean teamFilter, boolean manager) {
        this.groupId = groupId;
        this.groupName = groupName;
        this.teamFilter = teamFilter;
        this.manager = manager;
    }

    public String groupId() {
        return groupId;
    }

    public String groupName() {
        return groupName;
    }

    /** Has a Tasklist filter of its own ("Service desk tasks") that only its members can read. */
    boolean teamFilter() {
        return teamFilter;
    }

    /** Monitors the processes in Cockpit. */
    boolean manager() {
        return manager;
    }

    static List<Role> all() {
        return List.of(values());
    }
}
