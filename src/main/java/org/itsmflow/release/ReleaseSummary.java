package org.itsmflow.release;

import java.time.Instant;
import java.util.Map;

/**
 * Releases planned in [from, to) for the service report (R-10.1i): how many of each type, how many ended successful,
 * failed (too many incidents after release), rolled back, failed acceptance or were rejected, how many are still
 * running, and the incidents counted in the post-release watch periods.
 */
public record ReleaseSummary(Instant from, Instant to, int total, Map<String, Integer> byType,
        Map<String, Integer> byOutcome, int inProgress, int postReleaseIncidents, int measured) {
}
