package org.itsmflow.servicelevel;

/**
 * A service of the catalogue (R-6.1a). {@code id} is human readable ({@code email}, {@code erp}) and stable: other
 * features (CMDB, incidents) refer to it.
 *
 * @param ownerGroup engine group id of the owning team
 * @param calendarId the business calendar its SLAs count in unless an SLA names another
 */
public record BusinessService(String id, String name, String description, ServiceStatus status, String ownerGroup,
        String calendarId) {
}
