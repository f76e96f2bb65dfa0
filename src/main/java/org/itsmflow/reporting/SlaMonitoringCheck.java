package org.itsmflow.reporting;

import java.util.List;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.servicelevel.SlaFigures;
import org.springframework.stereotype.Component;

/**
 * R-6.1d evidence: service levels are monitored against their targets: SLA clocks stopped in the period with their
 * attainment, and every breach recorded with a cause.
 */
@Component
class SlaMonitoringCheck implements ConformanceCheck {

    private final SlaFigures sla;

    SlaMonitoringCheck(SlaFigures sla) {
        this.sla = sla;
    }

    @Override
    public String requirementId() {
        return "R-6.1d";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        List<SlaFigures.ClockOutcome> clocks = sla.stoppedBetween(null, period.from(), period.to());
        List<SlaFigures.BreachRecord> breaches = sla.breachesBetween(null, period.from(), period.to());
        if (clocks.isEmpty() && breaches.isEmpty()) {
            return Evidence.noActivity("No SLA clock stopped and no breach in the period");
        }
        long met = clocks.stream().filter(SlaFigures.ClockOutcome::met).count();
        List<String> noCause = breaches.stream().filter(b -> b.cause() == null || b.cause().isBlank())
                .map(b -> b.recordId() + " " + b.kind()).toList();
        String figure = clocks.size() + " SLA clock(s) stopped, " + met + " met ("
                + ServiceReportService.percent(met, clocks.size()) + " %); " + breaches.size() + " breach(es) recorded";
        return noCause.isEmpty() ? Evidence.met(figure) : Evidence.notMet(figure + ", some without a cause",
                noCause.stream().limit(20).toList());
    }
}
