package org.itsmflow.conformance;

/**
 * One "shall" of ISO/IEC 20000-1 as the requirement catalogue ({@code conformance/requirements.md}) states it:
 * its id ({@code R-9.2e}), the clause heading it sits under, what it asks and what the catalogue expects to carry it.
 */
public record Requirement(String id, String clause, String text, String expectedCarrier) {
}
