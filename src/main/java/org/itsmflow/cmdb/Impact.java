package org.itsmflow.cmdb;

import java.util.List;

/**
 * The result of impact analysis (R-9.1c): the root CI, every CI reached within {@code depth} steps in
 * {@code direction} (each once, at its shortest distance, with the relationship by which it was first reached), and
 * the business services linked to the root or any reached CI.
 */
public record Impact(
        CiSummary root,
        String direction,
        int depth,
        List<ImpactedCi> affected,
        List<String> services) {

    /** A CI named by id, name, type and status. */
    public record CiSummary(String id, String name, String typeId, CiStatus status) {
    }

    /** A reached CI, {@code distance} steps from the root, first reached {@code via} this relationship. */
    public record ImpactedCi(String id, String name, String typeId, CiStatus status, int distance,
            CiRelationship via) {
    }

    /** The ids of all reached CIs, root excluded, in result order. */
    public List<String> affectedIds() {
        return affected.stream().map(ImpactedCi::id).toList();
    }
}
