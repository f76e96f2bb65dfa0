package org.itsmflow.platform;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The open user tasks of records' process instances, for record lists: who works on a record now and which task a
 * queue links to. Asked of the engine's task query, so engine authorizations apply: a caller sees the tasks they may
 * see in Tasklist, no others.
 */
@Component
public class OpenTasks {

    private final TaskService tasks;

    OpenTasks(TaskService tasks) {
        this.tasks = tasks;
    }

    /** An open task of a record: its id (Tasklist opens it by id), its name and its assignee (null: unclaimed). */
    public record RecordTask(String id, String name, String assignee) {
    }

    /** The oldest open task of each of these process instances that has one (one engine query). */
    public Map<String, RecordTask> of(Collection<String> processInstanceIds) {
        List<String> ids = processInstanceIds.stream().filter(id -> id != null).distinct().toList();
        Map<String, RecordTask> byInstance = new HashMap<>();
        if (ids.isEmpty()) {
            return byInstance;
        }
        for (Task task : tasks.createTaskQuery().processInstanceIdIn(ids.toArray(String[]::new))
                .orderByTaskCreateTime().asc().list()) {
            byInstance.putIfAbsent(task.getProcessInstanceId(),
                    new RecordTask(task.getId(), task.getName(), task.getAssignee()));
        }
        return byInstance;
    }

    /**
     * The page with each item's open task attached: {@code instances} maps an item's id to its process instance
     * (collected while the rows were read), {@code withTask} makes the item with its task (null when none).
     */
    public <T> RecordPage<T> attach(RecordPage<T> page, Map<String, String> instances,
            java.util.function.Function<T, String> id, java.util.function.BiFunction<T, RecordTask, T> withTask) {
        Map<String, RecordTask> open = of(instances.values());
        return page.map(item -> withTask.apply(item, open.get(instances.get(id.apply(item)))));
    }

    /** The process instances of this process with an open task assigned to one of these users. */
    public Set<String> assignedTo(String processDefinitionKey, Collection<String> assignees) {
        return assignees.stream()
                .flatMap(a -> tasks.createTaskQuery().processDefinitionKey(processDefinitionKey).taskAssignee(a)
                        .list().stream())
                .map(Task::getProcessInstanceId).collect(Collectors.toSet());
    }
}
