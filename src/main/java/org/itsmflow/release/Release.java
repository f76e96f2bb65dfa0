package org.itsmflow.release;

import java.time.Instant;
import java.util.List;

/**
 * A release record as stored (R-10.1d): the plan, the policy chosen for it (R-10.1a), who authorised it (R-10.1b),
 * the acceptance test (R-10.1g), the baseline taken (R-9.1e), the rollback (R-10.1c) and the measurement (R-10.1i).
 */
public record Release(String id, String title, String description, ReleaseType releaseType, Instant plannedDate,
        List<String> sites, String planner, ReleaseStatus status, Integer waveCount, Integer canarySize,
        String approvals, String watchPeriod, Integer incidentThreshold, String policyReason, String releaseManager,
        String releaseManagerNote, String serviceOwner, String serviceOwnerNote, String acceptanceResult,
        String acceptanceTester, String acceptanceNote, String baselineId, Instant rolloutStartedAt,
        Instant deployedAt, Instant rolledBackAt, String rollbackReason, Instant watchEndsAt, Instant measuredAt,
        Integer incidentCount, String outcome, String improvementId, String processInstanceId, Instant createdAt,
        Instant updatedAt) {
}
