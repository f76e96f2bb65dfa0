package org.itsmflow.platform;

import java.util.concurrent.Callable;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * The first line of every separation-of-duties rule (four-eyes on changes and releases, auditor independence): a
 * REVOKE authorization of every permission on one task for one person. A user's revocation beats their group's
 * grant, so the engine itself hides the task from them in Tasklist and refuses it through the engine REST API (403).
 * This only works while {@code authorization-check-revokes} is not {@code never}.
 */
public final class TaskRevocation {

    private TaskRevocation() {
    }

    /**
     * Revokes every permission of {@code userId} on {@code taskId}. Call it inside an engine command (a task
     * listener); it runs without authorization, because the person whose action created the task (the requester, the
     * planner) may not create authorizations.
     */
    public static void revoke(AuthorizationService authorizations, String userId, String taskId) {
        Context.getCommandContext().runWithoutAuthorization((Callable<Authorization>) () -> {
            Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
            revoke.setUserId(userId);
            revoke.setResource(Resources.TASK);
            revoke.setResourceId(taskId);
            revoke.removePermission(Permissions.ALL);
            return authorizations.saveAuthorization(revoke);
        });
    }
}
