package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * R-9.2h: the change analysis of each whole month of the period must sit in a reviewed service report of all
 * services. April to June 2025 are months no other test generates reports for: April reviewed, May generated but
 * not reviewed, June missing.
 */
@PostgresTest
class ChangeAnalysisCheckTest {

    static final Instant APRIL = Instant.parse("2025-04-01T00:00:00Z");
    static final Instant MAY = Instant.parse("2025-05-01T00:00:00Z");
    static final Instant JUNE = Instant.parse("2025-06-01T00:00:00Z");
    static final Instant JULY = Instant.parse("2025-07-01T00:00:00Z");

    @Autowired
    ServiceReportRecords records;
    @Autowired
    ChangeAnalysisCheck check;

    @Test
    @DisplayName("R-9.2h a month is analysed when its report of all services was reviewed; an unreviewed and a missing report are named")
    void monthlyChangeAnalysis() {
        StoredReport april = records.generate(null, APRIL, MAY);
        records.recordReview(april.id(), "Change volume normal; no recurring failures", null);
        StoredReport may = records.generate(null, MAY, JUNE);
        records.generate("email", JUNE, JULY); // one service's report does not analyse all changes

        Evidence evidence = check.evaluate(new ReportPeriod(APRIL, JULY));
        assertThat(check.requirementId()).isEqualTo("R-9.2h");
        assertThat(evidence.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(evidence.figure()).startsWith("1 of 3 months with the change records analysed");
        assertThat(evidence.shortfalls()).hasSize(2);
        assertThat(evidence.shortfalls().get(0)).isEqualTo("2025-05 (the change analysis of " + may.id()
                + " was not reviewed)");
        assertThat(evidence.shortfalls().get(1)).startsWith("2025-06 (no service report of all services analysed its ");

        assertThat(check.evaluate(new ReportPeriod(APRIL, MAY)).verdict()).isEqualTo(Evidence.Verdict.MET);
        List<Evidence.Verdict> partial = List.of(check.evaluate(new ReportPeriod(Instant.parse("2025-04-10T00:00:00Z"),
                Instant.parse("2025-05-20T00:00:00Z"))).verdict());
        assertThat(partial).containsExactly(Evidence.Verdict.NO_ACTIVITY);
    }
}
