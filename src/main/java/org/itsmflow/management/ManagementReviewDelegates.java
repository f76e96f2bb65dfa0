package org.itsmflow.management;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.TaskDisplay;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The thin delegates and the task details of {@code bpmn/ManagementReview.bpmn}. */
final class ManagementReviewDelegates {

    private ManagementReviewDelegates() {
    }

    static String reviewId(DelegateExecution execution) {
        return text(execution, ManagementReviewVariables.REVIEW_ID);
    }

    static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value == null ? null : value.toString();
    }

    /**
     * ServiceTask_RecordReview: records the review (MR-000001) for the timer or a request through the API; its id
     * becomes the business key, its due date the task's due date and the overdue timer's.
     */
    @Component("recordManagementReviewDelegate")
    static class RecordReview implements JavaDelegate {
        private final ManagementReviewService reviews;

        RecordReview(ManagementReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            ManagementReview review = reviews.record(execution.getProcessInstanceId(),
                    text(execution, ManagementReviewVariables.REQUESTED_BY),
                    text(execution, ManagementReviewVariables.REQUEST_REASON));
            execution.setVariable(ManagementReviewVariables.REVIEW_ID, review.id());
            execution.setVariable(ManagementReviewVariables.REVIEW_DUE_AT, Date.from(review.dueAt()));
            if (!review.id().equals(execution.getProcessBusinessKey())) {
                execution.setProcessBusinessKey(review.id());
            }
        }
    }

    /** ServiceTask_GatherInputs: the period's inputs from the product's records. */
    @Component("gatherManagementReviewInputsDelegate")
    static class GatherInputs implements JavaDelegate {
        private final ManagementReviewService reviews;

        GatherInputs(ManagementReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.gatherInputs(reviewId(execution));
        }
    }

    /** ServiceTask_RecordMinutes: attendees, minutes, and each decision as an improvement item. */
    @Component("recordManagementReviewMinutesDelegate")
    static class RecordMinutes implements JavaDelegate {
        private final ManagementReviewService reviews;

        RecordMinutes(ManagementReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.hold(reviewId(execution), text(execution, ManagementReviewVariables.ATTENDEES),
                    text(execution, ManagementReviewVariables.MINUTES),
                    text(execution, ManagementReviewVariables.DECISIONS));
        }
    }

    /** ServiceTask_MarkOverdue: the review was not held by its due date. */
    @Component("markManagementReviewOverdueDelegate")
    static class MarkOverdue implements JavaDelegate {
        private final ManagementReviewService reviews;

        MarkOverdue(ManagementReviewService reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.markOverdue(reviewId(execution));
        }
    }

    /**
     * Gives the "Hold management review" task what its form shows: the period and each input, read-only. Task-local
     * copies for display through {@link TaskDisplay} (no history for them, ADR 0012); the review table stays the only
     * source of truth.
     */
    @Component
    static class TaskDetails {
        private final ManagementReviewService reviews;
        private final TaskDisplay display;

        TaskDetails(ManagementReviewService reviews, TaskDisplay display) {
            this.reviews = reviews;
            this.display = display;
        }

        @EventListener(condition = "#task.eventName == 'create'")
        public void onCreate(DelegateTask task) {
            if (task.getProcessDefinitionId() == null
                    || !task.getProcessDefinitionId().startsWith(ManagementReviewService.PROCESS_KEY + ":")
                    || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
                return;
            }
            Object reviewId = task.getVariable(ManagementReviewVariables.REVIEW_ID);
            if (reviewId != null) {
                display.show(task, details(reviews.require(reviewId.toString())));
            }
        }

        static Map<String, Object> details(ManagementReview review) {
            Map<String, Object> details = new HashMap<>();
            details.put("period", ManagementReviewInputs.period(review.periodFrom(), review.periodTo()));
            details.put("startedBy", review.trigger() == ManagementReviewTrigger.SCHEDULED
                    ? "the half-yearly schedule" : "request of " + review.requestedBy()
                    + (review.requestReason() == null ? "" : ": " + review.requestReason()));
            details.put("conformanceInput", nz(review.conformanceInput()));
            details.put("slaInput", nz(review.slaInput()));
            details.put("incidentInput", nz(review.incidentInput()));
            details.put("changeInput", nz(review.changeInput()));
            details.put("customerInput", nz(review.customerInput()));
            details.put("auditInput", nz(review.auditInput()));
            details.put("improvementInput", nz(review.improvementInput()));
            details.put("previousInput", nz(review.previousInput()));
            return details;
        }

        private static String nz(String text) {
            return text == null ? "" : text;
        }
    }
}
