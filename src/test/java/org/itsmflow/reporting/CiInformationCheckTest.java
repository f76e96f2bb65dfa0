package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.NewCi;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * R-9.1h: the CIs the period's incidents, problems and changes name must carry status, location, documentation and
 * a version history. August 2026 is a month no other test reports incidents in; a demo CI is complete, a CI recorded
 * without location and documentation is named.
 */
@PostgresTest
class CiInformationCheckTest {

    static final ReportPeriod AUGUST_2026 = new ReportPeriod(Instant.parse("2026-08-01T00:00:00Z"),
            Instant.parse("2026-09-01T00:00:00Z"));

    @Autowired
    CiInformationCheck check;
    @Autowired
    CmdbService cmdb;
    @Autowired
    IncidentService incidents;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    Incident report(String ciId) {
        return incidents.report(new NewIncident("Shop storage slow on " + ciId, "conformance test", "online-shop", ciId,
                "hardware", Level.LOW, Level.LOW, "kate"), "sara");
    }

    @Test
    @DisplayName("R-9.1h a CI named by an incident without location and documentation is named; a complete demo CI is not")
    void ciInformationOfThePeriod() {
        String bare = "CONF-BARE-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
        cmdb.create(new NewCi(bare, "Bare shop volume", "STORAGE", CiStatus.LIVE, null, "secondline", null, null),
                "carl", "recorded without location and documentation for the conformance test", null);
        Evidence before = check.evaluate(AUGUST_2026);

        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-08-12T09:00:00Z")));
        Incident onBare = report(bare);
        report("VM-SHOP-WEB-01");

        Evidence after = check.evaluate(AUGUST_2026);
        assertThat(check.requirementId()).isEqualTo("R-9.1h");
        assertThat(after.verdict()).isEqualTo(Evidence.Verdict.NOT_MET);
        assertThat(after.figure()).contains("named by the period's incidents, problems and changes");
        assertThat(after.shortfalls()).contains(bare + " (named by " + onBare.id() + ", no location, no documentation)");
        assertThat(after.shortfalls()).noneMatch(s -> s.startsWith("VM-SHOP-WEB-01 "));
        assertThat(before.shortfalls()).noneMatch(s -> s.startsWith(bare + " "));
    }
}
