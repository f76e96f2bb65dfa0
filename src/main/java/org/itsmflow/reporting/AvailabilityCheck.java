package org.itsmflow.reporting;

import java.util.ArrayList;
import java.util.List;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.servicelevel.OutageInvestigations;
import org.itsmflow.servicelevel.OutageService;
import org.springframework.stereotype.Component;

/**
 * R-6.3a evidence: availability is computed per service from outage records, and every unplanned outage that ended
 * in the period was investigated (cause recorded).
 */
@Component
class AvailabilityCheck implements ConformanceCheck {

    private final OutageService outages;
    private final OutageInvestigations investigations;

    AvailabilityCheck(OutageService outages, OutageInvestigations investigations) {
        this.outages = outages;
        this.investigations = investigations;
    }

    @Override
    public String requirementId() {
        return "R-6.3a";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        List<OutageService.Outage> ended = outages.unplannedEndedBetween(period.from(), period.to());
        if (ended.isEmpty()) {
            return Evidence.noActivity("No unplanned outage ended in the period");
        }
        List<String> open = new ArrayList<>();
        for (OutageService.Outage o : ended) {
            boolean done = investigations.find(o.id()).map(i -> i.investigatedAt() != null).orElse(false);
            if (!done) {
                open.add("outage " + o.id() + " of " + o.serviceId() + " (" + o.recordId() + ")");
            }
        }
        String figure = ended.size() + " unplanned outage(s) ended, " + (ended.size() - open.size())
                + " investigated with a cause recorded";
        return open.isEmpty() ? Evidence.met(figure) : Evidence.notMet(figure, open.stream().limit(20).toList());
    }
}
