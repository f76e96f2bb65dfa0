package org.itsmflow.platform;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Values a person typed into a Camunda Form, as the delegates and listeners that record them read them. */
public final class FormValues {

    private FormValues() {
    }

    /** The variable as trimmed text; null when absent or blank. */
    public static String text(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** Ids typed as a list separated by commas, semicolons or white space; empty when none. */
    public static List<String> ids(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isBlank()).map(String::trim).toList();
    }
}
