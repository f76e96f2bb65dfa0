package org.itsmflow.policy;

/**
 * Who changes live policies and processes: the process owners' group and the administrators. Used in the
 * {@code @PreAuthorize} rules of the preview and migration endpoints (checked before the body is read,
 * {@code platform.RolesBeforeBinding}).
 */
final class PolicyOwners {

    /** The engine group of the process owners. */
    static final String GROUP = "processowners";
    static final String RULE = "hasAnyAuthority('processowners', 'camunda-admin')";

    private PolicyOwners() {
    }
}
