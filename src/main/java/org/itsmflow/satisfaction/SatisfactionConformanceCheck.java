package org.itsmflow.satisfaction;

import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;
import static org.itsmflow.conformance.Figures.percent;

import java.util.List;
import java.util.Locale;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * R-7.2e: customer satisfaction measured (a survey after every closed incident) and acted upon (every low score
 * followed up by customer relations), read from the survey records.
 */
@Component
class SatisfactionConformanceCheck implements ConformanceCheck {

    private final JdbcClient jdbc;

    SatisfactionConformanceCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String requirementId() {
        return "R-7.2e";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        record Figures(long invited, long answered, Double mean, long low) {
        }
        Figures f = jdbc.sql("select count(*), count(answered_at), avg(score), "
                        + "sum(case when score <= ? then 1 else 0 end) from satisfaction_survey "
                        + "where invited_at >= ? and invited_at < ?")
                .params(SatisfactionService.LOW_SCORE, utc(period.from()), utc(period.to()))
                .query((rs, n) -> new Figures(rs.getLong(1), rs.getLong(2),
                        rs.getObject(3) == null ? null : rs.getDouble(3), rs.getLong(4)))
                .single();
        List<String> missing = jdbc.sql("select id from satisfaction_survey where invited_at >= ? and invited_at < ? "
                        + "and score <= ? and follow_up_instance is null order by id")
                .params(utc(period.from()), utc(period.to()), SatisfactionService.LOW_SCORE)
                .query(String.class).list().stream().map(id -> id + " (low score, no follow-up)").toList();
        String figure = count(f.invited(), "survey") + " sent, " + percent(f.answered(), f.invited()) + " answered"
                + (f.mean() == null ? "" : String.format(Locale.ENGLISH, ", mean score %.1f", f.mean())) + "; "
                + count(f.low(), "low score");
        return judge(f.invited(), missing, "no satisfaction surveys sent in the period",
                figure + (f.low() == 0 ? "" : ", each followed up"), figure);
    }
}
