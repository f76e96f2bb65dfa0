package org.itsmflow.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A change record as stored (R-9.2a, R-9.2b, R-6.4, R-6.6a, R-6.3b). */
public record Change(
        String id, String title, String description, String reason, ChangeType changeType, ChangeUrgency urgency,
        String requester, Instant plannedStart, Instant plannedEnd, String implementationPlan, String backoutPlan,
        BigDecimal costEstimate, String businessBenefit, Integer dependentCount, Integer failureCount,
        String riskLevel, String riskReason, String changeClass, String approvalRoute, String classificationReason,
        List<String> voters, String assessment, String securityImpact, String continuityImpact, ChangeStatus status,
        String decisionReason, String decidedBy, String implementationNote, String backoutNote, String reviewOutcome,
        String reviewNote, String lessonsLearned, String processInstanceId, Instant requestedAt, Instant approvedAt,
        Instant implementedAt, Instant closedAt, Instant updatedAt, int version) {

    boolean hasBackoutPlan() {
        return backoutPlan != null && !backoutPlan.isBlank();
    }
}
