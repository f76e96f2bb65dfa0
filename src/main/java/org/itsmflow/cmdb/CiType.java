package org.itsmflow.cmdb;

/** A kind of configuration item; the set of types is the policy of what a CI is (R-9.1a). */
public record CiType(String id, String name, String description) {
}
