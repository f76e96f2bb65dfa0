package org.itsmflow.cmdb;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.itsmflow.platform.InvalidFieldException;

/**
 * Which way impact analysis (R-9.1c) walks the relationships.
 * <ul>
 * <li>{@link #DOWNSTREAM}: what is affected if this CI fails; follows relationships backwards (X RUNS_ON, DEPENDS_ON
 * or PART_OF this CI ⇒ X affected), CONNECTED_TO both ways.</li>
 * <li>{@link #UPSTREAM}: what this CI relies on; follows relationships forwards, CONNECTED_TO both ways.</li>
 * <li>{@link #BOTH}: every relationship, both ways.</li>
 * </ul>
 */
public enum ImpactDirection {
    DOWNSTREAM, UPSTREAM, BOTH;

    /** The lower-case name used in the API ({@code downstream}). */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code downstream|upstream|both} (any case); anything else is a 400 naming {@code field}. */
    public static ImpactDirection parse(String value, String field) {
        if (value != null) {
            for (ImpactDirection direction : values()) {
                if (direction.name().equalsIgnoreCase(value.trim())) {
                    return direction;
                }
            }
        }
        throw new InvalidFieldException(field, "has an invalid value '" + value + "'; allowed: "
                + Arrays.stream(values()).map(ImpactDirection::apiName).collect(Collectors.joining(", ")));
    }
}
