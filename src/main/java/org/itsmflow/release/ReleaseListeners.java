package org.itsmflow.release;

import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.platform.TaskRevocation;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Task listeners of the release process: four-eyes on the authorisations (R-10.1b) and who did each task. */
final class ReleaseListeners {

    /** The tasks in which a release is authorised. */
    static final Set<String> AUTHORISATION_TASKS = Set.of("UserTask_AuthoriseByReleaseManager",
            "UserTask_AuthoriseByServiceOwner");

    private ReleaseListeners() {
    }

    /**
     * Four-eyes rule (R-10.1b) through the engine's authorizations, as for change approvals: when an authorisation
     * task is created, the release's planner gets a REVOKE authorization on it for every permission, which outranks
     * the grants of their candidate group. The planner can neither see, claim nor complete it — in Tasklist, through
     * the engine REST API or any other client. The engine deletes the authorization with the task.
     */
    @Component
    static class PlannerRevocation {
        private final ReleaseService releases;
        private final AuthorizationService authorizations;

        PlannerRevocation(ReleaseService releases, AuthorizationService authorizations) {
            this.releases = releases;
            this.authorizations = authorizations;
        }

        @EventListener(condition = "#task.eventName == 'create'")
        public void onCreate(DelegateTask task) {
            if (!AUTHORISATION_TASKS.contains(task.getTaskDefinitionKey()) || task.getProcessDefinitionId() == null
                    || !task.getProcessDefinitionId().startsWith(ReleaseService.PROCESS_KEY + ":")) {
                return;
            }
            String releaseId = ReleaseVariables.releaseId(task);
            if (releaseId == null) {
                return;
            }
            String planner = releases.require(releaseId).planner();
            TaskRevocation.revoke(authorizations, planner, task.getId());
        }
    }

    /**
     * Four-eyes rule (R-10.1b), second line of defence inside the engine: the planner may not be assigned or
     * complete an authorisation task (an administrator who planned a release, for instance). The refusal is a
     * {@link SeparationOfDutiesException}, which leaves the engine as a 403, not a wrapped 500. On completion it names
     * the person who authorised in {@code authorisedBy}: the assignee, else the current user.
     */
    @Component("releaseFourEyesListener")
    static class FourEyes implements TaskListener {
        private final ReleaseService releases;
        private final IdentityService identity;
        private final EngineUser engineUser;

        FourEyes(ReleaseService releases, IdentityService identity, EngineUser engineUser) {
            this.releases = releases;
            this.identity = identity;
            this.engineUser = engineUser;
        }

        @Override
        public void notify(DelegateTask task) {
            String releaseId = ReleaseVariables.releaseId(task);
            if (releaseId == null) {
                return;
            }
            String planner = releases.require(releaseId).planner();
            String refusal = planner + " planned " + releaseId
                    + " and may not authorise their own release (four-eyes rule)";
            if (planner.equals(task.getAssignee())) {
                throw new SeparationOfDutiesException(refusal);
            }
            if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
                var current = identity.getCurrentAuthentication();
                if (current != null && planner.equals(current.getUserId())) {
                    throw new SeparationOfDutiesException(refusal);
                }
                task.getExecution().setVariable("authorisedBy", performer(task, engineUser));
            }
        }
    }

    /** Names the tester of the acceptance test in {@code tester} when the task completes (R-10.1g). */
    @Component("releaseTesterListener")
    static class Tester implements TaskListener {
        private final EngineUser engineUser;

        Tester(EngineUser engineUser) {
            this.engineUser = engineUser;
        }

        @Override
        public void notify(DelegateTask task) {
            task.getExecution().setVariable("tester", performer(task, engineUser));
        }
    }

    /**
     * Names the release manager who completed UserTask_WatchRelease, i.e. asked for the rollback (R-10.1c), in
     * {@code rollbackRequestedBy} for the rollback step.
     */
    @Component("releaseRollbackRequesterListener")
    static class RollbackRequester implements TaskListener {
        private final EngineUser engineUser;

        RollbackRequester(EngineUser engineUser) {
            this.engineUser = engineUser;
        }

        @Override
        public void notify(DelegateTask task) {
            task.getExecution().setVariable(ReleaseVariables.ROLLBACK_REQUESTED_BY, performer(task, engineUser));
        }
    }

    /** Who completes a task: its assignee, else the current user. */
    static String performer(DelegateTask task, EngineUser engineUser) {
        return task.getAssignee() != null ? task.getAssignee() : engineUser.actor();
    }
}
