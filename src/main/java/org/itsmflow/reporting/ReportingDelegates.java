package org.itsmflow.reporting;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.improvement.ImprovementItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.servicelevel.OutageInvestigations;
import org.springframework.stereotype.Component;

/** The thin delegates of {@code bpmn/ServiceReporting.bpmn}. */
final class ReportingDelegates {

    private ReportingDelegates() {
    }

    /** ServiceTask_GenerateReports: the monthly timer fired. */
    @Component("generateServiceReportsDelegate")
    static class GenerateReports implements JavaDelegate {
        private final ServiceReporting reporting;

        GenerateReports(ServiceReporting reporting) {
            this.reporting = reporting;
        }

        @Override
        public void execute(DelegateExecution execution) {
            ServiceReporting.Run run = reporting.runLastMonth();
            execution.setVariable("reportsGenerated", run.reportIds().size());
            execution.setVariable("investigationsOpened", run.investigatedOutages().size());
            execution.setVariable("improvementsRecorded", run.improvementIds().size());
        }
    }

    /** ServiceTask_RecordDecisions: the service owner's decisions and corrective actions. */
    @Component("recordReportDecisionsDelegate")
    static class RecordDecisions implements JavaDelegate {
        private final ServiceReportRecords records;

        RecordDecisions(ServiceReportRecords records) {
            this.records = records;
        }

        @Override
        public void execute(DelegateExecution execution) {
            List<ImprovementItem> items = records.recordReview((String) execution.getVariable(ReportingVariables.REPORT_ID),
                    (String) execution.getVariable(ReportingVariables.DECISIONS),
                    (String) execution.getVariable(ReportingVariables.CORRECTIVE_ACTIONS));
            execution.setVariable("improvementIds", String.join(",", items.stream().map(ImprovementItem::id).toList()));
        }
    }

    /** ServiceTask_RecordInvestigation: the cause found and, when asked for, an improvement item. */
    @Component("recordOutageInvestigationDelegate")
    static class RecordInvestigation implements JavaDelegate {
        private final OutageInvestigations investigations;
        private final ImprovementRegister improvements;
        private final EngineUser engineUser;

        RecordInvestigation(OutageInvestigations investigations, ImprovementRegister improvements,
                EngineUser engineUser) {
            this.investigations = investigations;
            this.improvements = improvements;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            long outageId = ((Number) execution.getVariable(ReportingVariables.OUTAGE_ID)).longValue();
            String cause = (String) execution.getVariable(ReportingVariables.CAUSE);
            String findings = (String) execution.getVariable(ReportingVariables.FINDINGS);
            String improvementId = null;
            if (cause != null && !cause.isBlank()
                    && "YES".equals(execution.getVariable(ReportingVariables.IMPROVEMENT_NEEDED))) {
                improvementId = improvements.add("OUTAGE_REVIEW", (String) execution.getVariable("recordId"),
                        (String) execution.getVariable("serviceId"), "Prevent unplanned outage: " + cause.strip(),
                        "Investigation of outage " + outageId + ". " + (findings == null ? "" : findings), "HIGH").id();
            }
            investigations.record(outageId, cause, findings, improvementId, engineUser.actor(),
                    ClockUtil.getCurrentTime().toInstant());
            execution.setVariable("improvementId", improvementId);
        }
    }
}
