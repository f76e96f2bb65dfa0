package org.itsmflow.servicelevel;

import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;
import static org.itsmflow.conformance.Figures.percent;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence of service level management (clause 6.1) and of the customers recorded per service (7.2a),
 * read from the service catalogue, the SLA store and the SLA clocks. Each nested class is one {@link ConformanceCheck}.
 */
final class ServiceLevelConformanceCheck {

    private ServiceLevelConformanceCheck() {
    }

    /** R-6.1a: every active service is recorded with an SLA in force at the end of the period, with targets. */
    @Component
    static class ServicesUnderSla implements ConformanceCheck {
        private final JdbcClient jdbc;

        ServicesUnderSla(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-6.1a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            LocalDate day = period.to().minusMillis(1).atZone(ZoneOffset.UTC).toLocalDate();
            List<String> services = jdbc.sql("select id from service where status = 'ACTIVE' order by id")
                    .query(String.class).list();
            List<String> covered = jdbc.sql("select distinct s.service_id from sla s where s.valid_from <= ? "
                            + "and (s.valid_to is null or s.valid_to >= ?) "
                            + "and exists (select 1 from sla_target t where t.sla_id = s.id)")
                    .params(day, day).query(String.class).list();
            List<String> missing = services.stream().filter(s -> !covered.contains(s))
                    .map(s -> s + " (no SLA with targets in force on " + day + ")").toList();
            long slas = jdbc.sql("select count(*) from sla").query(Long.class).single();
            return judge(services.size(), missing, "no active services in the catalogue",
                    count(services.size(), "active service") + ", each with an SLA in force and targets per priority ("
                            + count(slas, "SLA") + " recorded)",
                    count(services.size() - missing.size()) + " of " + count(services.size(), "active service")
                            + " under an SLA in force");
        }
    }

    /** R-6.1d: service levels monitored — clocks stopped in the period against target, breaches recorded with cause. */
    @Component
    static class ServiceLevelsMonitored implements ConformanceCheck {
        private final JdbcClient jdbc;

        ServiceLevelsMonitored(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-6.1d";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            long stopped = jdbc.sql("select count(*) from sla_clock where status = 'STOPPED' and stopped_at >= ? "
                    + "and stopped_at < ?").params(utc(period.from()), utc(period.to())).query(Long.class).single();
            long breachedClocks = jdbc.sql("select count(*) from sla_clock where status = 'STOPPED' and breached = true "
                    + "and stopped_at >= ? and stopped_at < ?").params(utc(period.from()), utc(period.to()))
                    .query(Long.class).single();
            List<String> breachesWithoutCause = jdbc.sql("select record_id || ' ' || kind from sla_breach "
                            + "where breached_at >= ? and breached_at < ? and (cause is null or cause = '') "
                            + "order by record_id").params(utc(period.from()), utc(period.to()))
                    .query(String.class).list().stream().map(r -> r + " breach (no cause recorded)").toList();
            long breaches = jdbc.sql("select count(*) from sla_breach where breached_at >= ? and breached_at < ?")
                    .params(utc(period.from()), utc(period.to())).query(Long.class).single();
            String figure = count(stopped, "SLA clock") + " stopped in the period, " + percent(stopped - breachedClocks,
                    stopped) + " within target; " + count(breaches, "breach") + " recorded";
            List<String> missing = new ArrayList<>(breachesWithoutCause);
            return judge(stopped + breaches, missing, "no SLA clock stopped and no breach in the period",
                    figure + (breaches == 0 ? "" : ", each with its cause"), figure);
        }
    }

    /** R-7.2a: customers identified and recorded — every active service has its customers recorded. */
    @Component
    static class CustomersRecorded implements ConformanceCheck {
        private final JdbcClient jdbc;

        CustomersRecorded(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-7.2a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<String> services = jdbc.sql("select id from service where status = 'ACTIVE' order by id")
                    .query(String.class).list();
            List<String> withCustomers = jdbc.sql("select distinct service_id from service_customer")
                    .query(String.class).list();
            long customers = jdbc.sql("select count(*) from customer").query(Long.class).single();
            List<String> missing = services.stream().filter(s -> !withCustomers.contains(s))
                    .map(s -> s + " (no customer recorded)").toList();
            return judge(services.size(), missing, "no active services in the catalogue",
                    count(customers, "customer") + " recorded for " + count(services.size(), "active service")
                            + ", every service with its customers", count(customers, "customer") + " recorded; "
                            + count(missing.size(), "service") + " without customers");
        }
    }
}
