package org.itsmflow.incident;

import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.platform.Jdbc.utc;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * R-8.2d: staff handling incidents have access to known errors. Counts the triages completed in the period (journal
 * entry KNOWN_ERRORS_AT_TRIAGE): those whose task showed known errors matched for the incident's CI, service and
 * category, and how many of those the handler applied. Evidenced when the period has triages that showed known errors;
 * a period whose triages matched none has nothing to show.
 */
@Component
class KnownErrorsAtTriageConformanceCheck implements ConformanceCheck {
    private final JdbcClient jdbc;

    KnownErrorsAtTriageConformanceCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String requirementId() {
        return "R-8.2d";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        long[] n = jdbc.sql("""
                        select count(*),
                            count(case when i.known_errors_shown is not null then 1 end),
                            count(case when i.known_error_applied is not null then 1 end)
                        from incident_journal j join incident i on i.id = j.incident_id
                        where j.code = ? and j.at >= ? and j.at < ?""")
                .params(IncidentService.KNOWN_ERRORS_AT_TRIAGE, utc(period.from()), utc(period.to()))
                .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        String figure = count(n[0], "triage") + " in the period; " + count(n[1]) + " showed known errors matched for "
                + "the incident's CI, service or category, " + count(n[2]) + " applied one";
        return n[1] == 0 ? Evidence.noActivity(figure) : Evidence.met(figure);
    }
}
