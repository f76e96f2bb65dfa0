package org.itsmflow.complaint;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Records what a person did in a complaint task when they complete it (R-7.2c): acknowledgement, findings,
 * actions, outcome, formal closure, or the answer to informal feedback. The texts go to the record and its journal
 * and leave the process; only {@code causeFound} stays, for the "Cause found?" gateway. Invalid input (a cause
 * found but not named, closure without acceptance and without a reason) refuses the completion with a message
 * naming the field.
 */
@Component("complaintStepListener")
class ComplaintStepListener implements TaskListener {

    private final ComplaintService complaints;

    ComplaintStepListener(ComplaintService complaints) {
        this.complaints = complaints;
    }

    @Override
    public void notify(DelegateTask task) {
        String id = (String) task.getVariable(ComplaintVariables.COMPLAINT_ID);
        switch (task.getTaskDefinitionKey()) {
            case "UserTask_AcknowledgeComplaint" -> complaints.acknowledge(id, take(task, "acknowledgement"));
            case "UserTask_InvestigateComplaint" -> {
                boolean causeFound = Boolean.TRUE.equals(task.getVariable(ComplaintVariables.CAUSE_FOUND))
                        || "true".equals(String.valueOf(task.getVariable(ComplaintVariables.CAUSE_FOUND)));
                complaints.investigate(id, causeFound, take(task, "cause"), take(task, "investigationNote"));
                task.getExecution().setVariable(ComplaintVariables.CAUSE_FOUND, causeFound);
            }
            case "UserTask_DecideActions" -> complaints.act(id, take(task, "actions"));
            case "UserTask_ReportOutcome" -> complaints.reportOutcome(id, take(task, "outcome"));
            case "UserTask_CloseComplaint" -> complaints.close(id, take(task, "customerAcceptance"),
                    take(task, "closureReason"));
            case "UserTask_AnswerFeedback" -> complaints.answerFeedback(id, take(task, "answer"));
            default -> throw new IllegalStateException("No complaint step for task " + task.getTaskDefinitionKey());
        }
    }

    /** Reads a form field and removes it from the process: the record keeps it. */
    private static String take(DelegateTask task, String name) {
        Object value = task.getVariable(name);
        task.getExecution().removeVariable(name);
        return value == null ? null : value.toString();
    }
}
