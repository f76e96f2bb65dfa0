package org.itsmflow.satisfaction;

/** The variables of {@code bpmn/SatisfactionFollowUp.bpmn}: references only, the survey is in its table. */
final class SatisfactionVariables {

    static final String SURVEY_ID = "surveyId";
    static final String INCIDENT_ID = "incidentId";
    static final String FOLLOW_UP_OUTCOME = "followUpOutcome";
    static final String FOLLOW_UP_NOTE = "followUpNote";

    private SatisfactionVariables() {
    }
}
