package org.itsmflow.release;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The ReleaseManagement process's variables, declared once. Only references and routing flags travel in the process;
 * the record lives in the release tables.
 */
final class ReleaseVariables {

    static final String RELEASE_ID = "releaseId";
    static final String RELEASE_TYPE = "releaseType";
    static final String PLANNER = "planner";
    static final String POLICY_DECISION = "policyDecision";
    static final String WAVES = "waves";
    static final String WAVE = "wave";
    static final String NEEDS_SERVICE_OWNER = "needsServiceOwner";
    static final String WATCH_PERIOD = "watchPeriod";
    static final String APPROVED = "approved";
    static final String CHECKS_PASSED = "acceptanceChecksPassed";
    static final String TEST_PASSED = "acceptanceTestPassed";
    static final String SUCCESSFUL = "releaseSuccessful";
    /** Why a release manager rolled the release back from UserTask_WatchRelease (its form's field). */
    static final String ROLLBACK_REASON = "rollbackReason";
    /** Who completed UserTask_WatchRelease (set by its complete listener). */
    static final String ROLLBACK_REQUESTED_BY = "rollbackRequestedBy";

    private ReleaseVariables() {
    }

    static Map<String, Object> start(Release release) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(RELEASE_ID, release.id());
        variables.put(RELEASE_TYPE, release.releaseType().name());
        variables.put(PLANNER, release.planner());
        return variables;
    }


    static String releaseId(VariableScope scope) {
        return (String) scope.getVariable(RELEASE_ID);
    }
}
