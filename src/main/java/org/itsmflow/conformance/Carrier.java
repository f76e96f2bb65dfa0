package org.itsmflow.conformance;

/**
 * Something that carries a requirement: a deployed BPMN process or DMN decision (and the element of it whose
 * documentation names the id), or code — a conformance check that gathers the evidence.
 *
 * @param kind      BPMN, DMN or CODE
 * @param model     process or decision key with its deployed version ({@code ChangeManagement v3}), or the class name
 * @param elementId the element whose documentation names the requirement ({@code UserTask_ReviewChange}); null for
 *                  the model itself or for code
 */
public record Carrier(Kind kind, String model, String elementId) {

    public enum Kind {
        BPMN, DMN, CODE
    }

    /** How a reader sees it: {@code BPMN ChangeManagement v3 > UserTask_ReviewChange}. */
    public String label() {
        return kind + " " + model + (elementId == null ? "" : " > " + elementId);
    }
}
