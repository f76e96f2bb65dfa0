package org.itsmflow.servicelevel;

import org.springframework.stereotype.Component;

/**
 * {@code ${taskPriority.of(priority)}}: the Camunda task priority of a user task from its record's priority (P1
 * highest), used in the models' {@code camunda:priority} so that a process owner sees it in Camunda Modeler.
 */
@Component("taskPriority")
public class TaskPriority {

    /** Priority when a process has none (yet): the engine's default. */
    static final int UNKNOWN = 50;

    /** {@link Priority#taskPriority()} of {@code priority} ("P1" .. "P4"); the engine's default for anything else. */
    public int of(Object priority) {
        if (priority != null) {
            for (Priority p : Priority.values()) {
                if (p.name().equalsIgnoreCase(priority.toString().trim())) {
                    return p.taskPriority();
                }
            }
        }
        return UNKNOWN;
    }
}
