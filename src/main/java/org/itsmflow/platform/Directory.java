package org.itsmflow.platform;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.springframework.stereotype.Component;

/**
 * Looks people up in the engine's identity service on the application's behalf. A user may read only their own
 * user record under engine authorization, yet the application must know whether the customer a service-desk agent
 * reports for exists, and whom to e-mail. These look-ups run without the caller's authorization checks; they
 * disclose nothing to the caller by themselves.
 */
@Component
public class Directory {

    private final IdentityService identity;
    private final CommandExecutor commands;

    Directory(ProcessEngine engine) {
        this.identity = engine.getIdentityService();
        this.commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired();
    }

    public boolean userExists(String userId) {
        return userId != null && user(userId).isPresent();
    }

    public Optional<User> user(String userId) {
        return Optional.ofNullable(commands.execute(context -> context.runWithoutAuthorization(
                () -> identity.createUserQuery().userId(userId).singleResult())));
    }

    public List<User> membersOf(String groupId) {
        return commands.execute(context -> context.runWithoutAuthorization(
                () -> identity.createUserQuery().memberOfGroup(groupId).list()));
    }
}
