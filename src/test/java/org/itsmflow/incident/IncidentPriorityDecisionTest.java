package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision test of {@code dmn/IncidentPriority.dmn}, the ITIL impact/urgency matrix (R-8.2b: prioritisation and
 * business impact of incidents). Every cell of the 3×3 matrix is evaluated, under the default FEEL engine
 * (feel-scala, injected by {@link DmnEngineExtension}) and under the legacy Java FEEL behaviour
 * ({@code dmnFeelEnableLegacyBehavior}), so the table stays valid whichever the application is configured with
 * (ADR 0002). A last test fails when a rule is added to the table without a case here.
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-8.2b IncidentPriority decision (impact × urgency → P1..P4)")
class IncidentPriorityDecisionTest {

    static final Path MODEL = Path.of("dmn", "IncidentPriority.dmn");
    static final String DECISION = "IncidentPriority";

    /** Injected by the extension: the default DMN engine configuration (feel-scala). */
    DmnEngine dmnEngine;

    /** The whole matrix: impact, urgency, expected priority (the API contract: HIGH/HIGH is P1, LOW/LOW is P4). */
    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of("HIGH", "HIGH", "P1", "Rule_HighHigh"),
                Arguments.of("HIGH", "MEDIUM", "P2", "Rule_HighMedium"),
                Arguments.of("MEDIUM", "HIGH", "P2", "Rule_MediumHigh"),
                Arguments.of("HIGH", "LOW", "P3", "Rule_HighLow"),
                Arguments.of("MEDIUM", "MEDIUM", "P3", "Rule_MediumMedium"),
                Arguments.of("LOW", "HIGH", "P3", "Rule_LowHigh"),
                Arguments.of("MEDIUM", "LOW", "P4", "Rule_MediumLow"),
                Arguments.of("LOW", "MEDIUM", "P4", "Rule_LowMedium"),
                Arguments.of("LOW", "LOW", "P4", "Rule_LowLow"));
    }

    @ParameterizedTest(name = "R-8.2b impact {0}, urgency {1} → {2}")
    @MethodSource("matrix")
    void r82b_impactAndUrgencyGiveThePriorityAndItsReason(String impact, String urgency, String priority,
            String rule) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Recorded result = evaluate(engine.getValue(), impact, urgency);

            assertThat(result.table().getResultList()).as(engine.getKey()).hasSize(1);
            Map<String, Object> outputs = result.table().getSingleResult().getEntryMap();
            assertThat(outputs).as(engine.getKey()).containsOnlyKeys("priority", "priorityReason");
            assertThat(outputs.get("priority")).as(engine.getKey()).isEqualTo(priority);
            assertThat((String) outputs.get("priorityReason")).as(engine.getKey())
                    .startsWith(priority + " because the impact is " + impact.toLowerCase()
                            + " and the urgency is " + urgency.toLowerCase())
                    .endsWith(".");
            assertThat(result.matchedRules()).as(engine.getKey()).containsExactly(rule);
        }
    }

    @Test
    @DisplayName("R-8.2b the API contract's corners: HIGH/HIGH is P1, LOW/LOW is P4")
    void r82b_contractCorners() throws IOException {
        assertThat(evaluate(dmnEngine, "HIGH", "HIGH").table().getSingleResult().<String>getEntry("priority"))
                .isEqualTo("P1");
        assertThat(evaluate(dmnEngine, "LOW", "LOW").table().getSingleResult().<String>getEntry("priority"))
                .isEqualTo("P4");
    }

    @Test
    @DisplayName("R-8.2b an impact or urgency outside HIGH/MEDIUM/LOW matches no rule")
    void r82b_unknownLevelMatchesNoRule() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            assertThat(evaluate(engine.getValue(), "CRITICAL", "HIGH").table().getResultList())
                    .as(engine.getKey()).isEmpty();
            assertThat(evaluate(engine.getValue(), "high", "high").table().getResultList())
                    .as(engine.getKey()).isEmpty();
        }
    }

    @Test
    @DisplayName("R-8.2b every rule of the table is hit by a test case, and the matrix has exactly 9 rules")
    void r82b_everyRuleIsHitByATestCase() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            for (Arguments args : matrix().toList()) {
                Object[] a = args.get();
                hit.addAll(evaluate(engine.getValue(), (String) a[0], (String) a[1]).matchedRules());
            }
            assertThat(hit).as(engine.getKey() + ": rules hit by the test cases")
                    .containsExactlyInAnyOrderElementsOf(DecisionTables.ruleIds(engine.getValue(), MODEL, DECISION));
        }
        assertThat(DecisionTables.ruleIds(dmnEngine, MODEL, DECISION)).hasSize(9);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    record Recorded(DmnDecisionTableResult table, List<String> matchedRules) {}

    /**
     * Evaluates the decision and records which rules matched: a listener on the engine's live list of decision
     * table listeners sees the evaluation event (rule ids are not part of the decision result).
     */
    static Recorded evaluate(DmnEngine engine, String impact, String urgency) throws IOException {
        DmnDecision decision = DecisionTables.parse(engine, MODEL, DECISION);
        VariableMap variables = Variables.createVariables().putValue("impact", impact).putValue("urgency", urgency);
        List<String> matched = new java.util.ArrayList<>();
        DmnDecisionTableEvaluationListener listener = event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId).forEach(matched::add);
        List<DmnDecisionTableEvaluationListener> listeners =
                ((DefaultDmnEngineConfiguration) engine.getConfiguration()).getDecisionTableEvaluationListeners();
        listeners.add(listener);
        try {
            return new Recorded(engine.evaluateDecisionTable(decision, variables), matched);
        } finally {
            listeners.remove(listener);
        }
    }
}
