package org.itsmflow.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.itsmflow.platform.InvalidFieldException;

/**
 * A process area an audit programme covers (R-4.3a), with the processes whose engine history shows who did the
 * area's work (R-4.3b) and the group that answers an audit's findings. Configuration management's work is read
 * from the CMDB's history instead (who changed CIs).
 */
public enum ProcessArea {
    INCIDENT("incident", "servicedesk", "IncidentManagement"),
    CHANGE("change", "changemanagers", "ChangeManagement"),
    PROBLEM("problem", "secondline", "ProblemManagement"),
    RELEASE("release", "releasemanagers", "ReleaseManagement"),
    COMPLAINT("complaint", "customerrelations", "ComplaintHandling", "SatisfactionFollowUp"),
    CONFIGURATION("configuration", "changemanagers"),
    SERVICE_LEVEL("service-level", "serviceowners", "ServiceReview");

    private final String code;
    private final String responseGroup;
    private final List<String> processKeys;

    ProcessArea(String code, String responseGroup, String... processKeys) {
        this.code = code;
        this.responseGroup = responseGroup;
        this.processKeys = List.of(processKeys);
    }

    /** As written in the API and the table: {@code incident}, …, {@code service-level}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The group that gives the management response to the findings of an audit of this area. */
    public String responseGroup() {
        return responseGroup;
    }

    /** The BPMN processes whose tasks are this area's work. */
    public List<String> processKeys() {
        return processKeys;
    }

    /** Reads {@code incident}, {@code service-level}, {@code service level} or {@code SERVICE_LEVEL}. */
    @JsonCreator
    public static ProcessArea parse(String text) {
        ProcessArea area = find(text);
        if (area == null) {
            throw new InvalidFieldException("processArea", "must be one of " + String.join(", ",
                    Arrays.stream(values()).map(ProcessArea::code).toList()));
        }
        return area;
    }

    static ProcessArea find(String text) {
        if (text == null) {
            return null;
        }
        String normal = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Arrays.stream(values()).filter(a -> a.code.equals(normal)).findFirst().orElse(null);
    }
}
