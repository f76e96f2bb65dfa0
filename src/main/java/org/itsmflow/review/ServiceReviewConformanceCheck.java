package org.itsmflow.review;

import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * R-7.2b: a service review with each customer of each active service at least yearly, minutes recorded — every
 * customer and service pair needs a review held in the twelve months up to the end of the period.
 */
@Component
class ServiceReviewConformanceCheck implements ConformanceCheck {

    private final JdbcClient jdbc;

    ServiceReviewConformanceCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String requirementId() {
        return "R-7.2b";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        Instant yearBefore = period.to().atZone(ZoneOffset.UTC).minusYears(1).toInstant();
        List<String> pairs = jdbc.sql("select sc.customer_id || '/' || sc.service_id from service_customer sc "
                        + "join service s on s.id = sc.service_id where s.status = 'ACTIVE' order by 1")
                .query(String.class).list();
        Set<String> held = new HashSet<>(jdbc.sql("select customer_id || '/' || service_id from service_review "
                        + "where held_at >= ? and held_at < ? and minutes is not null")
                .params(utc(yearBefore), utc(period.to())).query(String.class).list());
        long planned = jdbc.sql("select count(*) from service_review where status <> 'HELD'").query(Long.class).single();
        List<String> missing = pairs.stream().filter(p -> !held.contains(p))
                .map(p -> p + " (no review with minutes in the last 12 months)").toList();
        String figure = count(pairs.size() - missing.size()) + " of " + count(pairs.size(), "customer and service pair")
                + " reviewed with minutes in the 12 months to the end of the period; " + count(planned)
                + " reviews planned or scheduled";
        return judge(pairs.size(), missing, "no customer uses an active service", figure, figure);
    }
}
