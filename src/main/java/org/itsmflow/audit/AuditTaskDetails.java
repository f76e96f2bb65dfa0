package org.itsmflow.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.itsmflow.platform.TaskDisplay;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the audit tasks what their forms show: scope, criteria, method, the findings recorded, the report and the
 * management response. Task-local copies for display; the audit tables stay the only source of truth.
 */
@Component
class AuditTaskDetails {

    /** Below the engine's 4,000-character limit of a string variable. */
    static final int MAX_TEXT = 3900;

    private final AuditService audits;
    private final TaskDisplay display;

    AuditTaskDetails(TaskDisplay display, AuditService audits) {
        this.display = display;
        this.audits = audits;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void onCreate(DelegateTask task) {
        String definition = task.getProcessDefinitionId();
        if (definition == null || !(definition.startsWith(AuditService.INTERNAL_AUDIT + ":")
                || definition.startsWith(AuditService.CONFIGURATION_AUDIT + ":"))) {
            return;
        }
        String auditId = (String) task.getVariable(AuditVariables.AUDIT_ID);
        if (auditId != null) {
            display.show(task, details(audits.require(auditId)));
        }
    }

    Map<String, Object> details(Audit audit) {
        Map<String, Object> details = new HashMap<>();
        details.put("auditScope", audit.processArea().code() + " management, "
                + audit.periodFrom().toString().substring(0, 10) + " to " + audit.periodTo().toString().substring(0, 10)
                + (audit.leadAuditor() == null ? "" : "; lead auditor " + audit.leadAuditor()));
        String criteria = "";
        String method = "";
        if (audit.programmeId() != null) {
            AuditProgramme programme = audits.requireProgramme(audit.programmeId(), null);
            criteria = programme.name() + " (" + programme.id() + ", every " + programme.frequency() + "): "
                    + programme.criteria();
            method = programme.method();
        }
        details.put("auditCriteria", AuditService.cut(criteria, MAX_TEXT));
        details.put("auditMethod", method);
        details.put("findingsRecorded", audit.findings().isEmpty() ? "none" : fit(audit, audit.findings().stream()
                .map(f -> f.id() + " " + f.severity() + (f.requirementId() == null ? "" : " " + f.requirementId())
                        + (f.ciId() == null ? "" : " " + f.ciId()) + ": " + f.description()
                        + (f.improvementId() == null ? "" : " -> " + f.improvementId()))
                .collect(Collectors.joining("\n"))));
        details.put("auditReport", audit.report() == null ? "" : AuditService.cut(audit.report(), MAX_TEXT));
        details.put("auditResponse", audit.managementResponse() == null ? "" : audit.managementResponse());
        details.put("followUpHistory", audit.followUp() == null ? "none" : audit.followUp());
        return details;
    }

    /** The engine keeps a string variable in at most 4,000 characters: a long list ends with where to read it all. */
    static String fit(Audit audit, String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        String more = "\n… " + audit.findings().size() + " findings in all: GET /api/audits/" + audit.id();
        return text.substring(0, MAX_TEXT - more.length()) + more;
    }
}
