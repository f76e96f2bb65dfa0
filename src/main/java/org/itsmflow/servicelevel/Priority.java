package org.itsmflow.servicelevel;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.itsmflow.platform.InvalidFieldException;

/** Priority of a record, as decided by the priority decision: P1 (critical) .. P4 (low). */
public enum Priority {
    P1, P2, P3, P4;

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
