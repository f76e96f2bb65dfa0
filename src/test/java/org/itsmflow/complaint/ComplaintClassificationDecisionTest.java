package org.itsmflow.complaint;

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
 * Decision test of {@code dmn/ComplaintClassification.dmn} (hit policy FIRST): formal complaint or informal feedback
 * (R-7.2c), the owner of customer satisfaction (R-7.2e), the targets and the escalation ladder (R-7.2d). Each case is
 * a complaint as raised, names the rule it must hit and runs under the default FEEL engine (feel-scala) and under the
 * legacy Java FEEL behaviour the application runs; a last test fails when a rule has no case here.
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-7.2c R-7.2d R-7.2e ComplaintClassification decision (severity, customer, service → formal, owner, targets, ladder)")
class ComplaintClassificationDecisionTest {

    static final Path MODEL = Path.of("dmn", "ComplaintClassification.dmn");
    static final String DECISION = "ComplaintClassification";

    DmnEngine dmnEngine;

    record Case(String name, String severity, Boolean formalAgreed, String customerId, String serviceId, String rule,
            boolean formal, String acknowledgeWithin, String resolveWithin, String secondAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("R-7.2c a member of staff with no customer gives informal feedback",
                        "HIGH", false, null, "erp", "Rule_Informal", false, "PT8H", "PT40H", "PT16H"),
                new Case("R-7.2c a customer without an agreed procedure gives informal feedback",
                        "LOW", false, "initech", null, "Rule_Informal", false, "PT8H", "PT40H", "PT16H"),
                new Case("R-7.2d a severe complaint about the online shop gets the tightest targets",
                        "HIGH", true, "globex", "online-shop", "Rule_ShopHigh", true, "PT1H", "PT8H", "PT4H"),
                new Case("R-7.2d key account Acme's medium complaint is handled faster",
                        "MEDIUM", true, "acme", "erp", "Rule_KeyAccountMedium", true, "PT2H", "PT16H", "PT8H"),
                new Case("R-7.2c a severe formal complaint about e-mail",
                        "HIGH", true, "acme", "email", "Rule_High", true, "PT2H", "PT16H", "PT8H"),
                new Case("R-7.2c a medium formal complaint from Globex with no service named",
                        "MEDIUM", true, "globex", null, "Rule_Medium", true, "PT4H", "PT24H", "PT16H"),
                new Case("R-7.2c a low formal complaint has the widest targets",
                        "LOW", true, "acme", "erp", "Rule_Default", true, "PT8H", "PT40H", "PT16H"),
                new Case("R-7.2c an unknown severity is still a formal complaint with the widest targets",
                        "CRITICAL", true, "acme", null, "Rule_Default", true, "PT8H", "PT40H", "PT16H"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void r72c_r72d_r72e_classifiesTheComplaint(Case c) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            String as = engine.getKey() + ": " + c.name();
            Recorded result = evaluate(engine.getValue(), c);
            assertThat(result.matchedRules()).as(as).containsExactly(c.rule());
            Map<String, Object> out = result.table().getSingleResult().getEntryMap();
            assertThat(out).as(as).containsOnlyKeys("formal", "ownerGroup", "acknowledgeWithin", "resolveWithin",
                    "firstEscalationGroup", "secondEscalationAfter", "secondEscalationGroup", "classificationReason");
            assertThat(out.get("formal")).as(as).isEqualTo(c.formal());
            assertThat(out.get("ownerGroup")).as(as + " R-7.2e customer relations owns satisfaction")
                    .isEqualTo("customerrelations");
            assertThat(out.get("firstEscalationGroup")).as(as).isEqualTo("customerrelations");
            assertThat(out.get("secondEscalationGroup")).as(as).isEqualTo("serviceowners");
            assertThat(out.get("acknowledgeWithin")).as(as).isEqualTo(c.acknowledgeWithin());
            assertThat(out.get("resolveWithin")).as(as).isEqualTo(c.resolveWithin());
            assertThat(out.get("secondEscalationAfter")).as(as).isEqualTo(c.secondAfter());
            assertThat((String) out.get("classificationReason")).as(as).isNotBlank().endsWith(".");
            java.time.Duration.parse((String) out.get("acknowledgeWithin"));
        }
    }

    @Test
    @DisplayName("R-7.2d acknowledgement always comes before resolution, for every severity and flag")
    void r72d_acknowledgementBeforeResolution() throws IOException {
        for (String severity : List.of("HIGH", "MEDIUM", "LOW")) {
            for (boolean agreed : List.of(true, false)) {
                for (String service : new String[] {"online-shop", "erp", null}) {
                    Case c = new Case("", severity, agreed, "acme", service, null, false, null, null, null);
                    Map<String, Object> out = evaluate(DecisionTables.LEGACY, c).table().getSingleResult().getEntryMap();
                    assertThat(java.time.Duration.parse((String) out.get("acknowledgeWithin")))
                            .isLessThan(java.time.Duration.parse((String) out.get("resolveWithin")));
                    assertThat(out.get("formal")).isEqualTo(agreed);
                }
            }
        }
    }

    @Test
    @DisplayName("R-7.2c every rule of the table is hit by a test case, under both FEEL engines")
    void r72c_everyRuleIsHitByATestCase() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            for (Case c : cases().toList()) {
                hit.addAll(evaluate(engine.getValue(), c).matchedRules());
            }
            assertThat(hit).as(engine.getKey()).containsExactlyInAnyOrderElementsOf(DecisionTables.ruleIds(engine.getValue(), MODEL, DECISION));
        }
    }

    /** The variables the process passes: all four always present, null allowed. */
    static VariableMap variables(Case c) {
        return Variables.createVariables().putValue("severity", c.severity()).putValue("formalAgreed", c.formalAgreed())
                .putValue("customerId", c.customerId()).putValue("serviceId", c.serviceId());
    }

    record Recorded(DmnDecisionTableResult table, List<String> matchedRules) {}

    static Recorded evaluate(DmnEngine engine, Case c) throws IOException {
        DmnDecision decision = DecisionTables.parse(engine, MODEL, DECISION);
        List<String> matched = new ArrayList<>();
        DmnDecisionTableEvaluationListener listener = event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId).forEach(matched::add);
        List<DmnDecisionTableEvaluationListener> listeners =
                ((DefaultDmnEngineConfiguration) engine.getConfiguration()).getDecisionTableEvaluationListeners();
        listeners.add(listener);
        try {
            return new Recorded(engine.evaluateDecisionTable(decision, variables(c)), matched);
        } finally {
            listeners.remove(listener);
        }
    }
}
