package org.itsmflow.problem;

/** Process variable names of {@code bpmn/ProblemManagement.bpmn}. */
final class ProblemVariables {
    static final String PROBLEM_ID = "problemId";
    static final String IMPACT = "impact";
    static final String URGENCY = "urgency";
    static final String CATEGORY = "category";
    static final String INCIDENT_COUNT = "incidentCount";
    static final String PRIORITY_DECISION = "priorityDecision";
    static final String ASSIGNMENT_GROUP = "assignmentGroup";
    static final String CHANGE_ID = "changeId";
    static final String FIX_STATUS = "fixStatus";
    static final String WATCH_PERIOD = "watchPeriod";
    static final String RECURRED = "recurred";
    static final String FIX_PLANNER = "fixPlanner";
    /** The effectiveness watch period after the fix (R-8.3e), ISO-8601. */
    static final String DEFAULT_WATCH_PERIOD = "P30D";

    private ProblemVariables() {
    }
}
