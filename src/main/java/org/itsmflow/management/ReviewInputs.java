package org.itsmflow.management;

/** The inputs of a management review as readable text, one per area. */
record ReviewInputs(String conformance, String sla, String incidents, String changes, String customers,
        String audits, String improvements, String previous) {
}
