package org.itsmflow.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.test.junit5.DmnEngineExtension;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision tests of {@code dmn/ProblemTrigger.dmn} (R-8.3c trend thresholds) and {@code dmn/ProblemPriority.dmn}
 * (R-8.3a classification, R-8.3b prioritisation), each case under feel-scala and the legacy Java FEEL the
 * application runs with; the last tests fail when a rule is added without a case here.
 */
@ExtendWith(DmnEngineExtension.class)
class ProblemDecisionTest {

    /** Injected by the extension: feel-scala. */
    DmnEngine dmnEngine;

    static Stream<Arguments> triggers() {
        return Stream.of(
                Arguments.of("security", "CI", 2, "Rule_SecurityCi"),
                Arguments.of("security", "SERVICE", 3, "Rule_SecurityService"),
                Arguments.of("software", "CI", 3, "Rule_AnyCi"),
                Arguments.of("network", "CI", 3, "Rule_AnyCi"),
                Arguments.of("hardware", "SERVICE", 5, "Rule_AnyService"));
    }

    @ParameterizedTest(name = "R-8.3c {0} incidents counted per {1}: {2} within a week raise a problem")
    @MethodSource("triggers")
    void r83c_thresholds(String category, String scope, int threshold, String rule) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : engines().entrySet()) {
            Recorded result = evaluate(engine.getValue(), "ProblemTrigger",
                    Variables.createVariables().putValue("category", category).putValue("scope", scope));
            Map<String, Object> out = result.table().getSingleResult().getEntryMap();
            assertThat(((Number) out.get("threshold")).intValue()).as(engine.getKey()).isEqualTo(threshold);
            assertThat(((Number) out.get("windowHours")).intValue()).as(engine.getKey()).isEqualTo(168);
            assertThat((String) out.get("triggerReason")).as(engine.getKey()).startsWith(threshold + " ");
            assertThat(result.matchedRules()).as(engine.getKey()).containsExactly(rule);
        }
    }

    static Stream<Arguments> priorities() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, String[]> groups = new LinkedHashMap<>();
        groups.put("Network", new String[] {"network", "network"});
        groups.put("Security", new String[] {"security", "security"});
        groups.put("Other", new String[] {"software", "secondline"});
        for (Map.Entry<String, String[]> group : groups.entrySet()) {
            String category = group.getValue()[0];
            String team = group.getValue()[1];
            String g = group.getKey();
            cases.add(Arguments.of("HIGH", "HIGH", 1, category, "P1", team, "Rule_HighHigh" + g));
            cases.add(Arguments.of("LOW", "LOW", 10, category, "P1", team, "Rule_ManyIncidents" + g));
            cases.add(Arguments.of("HIGH", "LOW", 1, category, "P2", team, "Rule_HighImpact" + g));
            cases.add(Arguments.of("LOW", "HIGH", 1, category, "P2", team, "Rule_HighUrgency" + g));
            cases.add(Arguments.of("LOW", "LOW", 5, category, "P2", team, "Rule_SeveralIncidents" + g));
            cases.add(Arguments.of("MEDIUM", "LOW", 1, category, "P3", team, "Rule_MediumImpact" + g));
            cases.add(Arguments.of("LOW", "MEDIUM", 4, category, "P3", team, "Rule_MediumUrgency" + g));
            cases.add(Arguments.of("LOW", "LOW", 4, category, "P4", team, "Rule_Low" + g));
        }
        cases.add(Arguments.of("MEDIUM", "MEDIUM", 3, "access", "P3", "secondline", "Rule_MediumImpactOther"));
        return cases.stream();
    }

    @ParameterizedTest(name = "R-8.3a R-8.3b impact {0}, urgency {1}, {2} incidents, {3} → {4} for {5}")
    @MethodSource("priorities")
    void r83b_priorityAndGroup(String impact, String urgency, int count, String category, String priority,
            String group, String rule) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : engines().entrySet()) {
            Recorded result = evaluate(engine.getValue(), "ProblemPriority", Variables.createVariables()
                    .putValue("impact", impact).putValue("urgency", urgency).putValue("incidentCount", count)
                    .putValue("category", category));
            Map<String, Object> out = result.table().getSingleResult().getEntryMap();
            assertThat(out).as(engine.getKey()).containsOnlyKeys("priority", "priorityReason", "assignmentGroup");
            assertThat(out.get("priority")).as(engine.getKey()).isEqualTo(priority);
            assertThat((String) out.get("priorityReason")).as(engine.getKey()).startsWith(priority + " because");
            assertThat(out.get("assignmentGroup")).as(engine.getKey()).isEqualTo(group);
            assertThat(result.matchedRules()).as(engine.getKey()).containsExactly(rule);
        }
    }

    @Test
    @DisplayName("R-8.3c R-8.3b every rule of both tables is hit by a test case")
    void everyRuleIsHit() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : engines().entrySet()) {
            Set<String> trigger = new HashSet<>();
            for (Arguments a : triggers().toList()) {
                trigger.addAll(evaluate(engine.getValue(), "ProblemTrigger", Variables.createVariables()
                        .putValue("category", a.get()[0]).putValue("scope", a.get()[1])).matchedRules());
            }
            assertThat(trigger).as(engine.getKey()).containsExactlyInAnyOrderElementsOf(ruleIds(engine.getValue(),
                    "ProblemTrigger"));
            Set<String> priority = new HashSet<>();
            for (Arguments a : priorities().toList()) {
                Object[] v = a.get();
                priority.addAll(evaluate(engine.getValue(), "ProblemPriority", Variables.createVariables()
                        .putValue("impact", v[0]).putValue("urgency", v[1]).putValue("incidentCount", v[2])
                        .putValue("category", v[3])).matchedRules());
            }
            assertThat(priority).as(engine.getKey()).containsExactlyInAnyOrderElementsOf(ruleIds(engine.getValue(),
                    "ProblemPriority"));
        }
    }

    @Test
    @DisplayName("R-8.3c an unknown scope matches no trigger rule")
    void unknownScope() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : engines().entrySet()) {
            assertThat(evaluate(engine.getValue(), "ProblemTrigger", Variables.createVariables()
                    .putValue("category", "software").putValue("scope", "SITE")).table().getResultList())
                    .as(engine.getKey()).isEmpty();
        }
    }

    // --- helpers (as in the incident decision tests) ---------------------------------------------------------

    private Map<String, DmnEngine> engines() {
        Map<String, DmnEngine> engines = new LinkedHashMap<>();
        engines.put("feel-scala (default)", dmnEngine);
        engines.put("legacy Java FEEL", Legacy.ENGINE);
        return engines;
    }

    static final class Legacy {
        static final DmnEngine ENGINE = ((DefaultDmnEngineConfiguration) DefaultDmnEngineConfiguration
                .createDefaultDmnEngineConfiguration()).enableFeelLegacyBehavior(true).buildEngine();
    }

    static DmnDecision parse(DmnEngine engine, String key) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("dmn", key + ".dmn"))) {
            return engine.parseDecision(key, in);
        }
    }

    static List<String> ruleIds(DmnEngine engine, String key) throws IOException {
        return ((DmnDecisionTableImpl) parse(engine, key).getDecisionLogic()).getRules().stream()
                .map(DmnDecisionTableRuleImpl::getId).toList();
    }

    record Recorded(DmnDecisionTableResult table, List<String> matchedRules) {}

    static Recorded evaluate(DmnEngine engine, String key, VariableMap variables) throws IOException {
        DmnDecision decision = parse(engine, key);
        List<String> matched = new ArrayList<>();
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
