package org.itsmflow.satisfaction;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.TaskDisplay;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The service task and the task details of {@code bpmn/SatisfactionFollowUp.bpmn}. */
final class SatisfactionDelegates {

    private SatisfactionDelegates() {
    }

    /** ServiceTask_RecordFollowUp: what customer relations did about a low score is recorded on the survey. */
    @Component("recordFollowUpDelegate")
    static class RecordFollowUp implements JavaDelegate {
        private final SatisfactionService surveys;

        RecordFollowUp(SatisfactionService surveys) {
            this.surveys = surveys;
        }

        @Override
        public void execute(DelegateExecution execution) {
            surveys.recordFollowUp((String) execution.getVariable(SatisfactionVariables.SURVEY_ID),
                    (String) execution.getVariable(SatisfactionVariables.FOLLOW_UP_OUTCOME),
                    (String) execution.getVariable(SatisfactionVariables.FOLLOW_UP_NOTE));
        }
    }

    /**
     * Gives the follow-up task what its form shows: the incident, service, customer, the score and the comment.
     * Task-local copies for display; the survey table stays the only source of truth.
     */
    @Component
    static class TaskDetails {
        private final SatisfactionService surveys;
        private final TaskDisplay display;

        TaskDetails(TaskDisplay display, SatisfactionService surveys) {
            this.display = display;
            this.surveys = surveys;
        }

        @EventListener(condition = "#task.eventName == 'create'")
        public void onCreate(DelegateTask task) {
            if (task.getProcessDefinitionId() == null
                    || !task.getProcessDefinitionId().startsWith(SatisfactionService.PROCESS_KEY + ":")
                    || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
                return;
            }
            String surveyId = (String) task.getVariable(SatisfactionVariables.SURVEY_ID);
            if (surveyId != null) {
                display.show(task, details(surveys.require(surveyId)));
            }
        }

        Map<String, Object> details(Survey survey) {
            Map<String, Object> details = new HashMap<>();
            details.put("incidentTitle", survey.subject());
            details.put("serviceName", surveys.serviceName(survey));
            details.put("customerName", surveys.customerName(survey));
            details.put("respondent", survey.respondent());
            details.put("scoreText", survey.score() + " of 5");
            details.put("answerComment", survey.comment() == null ? "(no comment)" : survey.comment());
            return details;
        }
    }
}
