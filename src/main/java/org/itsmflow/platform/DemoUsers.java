package org.itsmflow.platform;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo people for the embedded default (property {@code itsm.demo.enabled}, off in production profiles). Each
 * password is the user id, as in Camunda's own demo ({@code demo}/{@code demo}); the README lists them. Idempotent:
 * existing users are left as they are.
 */
@Component
@Order(100)
@ConditionalOnProperty(name = "itsm.demo.enabled", havingValue = "true")
class DemoUsers extends AbstractProcessEnginePlugin {

    record DemoUser(String id, String firstName, String lastName, String groupId) {
        String email() {
            return id + "@itsm-flow.example";
        }
    }

    static final List<DemoUser> USERS = List.of(
            new DemoUser("demo", "Demo", "Administrator", Role.ADMIN_GROUP),
            new DemoUser("sara", "Sara", "Lindqvist", Role.SERVICE_DESK.groupId()),
            new DemoUser("wei", "Wei", "Zhang", Role.SERVICE_DESK.groupId()),
            new DemoUser("tom", "Tom", "Berger", Role.SECOND_LINE.groupId()),
            new DemoUser("nina", "Nina", "Petrova", Role.NETWORK.groupId()),
            new DemoUser("sam", "Samir", "Haddad", Role.SECURITY.groupId()),
            new DemoUser("mike", "Mike", "O'Neill", Role.MAJOR_INCIDENT.groupId()),
            new DemoUser("olivia", "Olivia", "Chen", Role.SERVICE_OWNERS.groupId()),
            new DemoUser("carla", "Carla", "Rossi", Role.CUSTOMER_RELATIONS.groupId()),
            new DemoUser("chris", "Chris", "Walker", Role.CHANGE_MANAGERS.groupId()),
            new DemoUser("alice", "Alice", "Moreau", Role.CAB.groupId()),
            new DemoUser("bob", "Bob", "Nakamura", Role.CAB.groupId()),
            new DemoUser("dave", "Dave", "Okafor", Role.CAB.groupId()),
            new DemoUser("rita", "Rita", "Santos", Role.RELEASE_MANAGERS.groupId()),
            new DemoUser("kate", "Kate", "Miller", Role.CUSTOMERS.groupId()),
            new DemoUser("lee", "Lee", "Wang", Role.CUSTOMERS.groupId()),
            new DemoUser("ada", "Ada", "Novak", Role.AUDITORS.groupId()),
            new DemoUser("carl", "Carl", "Jensen", Role.CMDB_ADMINS.groupId()),
            new DemoUser("paul", "Paul", "Fischer", Role.PROCESS_OWNERS.groupId()),
            // technical user of the demo Prometheus/Alertmanager: posts alerts and scrapes metrics, nothing else
            new DemoUser("prometheus", "Prometheus", "Alertmanager", Role.MONITORING_GROUP));

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        // one node at a time (SchemaMigrationLock): a node starting at the same moment finds the users in place
        SchemaMigrationLock.whileHolding(engine, () -> seed(engine));
    }

    private void seed(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        AuthorizationService authorizations = engine.getAuthorizationService();
        if (identity.createGroupQuery().groupId(Role.ADMIN_GROUP).count() == 0) {
            Group admins = identity.newGroup(Role.ADMIN_GROUP);
            admins.setName("ITSM Flow administrators");
            admins.setType("SYSTEM");
            identity.saveGroup(admins);
        }
        for (Resources resource : Resources.values()) {
            RoleBootstrap.grant(authorizations, Role.ADMIN_GROUP, resource, "*", Permissions.ALL);
        }
        for (DemoUser demo : USERS) {
            if (identity.createUserQuery().userId(demo.id()).count() > 0) {
                continue;
            }
            User user = identity.newUser(demo.id());
            user.setFirstName(demo.firstName());
            user.setLastName(demo.lastName());
            user.setEmail(demo.email());
            user.setPassword(demo.id());
            identity.saveUser(user);
            identity.createMembership(demo.id(), demo.groupId());
        }
    }
}
