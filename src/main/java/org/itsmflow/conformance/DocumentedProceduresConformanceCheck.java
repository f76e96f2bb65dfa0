package org.itsmflow.conformance;

import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Component;

/**
 * the deployed BPMN and DMN models are the documented procedures — each names the requirements it carries in
 * its documentation — and every process instance's history is its record (history level full).
 */
@Component
class DocumentedProceduresConformanceCheck implements ConformanceCheck {

    private final ModelCarriers models;
    private final HistoryService history;
    private final EngineUser engineUser;

    DocumentedProceduresConformanceCheck(ModelCarriers models, HistoryService history, EngineUser engineUser) {
        this.models = models;
        this.history = history;
        this.engineUser = engineUser;
    }

    @Override
    public String requirementId() {
        return "R-3.2";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        Map<String, Integer> deployed = models.models();
        List<String> undocumented = deployed.entrySet().stream().filter(e -> e.getValue() == 0)
                .map(e -> e.getKey() + " (names no requirement)").toList();
        long started = engineUser.asSystem(() -> history.createHistoricProcessInstanceQuery()
                .startedAfter(java.util.Date.from(period.from().minusMillis(1)))
                .startedBefore(java.util.Date.from(period.to())).count());
        String figure = count(deployed.size(), "deployed model") + ", " + count(deployed.size() - undocumented.size())
                + " documented with the requirements they carry; " + count(started, "process instance")
                + " started in the period, each recorded in the engine history";
        return judge(deployed.size(), undocumented, "no models deployed", figure, figure);
    }
}
