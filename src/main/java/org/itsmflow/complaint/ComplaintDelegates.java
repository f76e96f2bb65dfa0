package org.itsmflow.complaint;

import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.platform.FormValues;
import org.itsmflow.platform.DecisionResults;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.TaskDisplay;
import org.springframework.stereotype.Component;

/**
 * The complaint process's service tasks. Each reads what it needs, calls one {@link ComplaintService} method and
 * writes back only routing variables.
 */
final class ComplaintDelegates {

    private ComplaintDelegates() {
    }

    static String complaintId(DelegateExecution execution) {
        return (String) execution.getVariable(ComplaintVariables.COMPLAINT_ID);
    }


    /**
     * ServiceTask_RecordComplaint (R-7.2c): a complaint raised through the API is already recorded; one started from
     * Tasklist's "Raise a complaint" form is recorded here from the form's fields, which then leave the process.
     */
    @Component("recordComplaintDelegate")
    static class Record implements JavaDelegate {
        private final ComplaintService complaints;

        Record(ComplaintService complaints) {
            this.complaints = complaints;
        }

        @Override
        public void execute(DelegateExecution execution) {
            if (execution.hasVariable(ComplaintVariables.COMPLAINT_ID)) {
                return;
            }
            String severity = FormValues.text(execution, ComplaintVariables.SEVERITY);
            Severity level;
            try {
                level = severity == null ? null : Severity.valueOf(severity);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("severity", "must be HIGH, MEDIUM or LOW");
            }
            NewComplaint form = new NewComplaint(FormValues.text(execution, "title"), FormValues.text(execution, "description"), level,
                    FormValues.text(execution, ComplaintVariables.SERVICE_ID), FormValues.text(execution, "incidentId"),
                    FormValues.text(execution, "changeId"), FormValues.text(execution, ComplaintVariables.CUSTOMER_ID),
                    FormValues.text(execution, ComplaintVariables.RAISED_BY));
            Map.Entry<Complaint, Boolean> recorded = complaints.recordFromStartForm(form,
                    FormValues.text(execution, "initiator"), execution.getProcessInstanceId());
            for (String name : new String[] {"title", "description", "incidentId", "changeId"}) {
                execution.removeVariable(name);
            }
            execution.setProcessBusinessKey(recorded.getKey().id());
            execution.setVariables(ComplaintVariables.decisionInputs(recorded.getKey(), recorded.getValue()));
        }
    }

    /** ServiceTask_ApplyClassification (R-7.2c, R-7.2d, R-7.2e): records the decision, sets the timers' dates. */
    @Component("applyComplaintClassificationDelegate")
    static class ApplyClassification implements JavaDelegate {
        private final ComplaintService complaints;

        ApplyClassification(ComplaintService complaints) {
            this.complaints = complaints;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> outputs = DecisionResults.singleResult(execution, "ComplaintClassification", ComplaintVariables.CLASSIFICATION_DECISION);
            Complaint complaint = complaints.applyClassification(complaintId(execution), outputs);
            execution.setVariable(ComplaintVariables.FORMAL, Boolean.TRUE.equals(complaint.formal()));
            execution.setVariable(ComplaintVariables.OWNER_GROUP, complaint.ownerGroup());
            execution.setVariable(ComplaintVariables.ACKNOWLEDGE_DUE_AT, complaint.acknowledgeDueAt().toString());
            execution.setVariable(ComplaintVariables.RESOLUTION_DUE_AT, complaint.resolutionDueAt().toString());
            execution.setVariable(ComplaintVariables.SECOND_ESCALATION_AT, complaint.secondEscalationAt().toString());
        }
    }

    /**
     * ServiceTask_RemindOwner, ServiceTask_EscalateToManager, ServiceTask_EscalateToManagement (R-7.2d): the rung is
     * the task's {@code escalationLevel} input. The open tasks' forms then show the new escalation level.
     */
    @Component("escalateComplaintDelegate")
    static class Escalate implements JavaDelegate {
        private final ComplaintService complaints;
        private final ComplaintTaskDetails details;
        private final TaskDisplay display;

        Escalate(ComplaintService complaints, ComplaintTaskDetails details, TaskDisplay display) {
            this.complaints = complaints;
            this.details = details;
            this.display = display;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String id = complaintId(execution);
            complaints.escalate(id, ComplaintService.EscalationStep.valueOf(
                    FormValues.text(execution, ComplaintVariables.ESCALATION_LEVEL)));
            TaskService tasks = execution.getProcessEngineServices().getTaskService();
            Map<String, Object> shown = details.details(id);
            for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).list()) {
                display.show(tasks, task.getId(), shown);
            }
        }
    }

    /** ServiceTask_RecordImprovement: the cause found goes to the service improvement register. */
    @Component("recordComplaintImprovementDelegate")
    static class RecordImprovement implements JavaDelegate {
        private final ComplaintService complaints;

        RecordImprovement(ComplaintService complaints) {
            this.complaints = complaints;
        }

        @Override
        public void execute(DelegateExecution execution) {
            complaints.recordImprovement(complaintId(execution));
        }
    }
}
