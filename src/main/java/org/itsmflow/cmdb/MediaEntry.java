package org.itsmflow.cmdb;

import java.time.Instant;

/**
 * An entry of the definitive media library (R-9.1f): the master copy of a digital CI's deliverable ({@code DML-000001}),
 * its version, its SHA-256 checksum (64 lower-case hex digits), where the master copy lies (a path relative to the
 * media directory, or {@code classpath:…}), and the CI whose record references it.
 *
 * @param sourceRef the record it was registered for ({@code REL-000001}), or null
 */
public record MediaEntry(String id, String name, String version, String sha256, String location, String ciId,
        String sourceRef, String registeredBy, Instant registeredAt) {
}
