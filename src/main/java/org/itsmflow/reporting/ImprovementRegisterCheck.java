package org.itsmflow.reporting;

import java.time.Duration;
import java.util.List;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.springframework.stereotype.Component;

/**
 * evidence: improvement opportunities are recorded in the register, and each is assessed within 30 days of
 * being recorded (a PROPOSED item older than that at the end of the period falls short).
 */
@Component
class ImprovementRegisterCheck implements ConformanceCheck {

    static final Duration ASSESS_WITHIN = Duration.ofDays(30);

    private final ImprovementRegister register;

    ImprovementRegisterCheck(ImprovementRegister register) {
        this.register = register;
    }

    @Override
    public String requirementId() {
        return "R-4.4";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        List<ImprovementItem> items = register.relevantTo(null, period.from(), period.to());
        if (items.isEmpty()) {
            return Evidence.noActivity("No improvement item open in the period");
        }
        List<String> stale = items.stream().filter(i -> "PROPOSED".equals(i.status())
                && i.createdAt().plus(ASSESS_WITHIN).isBefore(period.to())).map(ImprovementItem::id).toList();
        long closed = items.stream().filter(ImprovementItem::closed).count();
        String figure = items.size() + " improvement item(s) in the period, " + closed + " closed, " + stale.size()
                + " not assessed within 30 days";
        return stale.isEmpty() ? Evidence.met(figure) : Evidence.notMet(figure, stale.stream().limit(20).toList());
    }
}
