package org.itsmflow.change;

import java.util.Set;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.FormValues;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.platform.TaskRevocation;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Task listeners and expression beans of the approval tasks (R-9.2d). */
final class ChangeListeners {

    /** The tasks in which a change is approved or voted on. */
    static final Set<String> APPROVAL_TASKS = Set.of("UserTask_AssessChange", "UserTask_VoteOnChange",
            "UserTask_EmergencyVote");

    private ChangeListeners() {
    }

    /**
     * Four-eyes rule (R-9.2d) through the engine's authorizations: when an approval or vote task is created, the
     * change's requester gets a REVOKE authorization on it for every permission. User revocations take precedence
     * over the grants their groups receive as candidates, so the requester can neither see, claim nor complete
     * the task — in Tasklist, through the engine REST API (403) or any other client. The engine deletes the
     * authorization with the task.
     */
    @Component
    static class RequesterRevocation {
        private final ChangeService changes;
        private final AuthorizationService authorizations;

        RequesterRevocation(ChangeService changes, AuthorizationService authorizations) {
            this.changes = changes;
            this.authorizations = authorizations;
        }

        @EventListener(condition = "#task.eventName == 'create'")
        public void onCreate(DelegateTask task) {
            if (!APPROVAL_TASKS.contains(task.getTaskDefinitionKey()) || task.getProcessDefinitionId() == null
                    || !task.getProcessDefinitionId().startsWith(ChangeService.PROCESS_KEY + ":")) {
                return;
            }
            String changeId = ChangeVariables.changeId(task);
            if (changeId == null) {
                return;
            }
            String requester = changes.require(changeId).requester();
            TaskRevocation.revoke(authorizations, requester, task.getId());
        }
    }

    /**
     * Four-eyes rule (R-9.2d), enforced inside the engine so it holds for Tasklist, the engine REST API and Java
     * callers alike: on {@code assignment} the new assignee, and on {@code complete} the assignee and the user
     * completing the task, must not be the change's requester. Refusing throws an {@link AuthorizationException}:
     * the command rolls back and the task stays as it was. This is the second line of defence: the first is
     * {@link RequesterRevocation}, which revokes the requester's permissions on the task so that the engine's own
     * authorization check refuses them (403 through the engine REST API, the task invisible in Tasklist). The
     * listener still catches what authorizations cannot: an administrator approving their own change. The engine
     * wraps a listener's exception; {@code platform.SeparationOfDutiesPlugin} unwraps the
     * {@link SeparationOfDutiesException} again, so the engine REST API and Tasklist answer 403, not 500.
     */
    @Component("fourEyesListener")
    static class FourEyes implements TaskListener {
        private final ChangeService changes;
        private final IdentityService identity;

        FourEyes(ChangeService changes, IdentityService identity) {
            this.changes = changes;
            this.identity = identity;
        }

        @Override
        public void notify(DelegateTask task) {
            String changeId = ChangeVariables.changeId(task);
            if (changeId == null) {
                return;
            }
            String requester = changes.require(changeId).requester();
            String assignee = task.getAssignee();
            if (requester.equals(assignee)) {
                throw new SeparationOfDutiesException(requester + " requested " + changeId
                        + " and may not approve or vote on their own change (four-eyes rule)");
            }
            if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
                var current = identity.getCurrentAuthentication();
                if (current != null && requester.equals(current.getUserId())) {
                    throw new SeparationOfDutiesException(requester + " requested " + changeId
                            + " and may not approve or vote on their own change (four-eyes rule)");
                }
            }
        }
    }

    /**
     * Records each CAB/ECAB vote as its task completes (R-9.2d): the voter is the task's assignee. The vote leaves
     * the process variables afterwards, so the next voter's form starts empty, and the other voters' open forms show
     * it among the votes so far.
     */
    @Component("recordVoteListener")
    static class RecordVote implements TaskListener {
        private final ChangeService changes;
        private final EngineUser engineUser;
        private final ChangeTaskDetails details;

        RecordVote(ChangeService changes, EngineUser engineUser, ChangeTaskDetails details) {
            this.changes = changes;
            this.engineUser = engineUser;
            this.details = details;
        }

        @Override
        public void notify(DelegateTask task) {
            String voter = task.getAssignee() != null ? task.getAssignee() : engineUser.actor();
            changes.recordVote(ChangeVariables.changeId(task), voter, FormValues.text(task, "vote"),
                    FormValues.text(task, "voteComment"));
            task.getExecution().getProcessInstance().removeVariable("vote");
            task.getExecution().getProcessInstance().removeVariable("voteComment");
            details.refreshVotes(task);
        }
    }

    /**
     * Records the change manager's assessment for the CAB (R-9.2b) as UserTask_AssessChangeForCab completes: the
     * journal names the change manager who assessed it (the task's assignee, else the user completing it) and the
     * time they did, not the last voter and the time the votes were tallied.
     */
    @Component("recordAssessmentListener")
    static class RecordAssessment implements TaskListener {
        private final ChangeService changes;
        private final EngineUser engineUser;

        RecordAssessment(ChangeService changes, EngineUser engineUser) {
            this.changes = changes;
            this.engineUser = engineUser;
        }

        @Override
        public void notify(DelegateTask task) {
            String by = task.getAssignee() != null ? task.getAssignee() : engineUser.actor();
            changes.recordAssessment(ChangeVariables.changeId(task), ChangeDelegates.assessment(task), by);
        }
    }

    /** {@code ${cabQuorum.isDecided(changeId)}}: lets a vote end early once its outcome cannot change. */
    @Component("cabQuorum")
    static class CabQuorum {
        private final ChangeService changes;

        CabQuorum(ChangeService changes) {
            this.changes = changes;
        }

        public boolean isDecided(String changeId) {
            return changes.isDecided(changeId);
        }
    }
}
