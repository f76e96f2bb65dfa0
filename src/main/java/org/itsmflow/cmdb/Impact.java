package org.itsmflow.cmdb;

import java.util.List;

/**
 * The result of impact analysis (R-9.1c): the root CI, a summary of every CI reached within {@code depth} steps in
 * {@code direction} (each counted once, at its shortest distance) — {@code total}, counts {@code byDistance} and
 * {@code byType} — the business services linked to the root or any reached CI (always complete), and a page of the
 * reached CIs: the first {@code limit} ordered by distance then id, each with the relationship by which it was first
 * reached. {@code truncated} says the page holds fewer than {@code total} CIs (issue 9: a depth-5 impact on a large
 * estate reaches thousands of CIs; the summary, not the full list, is what a caller needs).
 */
public record Impact(
        CiSummary root,
        String direction,
        int depth,
        int total,
        boolean truncated,
        List<DistanceCount> byDistance,
        List<TypeCount> byType,
        List<ImpactedCi> affected,
        List<String> services) {

    /** A CI named by id, name, type and status. */
    public record CiSummary(String id, String name, String typeId, CiStatus status) {
    }

    /** A reached CI, {@code distance} steps from the root, first reached {@code via} this relationship. */
    public record ImpactedCi(String id, String name, String typeId, CiStatus status, int distance,
            CiRelationship via) {
    }

    /** How many CIs were first reached at this distance. */
    public record DistanceCount(int distance, int count) {
    }

    /** How many reached CIs are of this type. */
    public record TypeCount(String typeId, int count) {
    }

    /** The ids of the listed reached CIs, root excluded, in result order. */
    public List<String> affectedIds() {
        return affected.stream().map(ImpactedCi::id).toList();
    }
}
