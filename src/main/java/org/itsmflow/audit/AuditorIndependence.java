package org.itsmflow.audit;

import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.platform.TaskRevocation;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Auditors shall not audit their own work (R-4.3b), enforced in the engine on the tasks in which an audit is
 * performed, reported and followed up, so that it holds for Tasklist, the engine REST API and Java callers alike.
 */
final class AuditorIndependence {

    /** The tasks only an auditor independent of the audited scope may see, claim and complete. */
    static final Set<String> AUDITOR_TASKS = Set.of("UserTask_PerformAudit", "UserTask_ReportAudit",
            "UserTask_FollowUpActions", "UserTask_VerifySample");
    /** The tasks whose assignee leads the audit from then on. */
    static final Set<String> LEADING_TASKS = Set.of("UserTask_PerformAudit", "UserTask_VerifySample");

    private AuditorIndependence() {
    }

    static boolean isAuditorTask(DelegateTask task) {
        String definition = task.getProcessDefinitionId();
        return AUDITOR_TASKS.contains(task.getTaskDefinitionKey()) && definition != null
                && (definition.startsWith(AuditService.INTERNAL_AUDIT + ":")
                || definition.startsWith(AuditService.CONFIGURATION_AUDIT + ":"));
    }

    /**
     * First line (R-4.3b): when an auditor task is created, every member of the auditors group with own work in the
     * audit's scope gets a REVOKE authorization on it for every permission. User revocations beat the grants their
     * group receives as candidates, so such an auditor can neither see, claim nor complete the task (403 through the
     * engine REST API, invisible in Tasklist). The engine deletes the authorization with the task.
     */
    @Component
    static class OwnWorkRevocation {
        private final AuditService audits;
        private final OwnWork ownWork;
        private final AuthorizationService authorizations;

        OwnWorkRevocation(AuditService audits, OwnWork ownWork, AuthorizationService authorizations) {
            this.audits = audits;
            this.ownWork = ownWork;
            this.authorizations = authorizations;
        }

        @EventListener(condition = "#task.eventName == 'create'")
        public void onCreate(DelegateTask task) {
            if (!isAuditorTask(task)) {
                return;
            }
            String auditId = (String) task.getVariable(AuditVariables.AUDIT_ID);
            if (auditId == null) {
                return;
            }
            Audit audit = audits.require(auditId);
            for (String auditor : ownWork.auditors()) {
                if (!audits.ownWork(audit, auditor).isEmpty()) {
                    TaskRevocation.revoke(authorizations, auditor, task.getId());
                }
            }
        }
    }

    /**
     * Second line (R-4.3b), a task listener on {@code assignment} and {@code complete}: the new assignee must be an
     * auditor without own work in the audit's scope, and so must whoever completes the task. Refusing throws a
     * {@link SeparationOfDutiesException}: the command rolls back and the task stays as it was, and the refusal
     * leaves the engine as a 403 (not a wrapped 500) through the engine REST API. This also catches what
     * authorizations cannot: an administrator assigning the task to a dependent auditor, or an auditor who joined
     * the group after the task was created. When the performing task goes to someone, they lead the audit.
     */
    @Component("auditorIndependenceListener")
    static class Check implements TaskListener {
        private final AuditService audits;
        private final OwnWork ownWork;
        private final IdentityService identity;

        Check(AuditService audits, OwnWork ownWork, IdentityService identity) {
            this.audits = audits;
            this.ownWork = ownWork;
            this.identity = identity;
        }

        @Override
        public void notify(DelegateTask task) {
            String auditId = (String) task.getVariable(AuditVariables.AUDIT_ID);
            if (auditId == null) {
                return;
            }
            Audit audit = audits.require(auditId);
            String assignee = task.getAssignee();
            if (assignee != null) {
                refuseUnlessIndependent(audit, assignee);
            }
            if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
                var current = identity.getCurrentAuthentication();
                if (current != null && current.getUserId() != null && !current.getUserId().equals(assignee)) {
                    refuseUnlessIndependent(audit, current.getUserId());
                }
            } else if (TaskListener.EVENTNAME_ASSIGNMENT.equals(task.getEventName()) && assignee != null
                    && LEADING_TASKS.contains(task.getTaskDefinitionKey())) {
                audits.assigned(auditId, assignee);
                task.getExecution().setVariable(AuditVariables.LEAD_AUDITOR, assignee);
            }
        }

        private void refuseUnlessIndependent(Audit audit, String user) {
            if (!ownWork.isAuditor(user)) {
                throw new SeparationOfDutiesException(user + " is not an auditor and may not work on audit " + audit.id());
            }
            List<String> evidence = audits.ownWork(audit, user);
            if (!evidence.isEmpty()) {
                throw new SeparationOfDutiesException(audit.id() + ": " + AuditService.independenceMessage(user,
                        audit.processArea(), evidence));
            }
        }
    }
}
