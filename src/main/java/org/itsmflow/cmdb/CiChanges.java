package org.itsmflow.cmdb;

import java.util.Map;

/**
 * An update of a configuration item (R-9.1b). {@code expectedVersion} is the version the caller read; the update is
 * refused (409) when the CI has moved on. A {@code null} field stays as it is; a blank location, owner group or
 * documentation URL clears it; {@code attributes} replaces the whole attribute object.
 */
public record CiChanges(
        int expectedVersion,
        String name,
        String typeId,
        CiStatus status,
        String location,
        String ownerGroup,
        Map<String, Object> attributes,
        String documentationUrl) {

    /** No change yet, against {@code expectedVersion}; add fields with the {@code with…} methods. */
    public static CiChanges against(int expectedVersion) {
        return new CiChanges(expectedVersion, null, null, null, null, null, null, null);
    }

    public CiChanges withName(String value) {
        return new CiChanges(expectedVersion, value, typeId, status, location, ownerGroup, attributes, documentationUrl);
    }

    public CiChanges withType(String value) {
        return new CiChanges(expectedVersion, name, value, status, location, ownerGroup, attributes, documentationUrl);
    }

    public CiChanges withStatus(CiStatus value) {
        return new CiChanges(expectedVersion, name, typeId, value, location, ownerGroup, attributes, documentationUrl);
    }

    public CiChanges withLocation(String value) {
        return new CiChanges(expectedVersion, name, typeId, status, value, ownerGroup, attributes, documentationUrl);
    }

    public CiChanges withOwnerGroup(String value) {
        return new CiChanges(expectedVersion, name, typeId, status, location, value, attributes, documentationUrl);
    }

    public CiChanges withAttributes(Map<String, Object> value) {
        return new CiChanges(expectedVersion, name, typeId, status, location, ownerGroup, value, documentationUrl);
    }

    public CiChanges withDocumentationUrl(String value) {
        return new CiChanges(expectedVersion, name, typeId, status, location, ownerGroup, attributes, value);
    }
}
