package org.itsmflow.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.test.junit5.DmnEngineExtension;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.itsmflow.support.DecisionTables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision test of {@code dmn/ChangeRisk.dmn} (hit policy FIRST): the risk of a request for change from the number
 * of CIs and services depending on the affected CIs (R-9.1c: impact from the CMDB relationships), their incidents in
 * the last 90 days, the backout plan and the change freeze (R-9.2b: RFCs assessed for risk; R-6.6a: assessed before
 * implementation). Each case is a change a change manager would recognise and names the rule it must hit; every case
 * runs under the default FEEL engine (feel-scala, injected by {@link DmnEngineExtension}) and under the legacy Java
 * FEEL behaviour ({@code dmnFeelEnableLegacyBehavior}, what the application runs), see ADR 0002. A grid test compares
 * the table with the contract's rules written out in Java, and a last test fails when a rule is added to the table
 * without a case here.
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-9.2b R-9.1c R-6.6a ChangeRisk decision (dependents, incidents, backout plan, freeze → risk level)")
class ChangeRiskDecisionTest {

    static final Path MODEL = Path.of("dmn", "ChangeRisk.dmn");
    static final String DECISION = "ChangeRisk";
    static final List<String> LEVELS = List.of("LOW", "MEDIUM", "HIGH", "VERY_HIGH");

    /** Injected by the extension: the default DMN engine configuration (feel-scala). */
    DmnEngine dmnEngine;

    /** One change as the impact analysis sees it, the rule it must hit and the risk level expected. */
    record Case(String name, Integer dependentCount, Integer failureCount, Boolean hasBackoutPlan, Boolean inFreeze,
            String rule, String riskLevel) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // VERY_HIGH: no way back on a wide or failure-prone configuration, or wide inside a freeze
                new Case("R-9.2b R-9.1c ERP database upgrade with 14 dependents and no backout plan is very high",
                        14, 0, false, false, "Rule_NoBackoutWideImpact", "VERY_HIGH"),
                new Case("R-9.2b core switch firmware, 10 dependents, no backout plan, in a freeze is very high",
                        10, 5, false, true, "Rule_NoBackoutWideImpact", "VERY_HIGH"),
                new Case("R-9.2b mail server patch with 3 incidents in 90 days and no backout plan is very high",
                        2, 3, false, false, "Rule_NoBackoutFailureProne", "VERY_HIGH"),
                new Case("R-9.2b R-9.1c storage migration with 25 dependents inside the year-end freeze is very high",
                        25, 0, true, true, "Rule_FreezeWideImpact", "VERY_HIGH"),
                // HIGH
                new Case("R-9.2b small web server change inside a freeze is high at least",
                        0, 0, true, true, "Rule_Freeze", "HIGH"),
                new Case("R-9.2b flaky firewall rule change inside a freeze, with a backout plan, is high",
                        4, 7, true, true, "Rule_Freeze", "HIGH"),
                new Case("R-9.2b R-9.1c load balancer change with exactly 10 dependents is high",
                        10, 0, true, false, "Rule_WideImpact", "HIGH"),
                new Case("R-9.2b application server with 3 incidents in 90 days is high",
                        1, 3, true, false, "Rule_FailureProne", "HIGH"),
                new Case("R-9.2b stable single VM change without a backout plan is high",
                        0, 0, false, false, "Rule_NoBackoutPlan", "HIGH"),
                new Case("R-9.2b no backout plan with 9 dependents and 2 incidents stays high, not very high",
                        9, 2, false, false, "Rule_NoBackoutPlan", "HIGH"),
                // MEDIUM
                new Case("R-9.1c HR portal config with 3 dependents is medium",
                        3, 0, true, false, "Rule_SomeDependents", "MEDIUM"),
                new Case("R-9.1c intranet app with 9 dependents and 2 incidents is medium",
                        9, 2, true, false, "Rule_SomeDependents", "MEDIUM"),
                new Case("R-9.2b printer server with 1 incident in 90 days is medium",
                        0, 1, true, false, "Rule_SomeFailures", "MEDIUM"),
                new Case("R-9.2b test database with 2 dependents and 2 incidents is medium",
                        2, 2, true, false, "Rule_SomeFailures", "MEDIUM"),
                // LOW
                new Case("R-9.2b standalone workstation image update is low",
                        0, 0, true, false, "Rule_Low", "LOW"),
                new Case("R-9.2b R-9.1c monitoring agent on a server with 2 dependents, no incidents, is low",
                        2, 0, true, false, "Rule_Low", "LOW"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void r92b_r91c_r66a_ratesTheRiskAndSaysWhy(Case c) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            String as = engine.getKey() + ": " + c.name();
            Recorded result = evaluate(engine.getValue(), c.dependentCount(), c.failureCount(), c.hasBackoutPlan(),
                    c.inFreeze());

            assertThat(result.matchedRules()).as(as).containsExactly(c.rule());
            assertThat(result.table().getResultList()).as(as).hasSize(1);
            Map<String, Object> outputs = result.table().getSingleResult().getEntryMap();
            assertThat(outputs).as(as).containsOnlyKeys("riskLevel", "riskReason");
            assertThat(outputs.get("riskLevel")).as(as).isEqualTo(c.riskLevel());
            assertThat((String) outputs.get("riskReason")).as(as)
                    .startsWith(reasonPrefix(c.riskLevel())).endsWith(".");
        }
    }

    /**
     * The contract's rules ("ChangeRisk" in brief-change-contract.md) written out in Java, the way a reader of the
     * contract understands them: the table must agree on every combination of the grid, including "else LOW".
     */
    static String byContract(int dependents, int failures, boolean backoutPlan, boolean inFreeze) {
        if (!backoutPlan && (dependents >= 10 || failures >= 3)) {
            return "VERY_HIGH";
        }
        if (inFreeze) {
            return dependents >= 10 ? "VERY_HIGH" : "HIGH";
        }
        if (dependents >= 10 || failures >= 3) {
            return "HIGH";
        }
        if (!backoutPlan) {
            return "HIGH";
        }
        if (dependents >= 3 || failures >= 1) {
            return "MEDIUM";
        }
        return "LOW";
    }

    @Test
    @DisplayName("R-9.2b the table agrees with the contract's rules on every valid combination around the thresholds")
    void r92b_agreesWithTheContractOnTheWholeGrid() throws IOException {
        // both sides of every threshold (2|3 and 9|10 dependents, 0|1 and 2|3 incidents) and one far value
        int[] dependents = {0, 2, 3, 9, 10, 40};
        int[] failures = {0, 1, 2, 3, 12};
        boolean[] flags = {true, false};
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            DmnDecision decision = DecisionTables.parse(engine.getValue(), MODEL, DECISION);
            for (int d : dependents) {
                for (int f : failures) {
                    for (boolean backout : flags) {
                        for (boolean freeze : flags) {
                            String as = engine.getKey() + ": dependents " + d + ", incidents " + f + ", backout plan "
                                    + backout + ", in freeze " + freeze;
                            DmnDecisionTableResult result = engine.getValue().evaluateDecisionTable(decision,
                                    variables(d, f, backout, freeze));
                            assertThat(result.getResultList()).as(as).hasSize(1);
                            assertThat(result.getSingleResult().<String>getEntry("riskLevel")).as(as)
                                    .isEqualTo(byContract(d, f, backout, freeze));
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("R-9.2b the risk never drops with more dependents or incidents, no backout plan or a freeze")
    void r92b_riskIsMonotonic() throws IOException {
        DmnDecision decision = DecisionTables.parse(DecisionTables.LEGACY, MODEL, DECISION);
        int[] counts = {0, 1, 2, 3, 9, 10, 11};
        for (int d : counts) {
            for (int f : counts) {
                for (boolean backout : new boolean[] {true, false}) {
                    for (boolean freeze : new boolean[] {true, false}) {
                        int level = level(decision, d, f, backout, freeze);
                        String as = "dependents " + d + ", incidents " + f + ", backout " + backout + ", freeze "
                                + freeze;
                        assertThat(level(decision, d + 1, f, backout, freeze)).as(as + ", one more dependent")
                                .isGreaterThanOrEqualTo(level);
                        assertThat(level(decision, d, f + 1, backout, freeze)).as(as + ", one more incident")
                                .isGreaterThanOrEqualTo(level);
                        assertThat(level(decision, d, f, false, freeze)).as(as + ", without backout plan")
                                .isGreaterThanOrEqualTo(level);
                        assertThat(level(decision, d, f, backout, true)).as(as + ", in a freeze")
                                .isGreaterThanOrEqualTo(level);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("R-9.2b a missing or negative count, or an unknown backout/freeze flag, is never rated LOW")
    void r92b_unknownInputsAreNeverRatedLow() throws IOException {
        List<Object[]> unknown = List.of(
                new Object[] {null, 0, true, false},
                new Object[] {0, null, true, false},
                new Object[] {0, 0, null, false},
                new Object[] {0, 0, true, null},
                new Object[] {-1, 0, true, false},
                new Object[] {0, -1, true, false});
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            for (Object[] in : unknown) {
                Recorded result = evaluate(engine.getValue(), (Integer) in[0], (Integer) in[1], (Boolean) in[2],
                        (Boolean) in[3]);
                assertThat(result.table().getResultList()).as(engine.getKey() + ": " + java.util.Arrays.toString(in))
                        .isEmpty();
            }
        }
    }

    @Test
    @DisplayName("R-9.2b every rule of the table is hit by a test case, under both FEEL engines")
    void r92b_everyRuleIsHitByATestCase() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            for (Case c : cases().toList()) {
                hit.addAll(evaluate(engine.getValue(), c.dependentCount(), c.failureCount(), c.hasBackoutPlan(),
                        c.inFreeze()).matchedRules());
            }
            assertThat(hit).as(engine.getKey() + ": rules hit by the test cases")
                    .containsExactlyInAnyOrderElementsOf(DecisionTables.ruleIds(engine.getValue(), MODEL, DECISION));
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static String reasonPrefix(String riskLevel) {
        return switch (riskLevel) {
            case "VERY_HIGH" -> "Very high risk: ";
            case "HIGH" -> "High risk: ";
            case "MEDIUM" -> "Medium risk: ";
            default -> "Low risk: ";
        };
    }

    private static int level(DmnDecision decision, int d, int f, boolean backout, boolean freeze) {
        DmnDecisionTableResult result =
                DecisionTables.LEGACY.evaluateDecisionTable(decision, variables(d, f, backout, freeze));
        assertThat(result.getResultList()).as("dependents " + d + ", incidents " + f + ", backout " + backout
                + ", freeze " + freeze + " gives a risk level").hasSize(1);
        return LEVELS.indexOf(result.getSingleResult().<String>getEntry("riskLevel"));
    }

    /** The variables the business rule task passes: all four always present (ADR 0002: JUEL needs them). */
    static VariableMap variables(Integer dependentCount, Integer failureCount, Boolean hasBackoutPlan,
            Boolean inFreeze) {
        return Variables.createVariables()
                .putValue("dependentCount", dependentCount)
                .putValue("failureCount", failureCount)
                .putValue("hasBackoutPlan", hasBackoutPlan)
                .putValue("inFreeze", inFreeze);
    }

    record Recorded(DmnDecisionTableResult table, List<String> matchedRules) {}

    /**
     * Evaluates the decision and records which rules matched: a listener on the engine's live list of decision table
     * listeners sees the evaluation event (rule ids are not part of the decision result).
     */
    static Recorded evaluate(DmnEngine engine, Integer dependentCount, Integer failureCount, Boolean hasBackoutPlan,
            Boolean inFreeze) throws IOException {
        DmnDecision decision = DecisionTables.parse(engine, MODEL, DECISION);
        List<String> matched = new ArrayList<>();
        DmnDecisionTableEvaluationListener listener = event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId).forEach(matched::add);
        List<DmnDecisionTableEvaluationListener> listeners =
                ((DefaultDmnEngineConfiguration) engine.getConfiguration()).getDecisionTableEvaluationListeners();
        listeners.add(listener);
        try {
            return new Recorded(engine.evaluateDecisionTable(decision,
                    variables(dependentCount, failureCount, hasBackoutPlan, inFreeze)), matched);
        } finally {
            listeners.remove(listener);
        }
    }
}
