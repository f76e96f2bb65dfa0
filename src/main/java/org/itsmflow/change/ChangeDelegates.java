package org.itsmflow.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.FormValues;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.DecisionResults;
import org.springframework.stereotype.Component;

/**
 * The change process's service tasks. Each reads what it needs, calls one {@link ChangeService} method and writes
 * back only routing variables (names in {@link ChangeVariables}).
 */
final class ChangeDelegates {

    /** Form fields of the start form that leave the process once the record holds them. */
    static final List<String> START_FORM_FIELDS = List.of("title", "description", "reason", "affectedCiIds",
            "plannedStart", "plannedEnd", "implementationPlan", "backoutPlan", "costEstimate", "businessBenefit");

    private ChangeDelegates() {
    }

    /** ServiceTask_RecordChange (R-9.2a): records a change started from Tasklist's start form. */
    @Component("recordChangeDelegate")
    static class Record implements JavaDelegate {
        private final ChangeService changes;

        Record(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            if (execution.hasVariable(ChangeVariables.CHANGE_ID)) {
                return;
            }
            List<String> cis = FormValues.ids(FormValues.text(execution, "affectedCiIds"));
            NewChange form = new NewChange(FormValues.text(execution, "title"),
                    FormValues.text(execution, "description"), FormValues.text(execution, "reason"),
                    enumOf(ChangeType.class, execution, ChangeVariables.CHANGE_TYPE),
                    enumOf(ChangeUrgency.class, execution, ChangeVariables.URGENCY), cis,
                    instant(execution, "plannedStart"), instant(execution, "plannedEnd"),
                    FormValues.text(execution, "implementationPlan"),
                    FormValues.text(execution, "backoutPlan"), money(execution, "costEstimate"),
                    FormValues.text(execution, "businessBenefit"), null, null);
            Change change = changes.recordFromStartForm(form, FormValues.text(execution, ChangeVariables.REQUESTER),
                    execution.getProcessInstanceId());
            execution.setProcessBusinessKey(change.id());
            execution.setVariables(ChangeVariables.start(change));
            START_FORM_FIELDS.forEach(execution::removeVariable);
        }

        private static <E extends Enum<E>> E enumOf(Class<E> type, DelegateExecution execution, String name) {
            String value = FormValues.text(execution, name);
            try {
                return value == null ? null : Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        static Instant instant(DelegateExecution execution, String name) {
            String value = FormValues.text(execution, name);
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new InvalidFieldException(name, "must be an ISO-8601 date and time");
                }
            }
        }

        private static BigDecimal money(DelegateExecution execution, String name) {
            Object value = execution.getVariable(name);
            if (value == null || value.toString().isBlank()) {
                return null;
            }
            try {
                return new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidFieldException(name, "must be a number");
            }
        }
    }

    /** ServiceTask_AnalyseImpact (R-9.1c, R-9.2b): sets the ChangeRisk inputs and the conflict count. */
    @Component("analyseChangeImpactDelegate")
    static class AnalyseImpact implements JavaDelegate {
        private final ChangeService changes;

        AnalyseImpact(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariables(changes.analyseImpact(ChangeVariables.changeId(execution)));
        }
    }

    /** The assessment fields of the assess forms, from the completed task or the execution it left them on. */
    static ChangeService.Assessment assessment(org.camunda.bpm.engine.delegate.VariableScope scope) {
        return new ChangeService.Assessment(FormValues.text(scope, "riskAssessment"),
                FormValues.text(scope, "impactAssessment"), FormValues.text(scope, "benefitAssessment"),
                FormValues.text(scope, "securityImpact"), FormValues.text(scope, "continuityImpact"));
    }


    /** ServiceTask_ApplyRisk: records the ChangeRisk decision (R-9.2b). */
    @Component("applyChangeRiskDelegate")
    static class ApplyRisk implements JavaDelegate {
        private final ChangeService changes;

        ApplyRisk(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> outputs = DecisionResults.singleResult(execution, "ChangeRisk", ChangeVariables.RISK_DECISION);
            String level = (String) outputs.get("riskLevel");
            changes.applyRisk(ChangeVariables.changeId(execution), level, (String) outputs.get("riskReason"));
            execution.setVariable(ChangeVariables.RISK_LEVEL, level);
        }
    }

    /** ServiceTask_ApplyClassification: records class and route; names the voters; pre-approves standard changes. */
    @Component("applyChangeClassificationDelegate")
    static class ApplyClassification implements JavaDelegate {
        private final ChangeService changes;

        ApplyClassification(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> outputs = DecisionResults.singleResult(execution, "ChangeClassification", ChangeVariables.CLASSIFICATION_DECISION);
            ChangeService.Classification classification = changes.applyClassification(
                    ChangeVariables.changeId(execution), (String) outputs.get("changeClass"),
                    (String) outputs.get("approvalRoute"), (String) outputs.get("classificationReason"),
                    (String) outputs.get("emergencyAssessment"));
            execution.setVariable(ChangeVariables.CHANGE_CLASS, classification.changeClass());
            execution.setVariable(ChangeVariables.APPROVAL_ROUTE, classification.approvalRoute());
            execution.setVariable(ChangeVariables.EMERGENCY_ASSESSMENT, classification.emergencyAssessment());
            execution.setVariable(ChangeVariables.CAB_VOTERS, new java.util.ArrayList<>(classification.cabVoters()));
            execution.setVariable(ChangeVariables.ECAB_VOTERS, new java.util.ArrayList<>(classification.ecabVoters()));
            execution.setVariable(ChangeVariables.APPROVED, "PRE_APPROVED".equals(classification.approvalRoute()));
        }
    }

    /** ServiceTask_RecordDecision: the change manager's assessment and decision (R-9.2b, R-9.2d, R-6.6a, R-6.3b). */
    @Component("recordChangeDecisionDelegate")
    static class RecordDecision implements JavaDelegate {
        private final ChangeService changes;

        RecordDecision(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String id = ChangeVariables.changeId(execution);
            changes.recordAssessment(id, assessment(execution));
            String decision = FormValues.text(execution, "decision");
            if (decision == null || !List.of("APPROVE", "REJECT").contains(decision)) {
                throw new InvalidFieldException("decision", "must be APPROVE or REJECT");
            }
            boolean approved = "APPROVE".equals(decision);
            changes.decide(id, approved, FormValues.text(execution, "decisionReason"));
            execution.setVariable(ChangeVariables.APPROVED, approved);
        }
    }

    /**
     * ServiceTask_TallyVotes / ServiceTask_TallyEmergencyVotes: the quorum rule (R-9.2d, R-9.2f). The change manager's
     * assessment for the CAB was journalled when its task completed (recordAssessmentListener), under their name.
     */
    @Component("tallyChangeVotesDelegate")
    static class TallyVotes implements JavaDelegate {
        private final ChangeService changes;

        TallyVotes(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(ChangeVariables.APPROVED, changes.tally(ChangeVariables.changeId(execution)));
        }
    }

    /** ServiceTask_RecordRejection. */
    @Component("rejectChangeDelegate")
    static class Reject implements JavaDelegate {
        private final ChangeService changes;

        Reject(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            changes.reject(ChangeVariables.changeId(execution));
        }
    }

    /** ServiceTask_ScheduleChange (R-9.2g): sets {@code plannedStartAt} for the "window opens" timer. */
    @Component("scheduleChangeDelegate")
    static class Schedule implements JavaDelegate {
        private final ChangeService changes;

        Schedule(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Instant start = changes.schedule(ChangeVariables.changeId(execution));
            execution.setVariable(ChangeVariables.PLANNED_START_AT, start.toString());
        }
    }

    /** ServiceTask_StartImplementation. */
    @Component("startImplementationDelegate")
    static class StartImplementation implements JavaDelegate {
        private final ChangeService changes;

        StartImplementation(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            changes.startImplementation(ChangeVariables.changeId(execution));
        }
    }

    /** ServiceTask_UpdateCmdb (R-9.1b, R-9.1d, R-5a, R-6.1b). */
    @Component("applyChangeToCmdbDelegate")
    static class UpdateCmdb implements JavaDelegate {
        private final ChangeService changes;
        private final ChangeCmdbUpdater updater;

        UpdateCmdb(ChangeService changes, ChangeCmdbUpdater updater) {
            this.changes = changes;
            this.updater = updater;
        }

        @Override
        public void execute(DelegateExecution execution) {
            changes.implemented(ChangeVariables.changeId(execution), FormValues.text(execution, "implementationNote"),
                    updater);
        }
    }

    /** ServiceTask_RecordBackout (R-9.2c). */
    @Component("recordBackoutDelegate")
    static class RecordBackout implements JavaDelegate {
        private final ChangeService changes;

        RecordBackout(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            changes.backedOut(ChangeVariables.changeId(execution), FormValues.text(execution, "implementationNote"),
                    FormValues.text(execution, "backoutNote"));
        }
    }

    /** ServiceTask_CloseChange (R-9.2e, R-9.2f, R-5b). */
    @Component("closeChangeDelegate")
    static class Close implements JavaDelegate {
        private final ChangeService changes;

        Close(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String retrospective = FormValues.text(execution, "emergencyReviewNote");
            Object justified = execution.getVariable("emergencyJustified");
            if (retrospective != null || justified != null) {
                retrospective = (justified == null ? "" : "emergency justified: " + justified + "; ")
                        + (retrospective == null ? "" : retrospective);
            }
            changes.close(ChangeVariables.changeId(execution), FormValues.text(execution, "reviewOutcome"),
                    FormValues.text(execution, "reviewNote"), FormValues.text(execution, "lessonsLearned"),
                    retrospective);
        }
    }

    /** Every "Notify …" task; its input {@code notification} says what happened. */
    @Component("notifyChangeDelegate")
    static class Notify implements JavaDelegate {
        private final ChangeNotifier notifier;

        Notify(ChangeNotifier notifier) {
            this.notifier = notifier;
        }

        @Override
        public void execute(DelegateExecution execution) {
            notifier.notify(ChangeVariables.changeId(execution),
                    ChangeNotifier.Notification.valueOf(FormValues.text(execution, "notification")));
        }
    }
}
