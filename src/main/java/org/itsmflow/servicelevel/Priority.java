package org.itsmflow.servicelevel;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.itsmflow.platform.InvalidFieldException;

/** Priority of a record, as decided by the priority decision: P1 (critical) .. P4 (low). */
public enum Priority {
    P1, P2, P3, P4;

    /**
     * The Camunda task priority of a user task working on a record of this priority: P1 100, P2 75, P3 50 (the
     * engine's default), P4 25, so that Tasklist lists the most urgent work first when sorted by priority.
     */
    public int taskPriority() {
        return 100 - 25 * ordinal();
    }

    /**
     * @param field the request field or parameter that carried the value, named in the error
     * @throws InvalidFieldException when {@code value} is no priority
     */
    public static Priority parse(String field, String value) {
        if (value != null) {
            for (Priority p : values()) {
                if (p.name().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        throw new InvalidFieldException(field, "must be one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ", got '" + value + "'");
    }
}
