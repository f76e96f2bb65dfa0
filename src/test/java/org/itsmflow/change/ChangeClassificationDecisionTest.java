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
 * Decision test of {@code dmn/ChangeClassification.dmn} (hit policy FIRST): the class of a request for change
 * (R-9.2a: emergency, urgent, major, minor), who approves it (R-9.2d: pre-approved, change manager, CAB) and the
 * emergency route to the ECAB (R-9.2f). Each case is a change as a requester would raise it, after ChangeRisk rated
 * it, and names the rule it must hit; every case runs under the default FEEL engine (feel-scala, injected by
 * {@link DmnEngineExtension}) and under the legacy Java FEEL behaviour ({@code dmnFeelEnableLegacyBehavior}, what the
 * application runs), see ADR 0002. A grid test compares every combination of the three inputs with the contract's
 * rules written out in Java, and a last test fails when a rule is added to the table without a case here.
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-9.2a R-9.2d R-9.2f ChangeClassification decision (type, urgency, risk → class and approval route)")
class ChangeClassificationDecisionTest {

    static final Path MODEL = Path.of("dmn", "ChangeClassification.dmn");
    static final String DECISION = "ChangeClassification";
    static final List<String> TYPES =
            List.of("STANDARD", "NORMAL", "EMERGENCY", "NEW_SERVICE", "RETIRE_SERVICE", "SLA_CHANGE");
    static final List<String> URGENCIES = List.of("HIGH", "MEDIUM", "LOW");
    static final List<String> RISKS = List.of("LOW", "MEDIUM", "HIGH", "VERY_HIGH");

    /** Injected by the extension: the default DMN engine configuration (feel-scala). */
    DmnEngine dmnEngine;

    /** One change as raised and rated, the rule it must hit and the outputs expected. */
    record Case(String name, String changeType, String urgency, String riskLevel, String rule, String changeClass,
            String approvalRoute) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // R-9.2f emergency changes go to the ECAB whatever their urgency and risk
                new Case("R-9.2f R-6.6a emergency restore at high urgency and low risk goes to the ECAB, assessed afterwards",
                        "EMERGENCY", "HIGH", "LOW", "Rule_EmergencyRestoreService", "EMERGENCY", "ECAB"),
                new Case("R-9.2f R-6.3b emergency fix at high urgency and medium risk goes to the ECAB, assessed afterwards",
                        "EMERGENCY", "HIGH", "MEDIUM", "Rule_EmergencyRestoreService", "EMERGENCY", "ECAB"),
                new Case("R-9.2f R-9.2a emergency security patch at very high risk goes to the ECAB",
                        "EMERGENCY", "HIGH", "VERY_HIGH", "Rule_Emergency", "EMERGENCY", "ECAB"),
                new Case("R-9.2f R-9.2a emergency change at low urgency and low risk still goes to the ECAB",
                        "EMERGENCY", "LOW", "LOW", "Rule_Emergency", "EMERGENCY", "ECAB"),
                // R-9.2d standard changes: pre-approved only at low risk
                new Case("R-9.2d R-9.2a standard password policy rollout at low risk is pre-approved",
                        "STANDARD", "MEDIUM", "LOW", "Rule_StandardLowRisk", "MINOR", "PRE_APPROVED"),
                new Case("R-9.2d R-9.2a standard change at high urgency and low risk is pre-approved, not urgent",
                        "STANDARD", "HIGH", "LOW", "Rule_StandardLowRisk", "MINOR", "PRE_APPROVED"),
                new Case("R-9.2d R-9.2a standard VM resize at medium risk needs the change manager",
                        "STANDARD", "LOW", "MEDIUM", "Rule_Standard", "MINOR", "CHANGE_MANAGER"),
                new Case("R-9.2d R-9.2a standard change at high urgency and very high risk needs the change manager",
                        "STANDARD", "HIGH", "VERY_HIGH", "Rule_Standard", "MINOR", "CHANGE_MANAGER"),
                // R-9.2a service and SLA changes are major, for the CAB
                new Case("R-9.2a R-9.2d new online-shop service at low risk is major, for the CAB",
                        "NEW_SERVICE", "LOW", "LOW", "Rule_ServiceOrSlaChange", "MAJOR", "CAB"),
                new Case("R-9.2a R-9.2d retiring the old fax service at high urgency is major, not urgent",
                        "RETIRE_SERVICE", "HIGH", "MEDIUM", "Rule_ServiceOrSlaChange", "MAJOR", "CAB"),
                new Case("R-9.2a R-9.2d changing the e-mail SLA is major, for the CAB",
                        "SLA_CHANGE", "MEDIUM", "LOW", "Rule_ServiceOrSlaChange", "MAJOR", "CAB"),
                // normal changes by urgency and risk
                new Case("R-9.2a R-9.2d normal ERP hotfix at high urgency and medium risk is urgent, for the CAB",
                        "NORMAL", "HIGH", "MEDIUM", "Rule_UrgentNotLowRisk", "URGENT", "CAB"),
                new Case("R-9.2a R-9.2d normal firewall change at high urgency and very high risk is urgent",
                        "NORMAL", "HIGH", "VERY_HIGH", "Rule_UrgentNotLowRisk", "URGENT", "CAB"),
                new Case("R-9.2a R-9.2d normal database migration at high risk is major, for the CAB",
                        "NORMAL", "MEDIUM", "HIGH", "Rule_HighRisk", "MAJOR", "CAB"),
                new Case("R-9.2a R-9.2d normal storage change at very high risk and low urgency is major",
                        "NORMAL", "LOW", "VERY_HIGH", "Rule_HighRisk", "MAJOR", "CAB"),
                new Case("R-9.2a R-9.2d normal HR portal config at medium risk is minor, for the change manager",
                        "NORMAL", "MEDIUM", "MEDIUM", "Rule_MediumRisk", "MINOR", "CHANGE_MANAGER"),
                new Case("R-9.2a R-9.2d normal change at high urgency but low risk is minor, not urgent",
                        "NORMAL", "HIGH", "LOW", "Rule_Default", "MINOR", "CHANGE_MANAGER"),
                new Case("R-9.2a R-9.2d normal monitoring tweak at low risk is minor, for the change manager",
                        "NORMAL", "LOW", "LOW", "Rule_Default", "MINOR", "CHANGE_MANAGER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void r92a_r92d_r92f_classifiesTheChangeAndChoosesTheApprovers(Case c) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            String as = engine.getKey() + ": " + c.name();
            Recorded result = evaluate(engine.getValue(), c.changeType(), c.urgency(), c.riskLevel());

            assertThat(result.matchedRules()).as(as).containsExactly(c.rule());
            assertThat(result.table().getResultList()).as(as).hasSize(1);
            Map<String, Object> outputs = result.table().getSingleResult().getEntryMap();
            if ("EMERGENCY".equals(c.changeType())) {
                // R-6.6a, R-6.3b: only high urgency at low or medium risk may leave the assessment until afterwards
                boolean afterwards = "HIGH".equals(c.urgency()) && List.of("LOW", "MEDIUM").contains(c.riskLevel());
                assertThat(outputs).as(as).containsOnlyKeys("changeClass", "approvalRoute", "classificationReason",
                        "emergencyAssessment");
                assertThat(outputs.get("emergencyAssessment")).as(as).isEqualTo(afterwards ? "AFTER" : "BEFORE");
            } else {
                assertThat(outputs.get("emergencyAssessment")).as(as).isNull();
            }
            assertThat(outputs.get("changeClass")).as(as).isEqualTo(c.changeClass());
            assertThat(outputs.get("approvalRoute")).as(as).isEqualTo(c.approvalRoute());
            assertThat((String) outputs.get("classificationReason")).as(as).isNotBlank().endsWith(".");
        }
    }

    /**
     * The contract's rules ("ChangeClassification" in brief-change-contract.md) written out in Java as
     * {changeClass, approvalRoute}: the table must agree on every combination of type, urgency and risk.
     */
    static List<String> byContract(String type, String urgency, String risk) {
        if (type.equals("EMERGENCY")) {
            return List.of("EMERGENCY", "ECAB");
        }
        if (type.equals("STANDARD")) {
            return risk.equals("LOW") ? List.of("MINOR", "PRE_APPROVED") : List.of("MINOR", "CHANGE_MANAGER");
        }
        if (List.of("NEW_SERVICE", "RETIRE_SERVICE", "SLA_CHANGE").contains(type)) {
            return List.of("MAJOR", "CAB");
        }
        if (urgency.equals("HIGH") && !risk.equals("LOW")) {
            return List.of("URGENT", "CAB");
        }
        if (risk.equals("HIGH") || risk.equals("VERY_HIGH")) {
            return List.of("MAJOR", "CAB");
        }
        return List.of("MINOR", "CHANGE_MANAGER");
    }

    @Test
    @DisplayName("R-9.2a R-9.2d R-9.2f the table agrees with the contract's rules on all 72 combinations")
    void r92a_r92d_r92f_agreesWithTheContractOnEveryCombination() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            DmnDecision decision = DecisionTables.parse(engine.getValue(), MODEL, DECISION);
            for (String type : TYPES) {
                for (String urgency : URGENCIES) {
                    for (String risk : RISKS) {
                        String as = engine.getKey() + ": " + type + ", urgency " + urgency + ", risk " + risk;
                        DmnDecisionTableResult result =
                                engine.getValue().evaluateDecisionTable(decision, variables(type, urgency, risk));
                        assertThat(result.getResultList()).as(as).hasSize(1);
                        assertThat(List.of(result.getSingleResult().<String>getEntry("changeClass"),
                                result.getSingleResult().<String>getEntry("approvalRoute")))
                                .as(as).isEqualTo(byContract(type, urgency, risk));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("R-9.2d only a low-risk standard change is pre-approved; R-9.2f only an emergency goes to the ECAB")
    void r92d_r92f_preApprovalAndEcabAreNarrow() throws IOException {
        DmnDecision decision = DecisionTables.parse(DecisionTables.LEGACY, MODEL, DECISION);
        for (String type : TYPES) {
            for (String urgency : URGENCIES) {
                for (String risk : RISKS) {
                    String route = DecisionTables.LEGACY.evaluateDecisionTable(decision, variables(type, urgency, risk))
                            .getSingleResult().getEntry("approvalRoute");
                    String as = type + ", urgency " + urgency + ", risk " + risk;
                    assertThat(route.equals("PRE_APPROVED")).as(as)
                            .isEqualTo(type.equals("STANDARD") && risk.equals("LOW"));
                    assertThat(route.equals("ECAB")).as(as).isEqualTo(type.equals("EMERGENCY"));
                }
            }
        }
    }

    @Test
    @DisplayName("R-9.2d a change type the table does not know is never pre-approved: it goes to an approver")
    void r92d_unknownTypeIsNeverPreApproved() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            for (String type : new String[] {"standard", "UNKNOWN", null}) {
                DmnDecisionTableResult result = evaluate(engine.getValue(), type, "LOW", "LOW").table();
                assertThat(result.getSingleResult().<String>getEntry("approvalRoute")).as(engine.getKey() + ": " + type)
                        .isEqualTo("CHANGE_MANAGER");
            }
        }
    }

    @Test
    @DisplayName("R-9.2a every rule of the table is hit by a test case, under both FEEL engines")
    void r92a_everyRuleIsHitByATestCase() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            for (Case c : cases().toList()) {
                hit.addAll(evaluate(engine.getValue(), c.changeType(), c.urgency(), c.riskLevel()).matchedRules());
            }
            assertThat(hit).as(engine.getKey() + ": rules hit by the test cases")
                    .containsExactlyInAnyOrderElementsOf(DecisionTables.ruleIds(engine.getValue(), MODEL, DECISION));
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** The variables the business rule task passes: all three always present (ADR 0002: JUEL needs them). */
    static VariableMap variables(String changeType, String urgency, String riskLevel) {
        return Variables.createVariables()
                .putValue("changeType", changeType)
                .putValue("urgency", urgency)
                .putValue("riskLevel", riskLevel);
    }

    record Recorded(DmnDecisionTableResult table, List<String> matchedRules) {}

    /**
     * Evaluates the decision and records which rules matched: a listener on the engine's live list of decision table
     * listeners sees the evaluation event (rule ids are not part of the decision result).
     */
    static Recorded evaluate(DmnEngine engine, String changeType, String urgency, String riskLevel)
            throws IOException {
        DmnDecision decision = DecisionTables.parse(engine, MODEL, DECISION);
        List<String> matched = new ArrayList<>();
        DmnDecisionTableEvaluationListener listener = event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId).forEach(matched::add);
        List<DmnDecisionTableEvaluationListener> listeners =
                ((DefaultDmnEngineConfiguration) engine.getConfiguration()).getDecisionTableEvaluationListeners();
        listeners.add(listener);
        try {
            return new Recorded(engine.evaluateDecisionTable(decision, variables(changeType, urgency, riskLevel)),
                    matched);
        } finally {
            listeners.remove(listener);
        }
    }
}
