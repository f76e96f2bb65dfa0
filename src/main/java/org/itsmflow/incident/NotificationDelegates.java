package org.itsmflow.incident;

import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.itsmflow.platform.FormValues;
import org.itsmflow.platform.Role;
import org.itsmflow.servicelevel.ClockKind;
import org.springframework.stereotype.Component;

/** The notify and escalate steps: asynchronous, retried by the engine when SMTP fails (R-8.2c). */
final class NotificationDelegates {

    /** The functional escalation ladder: who takes over when a group misses a target. */
    static final Map<String, String> NEXT_LINE = Map.of(Role.SERVICE_DESK.groupId(), Role.SECOND_LINE.groupId());

    private NotificationDelegates() {
    }

    /** Every "Notify …" task; the task's input {@code notification} says what happened. */
    @Component("notifyCustomerDelegate")
    static class Notify implements JavaDelegate {
        private final IncidentNotifier notifier;

        Notify(IncidentNotifier notifier) {
            this.notifier = notifier;
        }

        @Override
        public void execute(DelegateExecution execution) {
            notifier.notify(IncidentDelegates.incidentId(execution), IncidentNotifier.Notification.valueOf(
                    FormValues.text(execution, "notification")));
        }
    }

    /**
     * ServiceTask_EscalateResponse / ServiceTask_EscalateBreach / ServiceTask_EscalateMajorBreach, in the timer's
     * transaction: records a response breach, makes the next support line a candidate of the open task (functional
     * escalation) and records the escalation once (R-6.1d, R-8.2b). It sends no mail: the asynchronous step after it
     * ({@link NotifyEscalation}) does, so an SMTP outage cannot hold the breach back and a rolled-back escalation is
     * never mailed. The resolution timer fires again each time the incident re-enters "Investigate and resolve" after
     * its due time; then only the next line is made a candidate of the new task.
     */
    @Component("escalateIncidentDelegate")
    static class Escalate implements JavaDelegate {
        private final IncidentNotifier notifier;
        private final IncidentService incidents;
        private final TaskService tasks;

        Escalate(IncidentNotifier notifier, IncidentService incidents, TaskService tasks) {
            this.notifier = notifier;
            this.incidents = incidents;
            this.tasks = tasks;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String incidentId = IncidentDelegates.incidentId(execution);
            ClockKind kind = ClockKind.valueOf(FormValues.text(execution, "escalation"));
            String group = incidents.require(incidentId).assignmentGroup();
            if (kind == ClockKind.RESPONSE) {
                incidents.recordBreach(incidentId, ClockKind.RESPONSE);
            }
            String nextLine = kind == ClockKind.RESPONSE ? null : NEXT_LINE.get(group);
            if (nextLine != null) {
                for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active()
                        .list()) {
                    tasks.addCandidateGroup(task.getId(), nextLine);
                }
            }
            if (incidents.recordEscalation(incidentId, kind, nextLine) && kind == ClockKind.RESOLUTION) {
                execution.setVariable(IncidentVariables.ESCALATED_TO, nextLine);
            }
            if (!mailStepFollows(execution)) {
                notifier.escalate(incidentId, kind, nextLine);
            }
        }

        /**
         * Instances still running on a model version from before the mail had a step of its own end after this task:
         * they are mailed here, as that version did, so their escalations are not left unmailed.
         */
        static boolean mailStepFollows(DelegateExecution execution) {
            return mailStepFollows(execution.getBpmnModelElementInstance());
        }

        static boolean mailStepFollows(FlowElement element) {
            if (!(element instanceof FlowNode node)) {
                return true;
            }
            return node.getOutgoing().stream().map(SequenceFlow::getTarget).anyMatch(target ->
                    target instanceof ServiceTask task
                            && "${notifyEscalationDelegate}".equals(task.getCamundaDelegateExpression()));
        }
    }

    /**
     * ServiceTask_NotifyResponseEscalation / ServiceTask_NotifyEscalation / ServiceTask_NotifyMajorEscalation
     * (asynchronous, retried): tells the service owners and the support line escalated to (R-8.2c). Runs only after
     * the escalation committed, and mails each escalation once, however often it runs (journal).
     */
    @Component("notifyEscalationDelegate")
    static class NotifyEscalation implements JavaDelegate {
        private final IncidentNotifier notifier;

        NotifyEscalation(IncidentNotifier notifier) {
            this.notifier = notifier;
        }

        @Override
        public void execute(DelegateExecution execution) {
            ClockKind kind = ClockKind.valueOf(FormValues.text(execution, "escalation"));
            String nextLine = kind == ClockKind.RESPONSE ? null
                    : (String) execution.getVariable(IncidentVariables.ESCALATED_TO);
            notifier.escalate(IncidentDelegates.incidentId(execution), kind, nextLine);
        }
    }
}
