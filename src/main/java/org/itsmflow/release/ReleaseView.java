package org.itsmflow.release;

import java.time.Instant;
import java.util.List;

import org.itsmflow.cmdb.CmdbBaselines;
import org.itsmflow.cmdb.MediaEntry;

/**
 * A release with everything it contains and everything that happened to it ({@code GET /api/releases/{id}}): its
 * deliverables (definitive media library entries), RFCs, known errors, problems and CIs (R-10.1d), its waves, every
 * check made (R-10.1g, R-10.1h), the baseline (R-9.1e), what a rollback restored (R-10.1c) and the journal.
 */
public record ReleaseView(Release release, List<MediaEntry> deliverables, List<String> changeIds,
        List<String> knownErrorIds, List<String> problemIds, List<String> ciIds, List<Wave> waves,
        List<Check> checks, CmdbBaselines.Baseline baseline, List<Restore> rollback, List<JournalEntry> journal) {

    /** One rollout wave: its sites in order and how far it got. */
    public record Wave(int waveNo, List<String> sites, String status, String note, Instant startedAt,
            Instant finishedAt) {
    }

    /** One check: ACCEPTANCE (before distribution), CHECKSUM or HEALTH (per wave). */
    public record Check(long id, Integer waveNo, String kind, String subject, boolean passed, String detail,
            Instant checkedAt) {
    }

    /** What the rollback did to one CI. */
    public record Restore(String ciId, int fromVersion, int baselineVersion, int restoredVersion, Instant restoredAt) {
    }

    public record JournalEntry(Instant at, String actor, String code, String text) {
    }
}
