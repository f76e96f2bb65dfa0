package org.itsmflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.test.junit5.DmnEngineExtension;
import org.camunda.bpm.engine.variable.Variables;
import org.itsmflow.support.DecisionTables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision test of {@code dmn/ReleasePolicy.dmn} (hit policy UNIQUE): the documented release policy (R-10.1a) —
 * each release type's rollout (waves, canary), who authorises it (R-10.1b), the emergency short path (R-10.1f) and
 * the watch period with its incident threshold (R-10.1i). Every case runs under feel-scala and the legacy Java FEEL
 * the application runs; every rule is hit.
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-10.1a R-10.1b R-10.1f R-10.1i ReleasePolicy decision (release type → rollout, approvals, watch)")
class ReleasePolicyDecisionTest {

    static final Path MODEL = Path.of("dmn", "ReleasePolicy.dmn");
    static final String DECISION = "ReleasePolicy";

    DmnEngine dmnEngine;

    record Case(String name, String releaseType, String rule, int waveCount, int canarySize, String approvals,
            String watchPeriod, int incidentThreshold) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("R-10.1a R-10.1b major ERP release: canary then two waves, release manager and service owner, 14 days",
                        "MAJOR", "Rule_Major", 3, 1, "RELEASE_MANAGER_AND_SERVICE_OWNER", "P14D", 2),
                new Case("R-10.1a R-10.1b minor shop release: canary then the rest, both authorise, 7 days",
                        "MINOR", "Rule_Minor", 2, 1, "RELEASE_MANAGER_AND_SERVICE_OWNER", "P7D", 1),
                new Case("R-10.1a R-10.1b patch: canary then the rest, release manager alone, 3 days",
                        "PATCH", "Rule_Patch", 2, 1, "RELEASE_MANAGER", "P3D", 1),
                new Case("R-10.1f emergency hotfix: one wave everywhere, release manager alone, no incident allowed",
                        "EMERGENCY", "Rule_Emergency", 1, 0, "RELEASE_MANAGER", "P3D", 0));
    }

    DmnDecisionTableResult evaluate(DmnEngine engine, String type) throws IOException {
        DmnDecision decision = DecisionTables.parse(engine, MODEL, DECISION);
        return engine.evaluateDecisionTable(decision, Variables.createVariables().putValue("releaseType", type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void r101a_choosesTheRolloutForEachReleaseType(Case c) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            String as = engine.getKey() + ": " + c.name();
            Map<String, Object> out = evaluate(engine.getValue(), c.releaseType()).getSingleResult().getEntryMap();
            assertThat(((Number) out.get("waveCount")).intValue()).as(as).isEqualTo(c.waveCount());
            assertThat(((Number) out.get("canarySize")).intValue()).as(as).isEqualTo(c.canarySize());
            assertThat(out.get("approvals")).as(as).isEqualTo(c.approvals());
            assertThat(out.get("watchPeriod")).as(as).isEqualTo(c.watchPeriod());
            assertThat(Duration.parse((String) out.get("watchPeriod"))).as(as).isPositive();
            assertThat(((Number) out.get("incidentThreshold")).intValue()).as(as).isEqualTo(c.incidentThreshold());
            assertThat((String) out.get("policyReason")).as(as).isNotBlank().endsWith(".");
        }
    }

    @Test
    @DisplayName("R-10.1a every rule of the table is hit by a test case, under both FEEL engines")
    void r101a_everyRuleIsHit() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            DmnDecision decision = DecisionTables.parse(engine.getValue(), MODEL, DECISION);
            for (Case c : cases().toList()) {
                List<String> before = List.copyOf(hit);
                DmnDecisionTableResult result = engine.getValue().evaluateDecisionTable(decision,
                        Variables.createVariables().putValue("releaseType", c.releaseType()));
                assertThat(result.getResultList()).hasSize(1);
                hit.add(c.rule());
                assertThat(hit).hasSizeGreaterThan(before.size());
            }
            assertThat(hit).containsExactlyInAnyOrderElementsOf(
                    DecisionTables.ruleIds(engine.getValue(), MODEL, DECISION));
        }
    }

    @Test
    @DisplayName("R-10.1b R-10.1f only an emergency release skips the canary; only major and minor releases need the service owner")
    void r101b_r101f_emergencyIsTheShortPath() throws IOException {
        for (String type : List.of("MAJOR", "MINOR", "PATCH", "EMERGENCY")) {
            Map<String, Object> out = evaluate(DecisionTables.LEGACY, type).getSingleResult().getEntryMap();
            assertThat(((Number) out.get("waveCount")).intValue() == 1).as(type).isEqualTo(type.equals("EMERGENCY"));
            assertThat(out.get("approvals").equals("RELEASE_MANAGER_AND_SERVICE_OWNER")).as(type)
                    .isEqualTo(List.of("MAJOR", "MINOR").contains(type));
        }
    }

    @Test
    @DisplayName("R-10.1a waves over sites: the canary first, the rest spread evenly in order, never more waves than sites")
    void r101a_wavesOverSites() {
        List<String> five = List.of("a", "b", "c", "d", "e");
        assertThat(ReleaseService.waves(five, 3, 1)).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
        assertThat(ReleaseService.waves(five, 2, 1)).containsExactly(List.of("a"), List.of("b", "c", "d", "e"));
        assertThat(ReleaseService.waves(five, 1, 0)).containsExactly(five);
        assertThat(ReleaseService.waves(List.of("a", "b"), 3, 1)).containsExactly(List.of("a"), List.of("b"));
        assertThat(ReleaseService.waves(List.of("a"), 3, 1)).containsExactly(List.of("a"));
        assertThat(ReleaseService.waves(List.of("a", "b", "c"), 2, 0)).containsExactly(List.of("a", "b"), List.of("c"));
    }
}
