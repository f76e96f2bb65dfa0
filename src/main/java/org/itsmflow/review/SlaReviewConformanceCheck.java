package org.itsmflow.review;

import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * R-6.1c: SLAs reviewed periodically. The SLA review is the yearly service review (ServiceReview.bpmn): it puts the
 * service's SLA figures before the customer and the service owner, and what they agree to change becomes a request
 * for change. Every SLA in force at the end of the period, of an active service, needs a review of its service held
 * with minutes in the twelve months up to then — with the SLA's own customer when the SLA names one.
 */
@Component
class SlaReviewConformanceCheck implements ConformanceCheck {

    private final JdbcClient jdbc;

    SlaReviewConformanceCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String requirementId() {
        return "R-6.1c";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        Instant yearBefore = period.to().atZone(ZoneOffset.UTC).minusYears(1).toInstant();
        LocalDate endDay = period.to().atZone(ZoneOffset.UTC).toLocalDate();
        List<String> inForce = jdbc.sql("""
                select a.id from sla a join service s on s.id = a.service_id
                where s.status = 'ACTIVE' and a.valid_from <= ? and (a.valid_to is null or a.valid_to >= ?)
                order by a.id""").params(endDay, endDay).query(String.class).list();
        List<String> unreviewed = jdbc.sql("""
                select a.id || ' (' || a.service_id || coalesce(', customer ' || a.customer_id, '') || ')'
                from sla a join service s on s.id = a.service_id
                where s.status = 'ACTIVE' and a.valid_from <= ? and (a.valid_to is null or a.valid_to >= ?)
                  and not exists (select 1 from service_review r where r.service_id = a.service_id
                      and (a.customer_id is null or r.customer_id = a.customer_id)
                      and r.held_at >= ? and r.held_at < ? and r.minutes is not null)
                order by a.id""").params(endDay, endDay, utc(yearBefore), utc(period.to()))
                .query(String.class).list().stream().map(s -> s + ": no service review with minutes in the last 12 months")
                .toList();
        String figure = count(inForce.size() - unreviewed.size()) + " of " + count(inForce.size(), "SLA")
                + " in force reviewed with the customer (service review with minutes) in the 12 months to the end of "
                + "the period";
        return judge(inForce.size(), unreviewed, "no SLA in force", figure, figure);
    }
}
