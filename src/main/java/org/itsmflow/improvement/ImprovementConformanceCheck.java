package org.itsmflow.improvement;

import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * improvements recorded and prioritised in the service improvement register — the items the processes
 * ("→ SIP") added in the period, by source, each with a priority and a status.
 */
@Component
class ImprovementConformanceCheck implements ConformanceCheck {

    private final JdbcClient jdbc;

    ImprovementConformanceCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String requirementId() {
        return "R-4.4";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        Map<String, Long> bySource = new TreeMap<>();
        jdbc.sql("select source, count(*) from improvement_item where created_at >= ? and created_at < ? group by source")
                .params(utc(period.from()), utc(period.to()))
                .query(rs -> {
                    bySource.put(rs.getString(1), rs.getLong(2));
                });
        List<String> missing = jdbc.sql("select id from improvement_item where created_at >= ? and created_at < ? "
                        + "and (priority is null or status is null) order by id")
                .params(utc(period.from()), utc(period.to())).query(String.class).list().stream()
                .map(id -> id + " (no priority or status)").toList();
        long n = bySource.values().stream().mapToLong(Long::longValue).sum();
        String figure = count(n, "improvement") + " recorded in the register" + (n == 0 ? "" : ", by source " + bySource);
        return judge(n, missing, "no improvements recorded in the period", figure + ", each prioritised", figure);
    }
}
