package org.itsmflow.cmdb;

import java.util.Map;

/**
 * What a new configuration item is created with. {@code id} is its unique human id: upper-case letters and digits
 * in dash-separated groups ({@code SRV-ERP-01}). {@code status} defaults to {@link CiStatus#PLANNED}; location, owner
 * group, attributes and documentation URL are optional.
 */
public record NewCi(
        String id,
        String name,
        String typeId,
        CiStatus status,
        String location,
        String ownerGroup,
        Map<String, Object> attributes,
        String documentationUrl) {

    /** A CI with only the mandatory fields, status PLANNED. */
    public static NewCi of(String id, String name, String typeId) {
        return new NewCi(id, name, typeId, null, null, null, null, null);
    }

    public NewCi withStatus(CiStatus newStatus) {
        return new NewCi(id, name, typeId, newStatus, location, ownerGroup, attributes, documentationUrl);
    }
}
