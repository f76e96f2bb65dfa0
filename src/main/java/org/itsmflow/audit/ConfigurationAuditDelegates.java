package org.itsmflow.audit;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Component;

/** The thin delegates of {@code bpmn/ConfigurationAudit.bpmn} (R-9.1i); the steps it shares are in AuditDelegates. */
final class ConfigurationAuditDelegates {

    private ConfigurationAuditDelegates() {
    }

    /** ServiceTask_CheckCmdb: the automated check's deficiencies and the sample to verify. */
    @Component("checkCmdbDelegate")
    static class CheckCmdb implements JavaDelegate {
        private final ConfigurationAuditService configurationAudits;

        CheckCmdb(ConfigurationAuditService configurationAudits) {
            this.configurationAudits = configurationAudits;
        }

        @Override
        public void execute(DelegateExecution execution) {
            ConfigurationAuditService.CheckResult result = configurationAudits.checkCmdb(AuditDelegates.auditId(execution));
            execution.setVariable(AuditVariables.SAMPLE, String.join(", ", result.sample()));
            execution.setVariable("cisChecked", result.checked());
            execution.setVariable("deficienciesFound", result.deficiencies());
        }
    }

    /** ServiceTask_RecordVerification: what the auditor found for each sampled CI. */
    @Component("recordVerificationDelegate")
    static class RecordVerification implements JavaDelegate {
        private final ConfigurationAuditService configurationAudits;
        private final EngineUser engineUser;

        RecordVerification(ConfigurationAuditService configurationAudits, EngineUser engineUser) {
            this.configurationAudits = configurationAudits;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String by = AuditDelegates.text(execution, AuditVariables.LEAD_AUDITOR);
            configurationAudits.recordVerification(AuditDelegates.auditId(execution),
                    AuditDelegates.text(execution, AuditVariables.SAMPLE),
                    AuditDelegates.text(execution, AuditVariables.VERIFICATION), by != null ? by : engineUser.actor());
        }
    }
}
