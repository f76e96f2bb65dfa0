package org.itsmflow.incident;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.FormValues;
import org.springframework.stereotype.Component;

/**
 * ServiceTask_RecordIncident (R-8.2a): an incident reported through the API is already recorded; one started
 * from Tasklist's "Report incident" form is recorded here from the form's fields, which then leave the process
 * (the record keeps them).
 */
@Component
class RecordIncidentDelegate implements JavaDelegate {

    private final IncidentService incidents;

    RecordIncidentDelegate(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (execution.hasVariable(IncidentVariables.INCIDENT_ID)) {
            return;
        }
        NewIncident form = new NewIncident(FormValues.text(execution, "title"), FormValues.text(execution, "description"),
                FormValues.text(execution, IncidentVariables.SERVICE_ID), FormValues.text(execution, IncidentVariables.CI_ID),
                FormValues.text(execution, IncidentVariables.CATEGORY), level(execution, IncidentVariables.IMPACT),
                level(execution, IncidentVariables.URGENCY), FormValues.text(execution, IncidentVariables.REPORTED_BY));
        Incident incident = incidents.recordFromStartForm(form, execution.getProcessInstanceId());
        execution.setProcessBusinessKey(incident.id());
        execution.setVariables(IncidentVariables.routing(incident.serviceId(), incident.ciId(), incident.ciType(),
                incident.category(), incident.impact(), incident.urgency(), incident.reportedBy()));
        execution.setVariable(IncidentVariables.INCIDENT_ID, incident.id());
        execution.removeVariable("title");
        execution.removeVariable("description");
    }


    private static Level level(DelegateExecution execution, String name) {
        String value = FormValues.text(execution, name);
        try {
            return value == null ? null : Level.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new org.itsmflow.platform.InvalidFieldException(name, "must be HIGH, MEDIUM or LOW");
        }
    }
}
