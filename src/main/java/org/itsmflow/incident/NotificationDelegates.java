package org.itsmflow.incident;

import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
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
                    IncidentDelegates.text(execution, "notification")));
        }
    }

    /**
     * ServiceTask_EscalateResponse / ServiceTask_EscalateBreach: hierarchical escalation to the service owners and
     * functional escalation to the next support line, who become candidates of the open task. A breach is escalated
     * (journalled, mailed) once: the resolution timer fires again each time the incident re-enters "Investigate and
     * resolve" after its due time, and then only the next line is made a candidate of the new task.
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
            ClockKind kind = ClockKind.valueOf(IncidentDelegates.text(execution, "escalation"));
            String group = incidents.require(incidentId).assignmentGroup();
            boolean escalatedBefore = incidents.escalated(incidentId, kind);
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
            if (!escalatedBefore) {
                notifier.escalate(incidentId, kind, nextLine);
            }
        }
    }
}
