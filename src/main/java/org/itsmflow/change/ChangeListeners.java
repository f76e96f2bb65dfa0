package org.itsmflow.change;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Task listeners and expression beans of the approval tasks (R-9.2d). */
final class ChangeListeners {

    private ChangeListeners() {
    }

    /**
     * Four-eyes rule (R-9.2d), enforced inside the engine so it holds for Tasklist, the engine REST API and Java
     * callers alike: on {@code assignment} the new assignee, and on {@code complete} the assignee and the user
     * completing the task, must not be the change's requester. Refusing throws an {@link AuthorizationException}:
     * the command rolls back and the task stays as it was. The engine wraps a listener's exception in a
     * ProcessEngineException, so the engine REST API answers 500 carrying the four-eyes message (not 403).
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
                throw new AuthorizationException(requester + " requested " + changeId
                        + " and may not approve or vote on their own change (four-eyes rule)");
            }
            if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
                var current = identity.getCurrentAuthentication();
                if (current != null && requester.equals(current.getUserId())) {
                    throw new AuthorizationException(requester + " requested " + changeId
                            + " and may not approve or vote on their own change (four-eyes rule)");
                }
            }
        }
    }

    /**
     * Records each CAB/ECAB vote as its task completes (R-9.2d): the voter is the task's assignee. The vote leaves
     * the process variables afterwards, so the next voter's form starts empty.
     */
    @Component("recordVoteListener")
    static class RecordVote implements TaskListener {
        private final ChangeService changes;

        RecordVote(ChangeService changes) {
            this.changes = changes;
        }

        @Override
        public void notify(DelegateTask task) {
            String voter = task.getAssignee() != null ? task.getAssignee() : changes.actor();
            changes.recordVote(ChangeVariables.changeId(task), voter, ChangeVariables.text(task, "vote"),
                    ChangeVariables.text(task, "voteComment"));
            task.getExecution().getProcessInstance().removeVariable("vote");
            task.getExecution().getProcessInstance().removeVariable("voteComment");
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
