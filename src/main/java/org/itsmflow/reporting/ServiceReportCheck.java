package org.itsmflow.reporting;

import java.util.List;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.stereotype.Component;

/**
 * evidence: the monthly service reports of the period were generated and each was reviewed by its service
 * owner with its decisions recorded.
 */
@Component
class ServiceReportCheck implements ConformanceCheck {

    private final ServiceReportRecords records;

    ServiceReportCheck(ServiceReportRecords records) {
        this.records = records;
    }

    @Override
    public String requirementId() {
        return "R-6.2";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        List<StoredReport> reports = records.ofPeriodsStartingBetween(period.from(), period.to());
        if (reports.isEmpty()) {
            return Evidence.noActivity("No service report generated for a period starting in this period");
        }
        List<String> unreviewed = reports.stream().filter(r -> !ServiceReportRecords.REVIEWED.equals(r.status()))
                .map(StoredReport::id).toList();
        String figure = reports.size() + " service report(s), " + (reports.size() - unreviewed.size())
                + " reviewed with decisions recorded";
        return unreviewed.isEmpty() ? Evidence.met(figure)
                : Evidence.notMet(figure, unreviewed.stream().limit(20).toList());
    }
}
