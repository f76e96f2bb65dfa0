package org.itsmflow.cmdb;

/** One relationship, read "source type target" ({@code APP-ERP RUNS_ON SRV-ERP-01}). */
public record CiRelationship(String sourceCiId, RelationshipType type, String targetCiId) {

    /** {@code APP-ERP RUNS_ON SRV-ERP-01}. */
    public String describe() {
        return sourceCiId + " " + type + " " + targetCiId;
    }
}
