package org.itsmflow.platform;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Role rules of the API that more than one controller uses, written once. They are {@code @PreAuthorize} expressions,
 * so {@link RolesBeforeBinding} checks them before the request body is read or validated (a refused caller gets 403,
 * never a 400 that teaches the field rules), and method security checks them again at the call.
 */
public final class ApiRoles {

    /**
     * Staff: every role but {@code customers}, administrators included. Customers see their own records only and
     * never the internal ones (CMDB, problems, releases, …). Kept equal to {@link #STAFF_GROUPS} by a test.
     */
    public static final String STAFF = "hasAnyAuthority('servicedesk', 'secondline', 'network', 'security', "
            + "'majorincident', 'serviceowners', 'customerrelations', 'changemanagers', 'cab', 'releasemanagers', "
            + "'auditors', 'cmdbadmins', 'processowners', 'camunda-admin')";

    /** The groups of {@link #STAFF}. */
    public static final Set<String> STAFF_GROUPS = Set.of(Role.SERVICE_DESK.groupId(), Role.SECOND_LINE.groupId(),
            Role.NETWORK.groupId(), Role.SECURITY.groupId(), Role.MAJOR_INCIDENT.groupId(),
            Role.SERVICE_OWNERS.groupId(), Role.CUSTOMER_RELATIONS.groupId(), Role.CHANGE_MANAGERS.groupId(),
            Role.CAB.groupId(), Role.RELEASE_MANAGERS.groupId(), Role.AUDITORS.groupId(), Role.CMDB_ADMINS.groupId(),
            Role.PROCESS_OWNERS.groupId(), Role.ADMIN_GROUP);

    private ApiRoles() {
    }

    /**
     * Whether the caller reads as a customer: no staff group (the customers' group, or no role at all). Such a
     * caller sees only their own records; someone else's answer 404, as if they did not exist.
     */
    public static boolean customerView(Authentication caller) {
        return caller == null || caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .noneMatch(STAFF_GROUPS::contains);
    }
}
