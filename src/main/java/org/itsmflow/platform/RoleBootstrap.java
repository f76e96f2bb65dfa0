package org.itsmflow.platform;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates what the product's roles need in every profile, production included: one engine group per {@link Role}
 * and the group of monitoring systems' technical users ({@link Role#MONITORING_GROUP}),
 * the webapps each may open, the Tasklist filters each may read ("My tasks", "My groups' tasks", "My requests", its
 * team's tasks) and Cockpit read access for the managers. Users are not created here: production admins add people
 * to these groups in Camunda Admin; the demo profile seeds demo users ({@link DemoUsers}). Idempotent and run at every
 * start: what is missing is created (a filter added in a later version reaches existing databases), what exists is
 * left alone.
 */
@Component
@Order(10)
class RoleBootstrap extends AbstractProcessEnginePlugin {

    static final String OWNER = "demo";
    static final String MY_TASKS = "My tasks";
    static final String MY_GROUPS_TASKS = "My groups' tasks";
    /**
     * Tasks offered to one person by name ({@code candidateUsers}), such as the reporter's "Confirm resolution": no
     * other filter shows them, since they are neither assigned nor offered to a group.
     */
    static final String MY_REQUESTS = "My requests";
    /** Processes every role may start from Tasklist or through the API. */
    static final String[] STARTABLE_BY_EVERYONE = {"IncidentManagement", "ComplaintHandling"};
    /** Processes staff (every role but customers) may start: requests for change (R-9.2a). */
    static final String[] STARTABLE_BY_STAFF = {"ChangeManagement", "ProblemManagement", "ReleaseManagement"};
    /** Processes the auditors may start from Tasklist: internal and configuration audits (R-4.3a, R-9.1i). */
    static final String[] STARTABLE_BY_AUDITORS = {"InternalAudit", "ConfigurationAudit"};
    /** Decisions staff may read (what the change forms show is decided by them). */
    static final String[] READABLE_BY_STAFF = {"ChangeRisk", "ChangeClassification"};
    /** Decisions our services evaluate on behalf of the person at work (re-prioritisation at triage). */
    static final String[] EVALUATED_BY_EVERYONE = {"IncidentPriority", "IncidentClassification",
            "ComplaintClassification"};
    private static final Logger log = LoggerFactory.getLogger(RoleBootstrap.class);

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        // one node at a time: another node starting at the same moment waits, then finds the roles and filters
        SchemaMigrationLock.whileHolding(engine, () -> bootstrap(engine));
    }

    private void bootstrap(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        AuthorizationService authorizations = engine.getAuthorizationService();
        for (Role role : Role.all()) {
            if (identity.createGroupQuery().groupId(role.groupId()).count() == 0) {
                Group group = identity.newGroup(role.groupId());
                group.setName(role.groupName());
                group.setType("WORKFLOW");
                identity.saveGroup(group);
            }
            grant(authorizations, role.groupId(), Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            // everyone may report an incident (Tasklist start form or API) and see the incident tables' decisions
            for (String process : STARTABLE_BY_EVERYONE) {
                grant(authorizations, role.groupId(), Resources.PROCESS_DEFINITION, process,
                        Permissions.READ, Permissions.CREATE_INSTANCE);
            }
            grant(authorizations, role.groupId(), Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
            if (role != Role.CUSTOMERS) {
                for (String process : STARTABLE_BY_STAFF) {
                    grant(authorizations, role.groupId(), Resources.PROCESS_DEFINITION, process,
                            Permissions.READ, Permissions.CREATE_INSTANCE);
                }
                for (String decision : READABLE_BY_STAFF) {
                    grant(authorizations, role.groupId(), Resources.DECISION_DEFINITION, decision, Permissions.READ);
                }
            }
            for (String decision : EVALUATED_BY_EVERYONE) {
                grant(authorizations, role.groupId(), Resources.DECISION_DEFINITION, decision,
                        Permissions.READ, Permissions.CREATE_INSTANCE);
            }
            if (role == Role.AUDITORS) {
                for (String process : STARTABLE_BY_AUDITORS) {
                    grant(authorizations, role.groupId(), Resources.PROCESS_DEFINITION, process,
                            Permissions.READ, Permissions.CREATE_INSTANCE);
                }
            }
            if (role.manager()) {
                grant(authorizations, role.groupId(), Resources.APPLICATION, "cockpit", Permissions.ACCESS);
                grant(authorizations, role.groupId(), Resources.PROCESS_DEFINITION, "*",
                        Permissions.READ, Permissions.READ_HISTORY, Permissions.READ_INSTANCE);
                grant(authorizations, role.groupId(), Resources.PROCESS_INSTANCE, "*", Permissions.READ);
                grant(authorizations, role.groupId(), Resources.DECISION_DEFINITION, "*",
                        Permissions.READ, Permissions.READ_HISTORY);
                grant(authorizations, role.groupId(), Resources.DEPLOYMENT, "*", Permissions.READ);
            }
            if (role == Role.PROCESS_OWNERS) {
                // deploy from Camunda Modeler (POST /engine-rest/deployment/create); every deployment passes the
                // deployment guard (DeploymentGuard, docs/adr/0014). No DELETE: history stays with its versions.
                grant(authorizations, role.groupId(), Resources.DEPLOYMENT, "*", Permissions.CREATE, Permissions.READ);
                grant(authorizations, role.groupId(), Resources.DECISION_REQUIREMENTS_DEFINITION, "*", Permissions.READ);
            }
        }
        // technical users of monitoring systems: no webapp, no engine grant (alert intake acts as the organisation)
        if (identity.createGroupQuery().groupId(Role.MONITORING_GROUP).count() == 0) {
            Group monitoring = identity.newGroup(Role.MONITORING_GROUP);
            monitoring.setName("Monitoring systems (technical users)");
            monitoring.setType("SYSTEM");
            identity.saveGroup(monitoring);
        }
        TaskFilters filters = new TaskFilters(engine);
        Filter mine = filters.ensure(MY_TASKS, "Tasks assigned to me", -20,
                engine.getTaskService().createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        Filter groups = filters.ensure(MY_GROUPS_TASKS, "Open tasks of all my groups", -10,
                engine.getTaskService().createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
                        .includeAssignedTasks());
        // candidate-user tasks (the reporter's confirmation, the requested information) are offered by name; the
        // task must have a candidate user, else every group task would show here too (taskCandidateUser includes
        // the user's groups); claimed ones stay, so the task does not vanish when its person claims it
        Filter requests = filters.ensure(MY_REQUESTS, "Tasks waiting for me as the person who reported or requested "
                        + "the record", -15,
                engine.getTaskService().createTaskQuery().taskCandidateUserExpression("${currentUser()}")
                        .withCandidateUsers().includeAssignedTasks());
        for (Role role : Role.all()) {
            grant(authorizations, role.groupId(), Resources.FILTER, mine.getId(), Permissions.READ);
            grant(authorizations, role.groupId(), Resources.FILTER, groups.getId(), Permissions.READ);
            // every role: staff report incidents too, and then confirm their resolution like a customer
            grant(authorizations, role.groupId(), Resources.FILTER, requests.getId(), Permissions.READ);
            if (role.teamFilter()) {
                Filter team = filters.ensure(role.groupName() + " tasks", "Open tasks of the " + role.groupName()
                                + " group", role.ordinal(),
                        engine.getTaskService().createTaskQuery().taskCandidateGroup(role.groupId()).includeAssignedTasks());
                grant(authorizations, role.groupId(), Resources.FILTER, team.getId(), Permissions.READ);
            }
        }
    }

    /** Grants a group permissions on one resource (or "*"), adding to what it already has. */
    static void grant(AuthorizationService authorizations, String groupId, Resource resource, String resourceId,
            Permission... permissions) {
        Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(groupId)
                .resourceType(resource).resourceId(resourceId).authorizationType(Authorization.AUTH_TYPE_GRANT)
                .singleResult();
        Authorization grant = existing != null ? existing : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        if (existing == null) {
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
        }
        boolean changed = existing == null;
        for (Permission permission : permissions) {
            if (!grant.isPermissionGranted(permission)) {
                grant.addPermission(permission);
                changed = true;
            }
        }
        if (changed) {
            authorizations.saveAuthorization(grant);
        }
    }

    /** Tasklist filters, found by name and created once. */
    private static final class TaskFilters {
        private final FilterService filterService;

        TaskFilters(ProcessEngine engine) {
            this.filterService = engine.getFilterService();
        }

        Filter ensure(String name, String description, int priority, TaskQuery query) {
            Filter existing = filterService.createTaskFilterQuery().filterName(name).filterOwner(OWNER).singleResult();
            if (existing != null) {
                return existing;
            }
            Map<String, Object> properties = new HashMap<>();
            properties.put("description", description);
            properties.put("priority", priority);
            properties.put("refresh", true);
            properties.put("color", "#3c8dbc");
            Filter filter = filterService.newTaskFilter(name).setOwner(OWNER).setQuery(query).setProperties(properties);
            return filterService.saveFilter(filter);
        }
    }
}
