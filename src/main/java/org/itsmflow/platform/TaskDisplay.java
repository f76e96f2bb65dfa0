package org.itsmflow.platform;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * The one place that writes and knows the task-local display variables of user tasks (ADR 0006): copies of a
 * record's fields that a form shows (the incident's title, the CI and what depends on it, the SLA due times, ...),
 * set when a task is created and gone when it completes. Every {@code *TaskDetails} listener sets them through
 * {@link #show}; {@link ItsmHistoryLevel} asks {@link #isDisplay} and writes no history for them (ADR 0012): the
 * record and its journal are the audit trail, the copies are runtime rows only, which is what Tasklist reads.
 *
 * <p>A display variable is a <em>task-local</em> variable whose name was shown through this class. The names are
 * learnt when first shown, so after a restart a task created before it, completed before any task of its kind was
 * created on this node, costs one history look-up per copy (the engine finds no history row and writes nothing else
 * for a process that keeps no variable details, ADR 0012).
 *
 * <p>It also names the task after its record ({@link #name}), so that Tasklist's list tells one incident's triage from
 * another's: the task's name is a task property, not a variable, and needs no history filtering.
 */
@Component
public class TaskDisplay {

    private final Set<String> names = ConcurrentHashMap.newKeySet();

    /** Sets the values as task-local display variables of the task being created (in its create listener). */
    public void show(DelegateTask task, Map<String, ?> values) {
        names.addAll(values.keySet());
        task.setVariablesLocal(values);
    }

    /** Refreshes the display variables of an open task (e.g. after an escalation changed what the form shows). */
    public void show(TaskService tasks, String taskId, Map<String, ?> values) {
        names.addAll(values.keySet());
        tasks.setVariablesLocal(taskId, values);
    }

    /**
     * Names the task being created after its record: the model's label, then the record's id and title
     * ("Triage incident INC-000012: Invoices cannot be posted"), which Tasklist lists and searches by.
     */
    public void name(DelegateTask task, String recordId, String title) {
        String label = task.getName() == null ? "" : task.getName();
        task.setName(heading(label, recordId, title));
    }

    static String heading(String label, String recordId, String title) {
        String record = title == null || title.isBlank() ? recordId : recordId + ": " + title.strip();
        String name = label.isBlank() ? record : label + " " + record;
        // ACT_RU_TASK.NAME_ is a varchar(255)
        return name.length() <= 255 ? name : name.substring(0, 254) + "…";
    }

    /** Whether a variable (task id null for a process or execution variable) is a display copy. */
    public boolean isDisplay(String taskId, String name) {
        return taskId != null && name != null && names.contains(name);
    }
}
