package org.itsmflow.cmdb;

import java.time.Instant;
import java.util.Map;

/**
 * A configuration item as recorded in the CMDB (R-9.1a, R-9.1g): its unique human id ({@code SRV-ERP-01}), type,
 * status, current version (R-9.1b), location, owning group, free attributes and a link to its documentation.
 */
public record ConfigurationItem(
        String id,
        String name,
        String typeId,
        CiStatus status,
        int version,
        String location,
        String ownerGroup,
        Map<String, Object> attributes,
        String documentationUrl,
        Instant createdAt,
        Instant updatedAt) {
}
