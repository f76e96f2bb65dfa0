package org.itsmflow.management;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.stereotype.Component;

/**
 * management reviews at planned intervals, minutes recorded. The plan is a review every six months; with a
 * month's grace, at no time in the period may more than seven months have passed since the last review held with
 * minutes. Each longer stretch is a shortfall ("no management review with minutes since 2026-01-15"). Before
 * reviews were planned at all (the management review process was first deployed, or the first review recorded) no
 * review can be due: a period in which none was due yet and none was held has NO_ACTIVITY.
 */
@Component
class ManagementReviewConformanceCheck implements ConformanceCheck {

    /** The planned interval with a month's grace. */
    static final int ALLOWED_MONTHS = ManagementReviewService.INTERVAL_MONTHS + 1;
    static final int MAX_SHORTFALLS = 20;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final ManagementReviewStore store;
    private final RepositoryService repository;
    private final EngineUser engineUser;

    ManagementReviewConformanceCheck(ManagementReviewStore store, RepositoryService repository,
            EngineUser engineUser) {
        this.store = store;
        this.repository = repository;
        this.engineUser = engineUser;
    }

    @Override
    public String requirementId() {
        return "R-3.1";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        Instant planned = plannedSince(period.to());
        List<ManagementReview> held = store.heldBetween(period.from(), period.to());
        Optional<ManagementReview> before = store.heldBetween(Instant.EPOCH, period.from()).stream()
                .reduce((a, b) -> b);
        if (held.isEmpty() && (planned == null || !allowedAfter(planned).isBefore(period.to()))) {
            return Evidence.noActivity("no management review due yet in the period: reviews are planned every "
                    + ManagementReviewService.INTERVAL_MONTHS + " months"
                    + (planned == null ? "" : " since " + DAY.format(planned)));
        }
        List<String> shortfalls = new ArrayList<>();
        Instant start = planned != null ? planned : held.get(0).heldAt();
        Instant cursor = before.map(ManagementReview::heldAt).orElse(start);
        String since = before.map(r -> DAY.format(r.heldAt()) + " (" + r.id() + ")")
                .orElse(DAY.format(start) + " (reviews planned)");
        for (ManagementReview review : held) {
            if (allowedAfter(cursor).isBefore(review.heldAt())) {
                shortfalls.add("no management review with minutes between " + since + " and "
                        + DAY.format(review.heldAt()) + " (" + review.id() + ")");
            }
            if (review.heldAt().isAfter(cursor)) {
                cursor = review.heldAt();
                since = DAY.format(review.heldAt()) + " (" + review.id() + ")";
            }
        }
        if (allowedAfter(cursor).isBefore(period.to())) {
            shortfalls.add("no management review with minutes since " + since);
        }
        long decisions = held.stream().mapToLong(r -> r.decisions().size()).sum();
        String figure = held.size() + " management review(s) held with minutes in the period"
                + (held.isEmpty() ? "" : " (" + String.join(", ", held.stream().map(r -> r.id() + " "
                        + DAY.format(r.heldAt())).toList()) + "), " + decisions
                        + " decision(s) recorded as improvements")
                + "; planned every " + ManagementReviewService.INTERVAL_MONTHS + " months, at most "
                + ALLOWED_MONTHS + " months apart";
        return shortfalls.isEmpty() ? Evidence.met(figure)
                : Evidence.notMet(figure, shortfalls.stream().limit(MAX_SHORTFALLS).toList());
    }

    static Instant allowedAfter(Instant at) {
        return at.atZone(ZoneOffset.UTC).plusMonths(ALLOWED_MONTHS).toInstant();
    }

    /**
     * Since when reviews are planned: the first deployment of the management review process, or the first review
     * recorded if that is earlier (a database carried over from elsewhere). Null when neither happened before
     * {@code end}.
     */
    Instant plannedSince(Instant end) {
        Instant deployed = engineUser.asSystem(() -> {
            List<ProcessDefinition> first = repository.createProcessDefinitionQuery()
                    .processDefinitionKey(ManagementReviewService.PROCESS_KEY).orderByProcessDefinitionVersion().asc()
                    .listPage(0, 1);
            if (first.isEmpty()) {
                return null;
            }
            Deployment deployment = repository.createDeploymentQuery().deploymentId(first.get(0).getDeploymentId())
                    .singleResult();
            return deployment == null ? null : deployment.getDeploymentTime().toInstant();
        });
        Instant firstReview = store.firstCreated().orElse(null);
        Instant since = deployed == null ? firstReview
                : firstReview == null || deployed.isBefore(firstReview) ? deployed : firstReview;
        return since == null || !since.isBefore(end) ? null : since;
    }
}
