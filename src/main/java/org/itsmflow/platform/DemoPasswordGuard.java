package org.itsmflow.platform;

import java.util.Collection;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile the application refuses to start while any demo user still has its demo password (the
 * user id): a database seeded by the demo and then put into production, or an administrator created as
 * {@code demo}/{@code demo}, would otherwise be open to anyone who has read the README.
 */
@Component
@Order(200)
@ConditionalOnProperty(name = "itsm.demo.enabled", havingValue = "false")
class DemoPasswordGuard extends AbstractProcessEnginePlugin {

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        refuseDemoPasswords(engine.getIdentityService(),
                DemoUsers.USERS.stream().map(DemoUsers.DemoUser::id).toList());
    }

    /** @throws IllegalStateException naming every user whose password is still its user id */
    static void refuseDemoPasswords(IdentityService identity, Collection<String> userIds) {
        List<String> open = userIds.stream()
                .filter(id -> identity.createUserQuery().userId(id).count() > 0)
                .filter(id -> identity.checkPassword(id, id))
                .toList();
        if (!open.isEmpty()) {
            throw new IllegalStateException("Refusing to start outside the demo profile: these users still have "
                    + "their demo passwords (the user id): " + String.join(", ", open)
                    + ". Change their passwords or delete them in Camunda Admin, then start again.");
        }
    }
}
