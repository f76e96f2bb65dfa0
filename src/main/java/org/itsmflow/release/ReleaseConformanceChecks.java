package org.itsmflow.release;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Conformance evidence of release management (R-10.1a … R-10.1i, R-9.1e, R-9.1f), computed from the release records
 * planned in the period: each check names the releases it applies to and lists those that fall short.
 */
@Configuration
class ReleaseConformanceChecks {

    static final int MAX_SHORTFALLS = 20;

    /** A check over the releases of a period: which apply, which fulfil it, and how to say so. */
    record ReleaseCheck(String requirementId, ReleaseService releases, Predicate<ReleaseView> applies,
            Predicate<ReleaseView> fulfils, String what) implements ConformanceCheck {

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<ReleaseView> relevant = releases.releasesIn(period.from(), period.to()).stream().filter(applies)
                    .toList();
            if (relevant.isEmpty()) {
                return Evidence.noActivity("no releases to which " + requirementId + " applies");
            }
            List<String> missing = relevant.stream().filter(fulfils.negate()).map(v -> v.release().id()).toList();
            String figure = requirementId + ": " + relevant.size() + " release(s), " + (missing.isEmpty() ? "all "
                    : (relevant.size() - missing.size()) + " ") + what;
            return missing.isEmpty() ? Evidence.met(figure)
                    : Evidence.notMet(figure + "; missing: " + String.join(", ",
                            missing.subList(0, Math.min(5, missing.size()))),
                            missing.subList(0, Math.min(MAX_SHORTFALLS, missing.size())));
        }
    }

    private static boolean started(ReleaseView v) {
        return v.release().rolloutStartedAt() != null;
    }

    private static boolean journalled(ReleaseView v, String code) {
        return v.journal().stream().anyMatch(j -> code.equals(j.code()));
    }

    @Bean
    ConformanceCheck releasePolicyCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1a", releases, v -> true, v -> v.release().waveCount() != null,
                "with a rollout chosen by the ReleasePolicy decision");
    }

    @Bean
    ConformanceCheck releaseAuthorisedCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1b", releases, ReleaseConformanceChecks::started, v -> {
            Release r = v.release();
            boolean manager = r.releaseManager() != null && !r.releaseManager().equals(r.planner());
            boolean owner = !ReleaseService.BOTH_APPROVALS.equals(r.approvals())
                    || (r.serviceOwner() != null && !r.serviceOwner().equals(r.planner()));
            return manager && owner;
        }, "authorised by someone other than the planner before rollout");
    }

    @Bean
    ConformanceCheck releaseRollbackCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1c", releases, v -> v.waves().stream().anyMatch(w -> "FAILED".equals(w.status())),
                v -> v.release().rolledBackAt() != null && v.release().rollbackReason() != null,
                "with a failed wave rolled back to the baseline, what was restored recorded");
    }

    @Bean
    ConformanceCheck releasePlanCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1d", releases, v -> true, v -> v.release().plannedDate() != null
                && !v.deliverables().isEmpty() && !v.changeIds().isEmpty()
                && (v.release().deployedAt() == null || journalled(v, "INCIDENT_MANAGEMENT_INFORMED")),
                "with date, deliverables and RFCs recorded, and incident management informed once deployed");
    }

    @Bean
    ConformanceCheck releaseRecordsUpdatedCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1e", releases, v -> v.release().deployedAt() != null,
                v -> journalled(v, "CMDB_UPDATED"), "deployed with the CMDB and change records updated");
    }

    @Bean
    ConformanceCheck emergencyReleaseCheck(ReleaseService releases, ChangeService changes) {
        return new ReleaseCheck("R-10.1f", releases, v -> v.release().releaseType() == ReleaseType.EMERGENCY,
                v -> v.changeIds().stream().anyMatch(id -> changes.require(id).changeType() == ChangeType.EMERGENCY),
                "emergency releases tied to an emergency change");
    }

    @Bean
    ConformanceCheck releaseTestedCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1g", releases, ReleaseConformanceChecks::started,
                v -> "PASS".equals(v.release().acceptanceResult()), "passed acceptance testing before distribution");
    }

    @Bean
    ConformanceCheck releaseIntegrityCheck(ReleaseService releases) {
        Function<ReleaseView, Boolean> verified = v -> v.waves().stream()
                .filter(w -> List.of("INSTALLED", "DONE", "ROLLED_BACK").contains(w.status()))
                .allMatch(w -> {
                    var sums = v.checks().stream().filter(c -> "CHECKSUM".equals(c.kind())
                            && Integer.valueOf(w.waveNo()).equals(c.waveNo())).toList();
                    return !sums.isEmpty() && sums.stream().allMatch(ReleaseView.Check::passed);
                });
        return new ReleaseCheck("R-10.1h", releases, ReleaseConformanceChecks::started, verified::apply,
                "with every installed wave's deliverables verified against the media library checksums");
    }

    @Bean
    ConformanceCheck releaseMeasuredCheck(ReleaseService releases) {
        return new ReleaseCheck("R-10.1i", releases, v -> v.release().deployedAt() != null,
                v -> v.release().measuredAt() != null || (v.release().watchEndsAt() != null
                        && v.release().watchEndsAt().isAfter(ReleaseService.now())),
                "measured after their watch period (or still in it)");
    }

    @Bean
    ConformanceCheck releaseBaselineCheck(ReleaseService releases) {
        return new ReleaseCheck("R-9.1e", releases, ReleaseConformanceChecks::started,
                v -> v.baseline() != null && !v.release().rolloutStartedAt().isAfter(firstWave(v)),
                "with a baseline before wave 1");
    }

    @Bean
    ConformanceCheck definitiveMediaLibraryCheck(ReleaseService releases) {
        return new ReleaseCheck("R-9.1f", releases, v -> true, v -> !v.deliverables().isEmpty()
                && v.deliverables().stream().allMatch(d -> d.sha256() != null && d.ciId() != null),
                "with every deliverable in the definitive media library, checksummed and referenced by its CI");
    }

    private static java.time.Instant firstWave(ReleaseView v) {
        return v.waves().stream().map(ReleaseView.Wave::startedAt).filter(java.util.Objects::nonNull).min(
                java.util.Comparator.naturalOrder()).orElse(java.time.Instant.MAX);
    }
}
