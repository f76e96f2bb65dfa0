package org.itsmflow.audit;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Component;

/** The thin delegates of {@code bpmn/InternalAudit.bpmn} and {@code bpmn/AuditProgrammeCheck.bpmn} (R-4.3a, R-4.3b, R-4.4). */
final class AuditDelegates {

    private AuditDelegates() {
    }

    static String auditId(DelegateExecution execution) {
        return (String) execution.getVariable(AuditVariables.AUDIT_ID);
    }

    static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value == null ? null : value.toString();
    }

    /** ServiceTask_StartDueAudits: the daily programme check starts the audits that fell due (R-4.3a). */
    @Component("startDueAuditsDelegate")
    static class StartDueAudits implements JavaDelegate {
        private final AuditService audits;

        StartDueAudits(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable("auditsStarted", audits.startDueAudits().size());
        }
    }

    /**
     * ServiceTask_OpenAudit (both processes): links the audit record to this instance, or, for an audit started
     * by hand in Tasklist, opens the record from the programme line of the start form; the record's id becomes the
     * business key.
     */
    @Component("openAuditDelegate")
    static class OpenAudit implements JavaDelegate {
        private final AuditService audits;
        private final EngineUser engineUser;

        OpenAudit(AuditService audits, EngineUser engineUser) {
            this.audits = audits;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String processKey = execution.getProcessDefinitionId().split(":")[0];
            String by = text(execution, AuditVariables.INITIATOR);
            Audit audit = audits.open(auditId(execution), text(execution, AuditVariables.PROGRAMME_ID), processKey,
                    execution.getProcessInstanceId(), by != null ? by : engineUser.actor());
            audits.variables(audit).forEach(execution::setVariable);
            if (!audit.id().equals(execution.getProcessBusinessKey())) {
                execution.setProcessBusinessKey(audit.id());
            }
        }
    }

    /** ServiceTask_RecordPlan: the plan and the lead auditor, refused when not independent (R-4.3b). */
    @Component("recordAuditPlanDelegate")
    static class RecordPlan implements JavaDelegate {
        private final AuditService audits;

        RecordPlan(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Audit audit = audits.plan(auditId(execution), text(execution, AuditVariables.LEAD_AUDITOR),
                    text(execution, AuditVariables.AUDIT_PLAN));
            execution.setVariable(AuditVariables.LEAD_AUDITOR, audit.leadAuditor());
        }
    }

    /** ServiceTask_RecordFindings: the findings of "Perform audit". */
    @Component("recordAuditFindingsDelegate")
    static class RecordFindings implements JavaDelegate {
        private final AuditService audits;
        private final EngineUser engineUser;

        RecordFindings(AuditService audits, EngineUser engineUser) {
            this.audits = audits;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String by = text(execution, AuditVariables.LEAD_AUDITOR);
            audits.recordFindings(auditId(execution), text(execution, AuditVariables.FINDINGS),
                    by != null ? by : engineUser.actor());
        }
    }

    /** ServiceTask_IssueReport: the report, and every finding into the improvement register. */
    @Component("issueAuditReportDelegate")
    static class IssueReport implements JavaDelegate {
        private final AuditService audits;

        IssueReport(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(AuditVariables.FINDING_COUNT,
                    audits.issueReport(auditId(execution), text(execution, AuditVariables.REPORT)));
        }
    }

    /** ServiceTask_RecordResponse: management's response to the findings. */
    @Component("recordAuditResponseDelegate")
    static class RecordResponse implements JavaDelegate {
        private final AuditService audits;

        RecordResponse(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            audits.recordResponse(auditId(execution), text(execution, AuditVariables.MANAGEMENT_RESPONSE));
        }
    }

    /** ServiceTask_RecordFollowUp: whether the corrective actions are in place and effective. */
    @Component("recordAuditFollowUpDelegate")
    static class RecordFollowUp implements JavaDelegate {
        private final AuditService audits;

        RecordFollowUp(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            audits.recordFollowUp(auditId(execution), text(execution, AuditVariables.ACTIONS_EFFECTIVE),
                    text(execution, AuditVariables.FOLLOW_UP_NOTES));
        }
    }

    /** ServiceTask_CloseAudit. */
    @Component("closeAuditDelegate")
    static class CloseAudit implements JavaDelegate {
        private final AuditService audits;

        CloseAudit(AuditService audits) {
            this.audits = audits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            audits.close(auditId(execution));
        }
    }
}
