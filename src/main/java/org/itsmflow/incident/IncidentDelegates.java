package org.itsmflow.incident;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.FormValues;
import org.springframework.stereotype.Component;

/**
 * The incident process's record-keeping steps. Each reads the form outcome it needs, calls one
 * {@link IncidentService} method and writes back only routing variables.
 */
final class IncidentDelegates {

    private IncidentDelegates() {
    }

    static String incidentId(DelegateExecution execution) {
        return (String) execution.getVariable(IncidentVariables.INCIDENT_ID);
    }


    /**
     * ServiceTask_ApplyTriage: confirm or correct the classification (R-8.2b); re-prioritise if needed. Records the
     * known errors the triage task showed and the one applied (R-8.2d), matched before any correction.
     */
    @Component("applyTriageDelegate")
    static class ApplyTriage implements JavaDelegate {
        private final IncidentService incidents;
        private final IncidentTaskDetails details;

        ApplyTriage(IncidentService incidents, IncidentTaskDetails details) {
            this.incidents = incidents;
            this.details = details;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Incident incident = incidents.require(incidentId(execution));
            String applied = FormValues.text(execution, "knownErrorApplied");
            incidents.recordKnownErrorsAtTriage(incident.id(),
                    details.shown(incident).stream().map(org.itsmflow.problem.KnownError::id).toList(),
                    IncidentTaskDetails.NONE_APPLIED.equals(applied) ? null : applied);
            boolean confirm = "CONFIRM".equals(FormValues.text(execution, "triageDecision"));
            Triage triage = confirm
                    ? new Triage(incident.impact(), incident.urgency(), incident.category(), incident.assignmentGroup(),
                            FormValues.text(execution, "triageNote"))
                    : new Triage(orElse(FormValues.text(execution, IncidentVariables.IMPACT), incident.impact()),
                            orElse(FormValues.text(execution, IncidentVariables.URGENCY), incident.urgency()),
                            orElse(FormValues.text(execution, IncidentVariables.CATEGORY), incident.category()),
                            orElse(FormValues.text(execution, IncidentVariables.ASSIGNMENT_GROUP), incident.assignmentGroup()),
                            FormValues.text(execution, "triageNote"));
            SlaDelegates.publishDueTimes(execution, incidents.triage(incident.id(), triage));
            Incident triaged = incidents.require(incident.id());
            execution.setVariable(IncidentVariables.IMPACT, triaged.impact());
            execution.setVariable(IncidentVariables.URGENCY, triaged.urgency());
            execution.setVariable(IncidentVariables.CATEGORY, triaged.category());
            execution.setVariable(IncidentVariables.PRIORITY, triaged.priority());
            execution.setVariable(IncidentVariables.ASSIGNMENT_GROUP, triaged.assignmentGroup());
        }

        private static String orElse(String value, String fallback) {
            return value == null ? fallback : value;
        }
    }

    /** ServiceTask_ReassignIncident. */
    @Component("reassignIncidentDelegate")
    static class Reassign implements JavaDelegate {
        private final IncidentService incidents;

        Reassign(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.reassign(incidentId(execution), FormValues.text(execution, IncidentVariables.ASSIGNMENT_GROUP),
                    FormValues.text(execution, "resolutionNote"));
        }
    }

    /** ServiceTask_MarkResolved and ServiceTask_MarkMajorResolved. */
    @Component("resolveIncidentDelegate")
    static class Resolve implements JavaDelegate {
        private final IncidentService incidents;

        Resolve(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.resolve(incidentId(execution), FormValues.text(execution, "resolutionNote"));
        }
    }

    /** ServiceTask_DeclareMajorIncident (R-8.2e). */
    @Component("declareMajorIncidentDelegate")
    static class DeclareMajor implements JavaDelegate {
        private final IncidentService incidents;

        DeclareMajor(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.declareMajor(incidentId(execution));
        }
    }

    /** ServiceTask_AutoClose: no answer from the customer within the waiting period. */
    @Component("recordAutoClosureDelegate")
    static class AutoClosure implements JavaDelegate {
        private final IncidentService incidents;

        AutoClosure(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.confirmationTimedOut(incidentId(execution));
            execution.setVariable("customerConfirmation", "CONFIRMED");
        }
    }

    /** ServiceTask_ReopenIncident. */
    @Component("reopenIncidentDelegate")
    static class Reopen implements JavaDelegate {
        private final IncidentService incidents;

        Reopen(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            SlaDelegates.publishDueTimes(execution,
                    incidents.reopen(incidentId(execution), FormValues.text(execution, "customerComment")));
        }
    }

    /** ServiceTask_CloseIncident: formal closure (R-8.2b). */
    @Component("closeIncidentDelegate")
    static class Close implements JavaDelegate {
        private final IncidentService incidents;

        Close(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.close(incidentId(execution), FormValues.text(execution, "closureCode"), FormValues.text(execution, "closureNote"));
        }
    }
}
