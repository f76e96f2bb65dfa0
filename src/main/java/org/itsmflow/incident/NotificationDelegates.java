package org.itsmflow.incident;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.itsmflow.platform.FormValues;
import org.itsmflow.platform.Role;
import org.itsmflow.servicelevel.ClockKind;
import org.springframework.stereotype.Component;

/**
 * The notify and escalate steps (R-8.2c). They queue their mail in the mail outbox in the step's own transaction
 * ({@link org.itsmflow.platform.Mailer}, ADR 0013); the outbox sends it after the commit and retries while SMTP is
 * down, so none of them is an asynchronous step any more.
 */
final class NotificationDelegates {

    /** The functional escalation ladder: who takes over when a group misses a target. */
    static final Map<String, String> NEXT_LINE = Map.of(Role.SERVICE_DESK.groupId(), Role.SECOND_LINE.groupId());

    /** The extension property (and, in earlier model versions, the input variable) naming the escalated clock. */
    static final String ESCALATION = "escalation";

    private NotificationDelegates() {
    }

    /**
     * Which target an escalate or notify-escalation task is about: its extension property {@code escalation}
     * ({@code RESPONSE} or {@code RESOLUTION}, shown in Modeler under "Extension properties"), read from the deployed
     * model. It used to be an input parameter, i.e. a local variable written with its history on every escalation
     * (issue 9); instances still running on such an earlier model version are answered from that variable.
     */
    static ClockKind escalation(DelegateExecution execution) {
        String kind = activity(execution).escalation();
        return ClockKind.valueOf(kind != null ? kind : FormValues.text(execution, ESCALATION));
    }

    /** What the escalation steps read from their activity in the deployed model. */
    record Activity(String escalation, boolean mailStepFollows) {
    }

    /**
     * Per process definition id and activity id: a deployed definition never changes, and walking the model's XML on
     * every escalation showed in the profile of a burst.
     */
    private static final Map<String, Activity> ACTIVITIES = new ConcurrentHashMap<>();

    static Activity activity(DelegateExecution execution) {
        return ACTIVITIES.computeIfAbsent(execution.getProcessDefinitionId() + " " + execution.getCurrentActivityId(),
                k -> {
                    FlowElement element = execution.getBpmnModelElementInstance();
                    return new Activity(property(element, ESCALATION), Escalate.mailStepFollows(element));
                });
    }

    /**
     * The incident an escalation is about: the process's business key, which is the incident's id (set at the start,
     * also for incidents reported from Tasklist's start form). Reading it loads no process variables, whereas reading
     * the {@code incidentId} variable fetches all ~16 variables of the instance, in each of the two transactions of
     * an escalation (issue 9). Falls back to the variable for an instance without a business key.
     */
    static String incidentOf(DelegateExecution execution) {
        String key = execution.getProcessBusinessKey();
        return key != null ? key : IncidentDelegates.incidentId(execution);
    }

    /** The value of a {@code camunda:property} of a flow element, or null. */
    static String property(FlowElement element, String name) {
        if (element == null || element.getExtensionElements() == null) {
            return null;
        }
        return element.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
                .flatMap(p -> p.getCamundaProperties().stream()).filter(p -> name.equals(p.getCamundaName()))
                .map(CamundaProperty::getCamundaValue).findFirst().orElse(null);
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
     * escalation) and records the escalation once (R-6.1d, R-8.2b). The step after it ({@link NotifyEscalation}) queues the
     * mail in the same transaction; the outbox sends it after the commit, so an SMTP outage cannot hold the breach
     * back and a rolled-back escalation is never mailed. The resolution timer fires again each time the incident re-enters "Investigate and resolve" after
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
            String incidentId = incidentOf(execution);
            ClockKind kind = escalation(execution);
            // functional escalation: only a missed resolution target hands the incident to the next support line
            String nextLine = kind == ClockKind.RESPONSE ? null
                    : NEXT_LINE.get(incidents.require(incidentId).assignmentGroup());
            if (nextLine != null) {
                for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active()
                        .list()) {
                    tasks.addCandidateGroup(task.getId(), nextLine);
                }
            }
            if (incidents.escalate(incidentId, kind, nextLine) && kind == ClockKind.RESOLUTION) {
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
            return activity(execution).mailStepFollows();
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
     * ServiceTask_NotifyResponseEscalation / ServiceTask_NotifyEscalation / ServiceTask_NotifyMajorEscalation: tells
     * the service owners and the support line escalated to (R-8.2c) by queueing the mail in the escalation's
     * transaction (it commits with the escalation or not at all), once per escalation however often it runs (journal
     * code {@code ESCALATION_MAIL_<kind>}).
     */
    @Component("notifyEscalationDelegate")
    static class NotifyEscalation implements JavaDelegate {
        private final IncidentNotifier notifier;

        NotifyEscalation(IncidentNotifier notifier) {
            this.notifier = notifier;
        }

        @Override
        public void execute(DelegateExecution execution) {
            ClockKind kind = escalation(execution);
            String nextLine = kind == ClockKind.RESPONSE ? null
                    : (String) execution.getVariable(IncidentVariables.ESCALATED_TO);
            notifier.escalate(incidentOf(execution), kind, nextLine);
        }
    }
}
