package org.itsmflow.platform;

import java.util.Set;

import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * The engine's history level of this application (ADR 0012): everything the engine's level {@code full} writes,
 * except
 * <ul>
 * <li>the task-local display variables of user tasks ({@link TaskDisplay}): no historic variable instance and no
 * variable detail when they are created, refreshed or removed; their runtime rows stay (Tasklist reads them), the
 * record they copy is the source of truth;</li>
 * <li>for the <em>journalled processes</em> ({@code itsm.history.journalled-processes}: processes whose variables
 * are only ids and routing flags and whose record keeps its own journal): their variable-update details
 * ({@code ACT_HI_DETAIL}) and the job log of their jobs' creation, success and deletion ({@code ACT_HI_JOB_LOG}).
 * Their historic variable instances (last value, which the service review and the change risk query by) stay, so do
 * submitted form fields (form property details) and the log of every job failure (with its stack trace, linked
 * from Cockpit's incidents).</li>
 * </ul>
 * Process, activity, task, identity link, decision, incident, external task, batch and user operation history are
 * written as with {@code full}: conformance checks ({@code ProcessTrace}), auditor independence ({@code OwnWork}),
 * the decision evidence of R-8.2b, Cockpit and Tasklist read them.
 *
 * <p>The id is stored in {@code ACT_GE_PROPERTY} ({@code historyLevel}); changeset {@code performance-003} moves a
 * database written at {@code full} (id 3) to this level's id. It is above 3 so that every check of the engine, its
 * REST API and webapps that compares ids ({@code > NONE}, {@code >= FULL}) treats it as a level with full history.
 */
public final class ItsmHistoryLevel extends AbstractHistoryLevel {

    /** Stored in ACT_GE_PROPERTY; not one of the engine's (0 none, 1 activity, 2 audit, 3 full). */
    public static final int ID = 20;
    /** The name to configure: {@code camunda.bpm.history-level: itsm-full}. */
    public static final String NAME = "itsm-full";

    private final TaskDisplay display;
    private final Set<String> journalled;

    /**
     * @param display             the registry of task-local display variables; null writes their history as
     *                            {@code full} does (to measure the difference: {@code itsm.history.display-copies})
     * @param journalledProcesses keys of the process definitions that keep no variable-update details and no log of
     *                            jobs that did not fail
     */
    public ItsmHistoryLevel(TaskDisplay display, Set<String> journalledProcesses) {
        this.display = display;
        this.journalled = Set.copyOf(journalledProcesses);
    }

    @Override
    public int getId() {
        return ID;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** The process definitions that keep no variable-update details and no log of jobs that did not fail. */
    public Set<String> journalledProcesses() {
        return journalled;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        if (entity == null) {
            return true; // asked "in general" (e.g. while parsing models): as full
        }
        if (eventType == HistoryEventTypes.VARIABLE_INSTANCE_CREATE
                || eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE
                || eventType == HistoryEventTypes.VARIABLE_INSTANCE_DELETE) {
            return !(entity instanceof VariableInstanceEntity variable && isDisplay(variable.getTaskId(),
                    variable.getName()));
        }
        if (eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL
                && entity instanceof HistoricVariableUpdateEventEntity update) {
            return !isDisplay(update.getTaskId(), update.getVariableName())
                    && !isJournalled(update.getProcessDefinitionKey());
        }
        if ((eventType == HistoryEventTypes.JOB_CREATE || eventType == HistoryEventTypes.JOB_SUCCESS
                || eventType == HistoryEventTypes.JOB_DELETE) && entity instanceof JobEntity job) {
            return !isJournalled(job.getProcessDefinitionKey());
        }
        return true;
    }

    /** Batch jobs and standalone tasks have no process definition (and an immutable set refuses to look up null). */
    private boolean isJournalled(String processDefinitionKey) {
        return processDefinitionKey != null && journalled.contains(processDefinitionKey);
    }

    private boolean isDisplay(String taskId, String name) {
        return display != null && display.isDisplay(taskId, name);
    }
}
