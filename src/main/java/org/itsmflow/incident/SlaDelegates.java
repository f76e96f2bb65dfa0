package org.itsmflow.incident;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.servicelevel.ClockKind;
import org.itsmflow.servicelevel.SlaClockView;
import org.springframework.stereotype.Component;

/**
 * The SLA steps of the incident process (R-6.1d, R-8.2c): start, pause, resume the clocks and record a breach.
 * The due and warning times computed in business time go to the process as ISO-8601 {@code timeDate} values
 * for its timers.
 */
final class SlaDelegates {

    private SlaDelegates() {
    }

    static String incidentId(DelegateExecution execution) {
        return (String) execution.getVariable(IncidentVariables.INCIDENT_ID);
    }

    /** Publishes the due times of the running clocks to the process's timers. */
    static void publishDueTimes(DelegateExecution execution, List<SlaClockView> clocks) {
        for (SlaClockView clock : clocks) {
            if (clock.kind() == ClockKind.RESPONSE) {
                execution.setVariable(IncidentVariables.RESPONSE_DUE_AT, clock.dueAt().toString());
            } else {
                execution.setVariable(IncidentVariables.RESOLUTION_DUE_AT, clock.dueAt().toString());
                execution.setVariable(IncidentVariables.RESOLUTION_WARNING_AT, clock.warningAt().toString());
            }
        }
    }

    /** ServiceTask_StartSlaClock. */
    @Component("startSlaClockDelegate")
    static class Start implements JavaDelegate {
        private final IncidentService incidents;
        private final IncidentSettings settings;

        Start(IncidentService incidents, IncidentSettings settings) {
            this.incidents = incidents;
            this.settings = settings;
        }

        @Override
        public void execute(DelegateExecution execution) {
            publishDueTimes(execution, incidents.startSla(incidentId(execution)));
            execution.setVariable(IncidentVariables.CONFIRMATION_WAIT, settings.confirmationWait().toString());
        }
    }

    /** ServiceTask_PauseSlaClock: the incident waits for the customer; the clock does not run. */
    @Component("pauseSlaClockDelegate")
    static class Pause implements JavaDelegate {
        private final IncidentService incidents;

        Pause(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.waitForCustomer(incidentId(execution), (String) execution.getVariable("resolutionNote"));
        }
    }

    /** ServiceTask_ResumeSlaClock: the customer answered; due times move by the time spent waiting. */
    @Component("resumeSlaClockDelegate")
    static class Resume implements JavaDelegate {
        private final IncidentService incidents;

        Resume(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            publishDueTimes(execution, incidents.customerAnswered(incidentId(execution),
                    (String) execution.getVariable("customerReply")));
        }
    }

    /** ServiceTask_RecordBreach and ServiceTask_RecordMajorBreach: the resolution target was missed. */
    @Component("recordBreachDelegate")
    static class RecordBreach implements JavaDelegate {
        private final IncidentService incidents;

        RecordBreach(IncidentService incidents) {
            this.incidents = incidents;
        }

        @Override
        public void execute(DelegateExecution execution) {
            incidents.recordBreach(incidentId(execution), ClockKind.RESOLUTION);
        }
    }
}
