package org.itsmflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.dmn.engine.DmnEngine;
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
 * Decision test of {@code dmn/EventClassification.dmn}: both tables, every rule, with the labels a Prometheus alert
 * carries, under feel-scala and under the legacy Java FEEL the application runs (ADR 0002).
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-8.2a R-8.2b EventClassification and EventService decisions (alert labels → incident)")
class EventClassificationDecisionTest {

    static final Path MODEL = Path.of("dmn", "EventClassification.dmn");

    DmnEngine dmnEngine;

    /** alertname, severity → ignore, impact, urgency, category, resolveWhenCleared, the rule. */
    static Stream<Arguments> alerts() {
        return Stream.of(
                Arguments.of("Watchdog", "none", true, "LOW", "LOW", "other", false, "Rule_Heartbeat"),
                Arguments.of("InfoInhibitor", "", true, "LOW", "LOW", "other", false, "Rule_Heartbeat"),
                Arguments.of("BlackboxProbeFailed", "critical", false, "HIGH", "HIGH", "network", true,
                        "Rule_NetworkUnreachable"),
                Arguments.of("InterfaceDown", "warning", false, "HIGH", "HIGH", "network", true,
                        "Rule_NetworkUnreachable"),
                Arguments.of("PostgresqlDown", "critical", false, "HIGH", "HIGH", "software", false, "Rule_Critical"),
                Arguments.of("DiskWillFillIn4Hours", "warning", false, "MEDIUM", "MEDIUM", "software", true,
                        "Rule_Warning"),
                Arguments.of("NodeClockSkew", "info", true, "LOW", "LOW", "other", false, "Rule_Informational"),
                Arguments.of("CustomCheck", "", false, "MEDIUM", "LOW", "software", true, "Rule_Other"),
                Arguments.of("CustomCheck", "page", false, "MEDIUM", "LOW", "software", true, "Rule_Other"));
    }

    /** service label → serviceId, the rule. */
    static Stream<Arguments> services() {
        return Stream.of(
                Arguments.of("email", "email", "Rule_Email"),
                Arguments.of("exchange", "email", "Rule_Email"),
                Arguments.of("erp", "erp", "Rule_Erp"),
                Arguments.of("sap", "erp", "Rule_Erp"),
                Arguments.of("shop", "online-shop", "Rule_OnlineShop"),
                Arguments.of("vpn", "remote-access", "Rule_RemoteAccess"),
                Arguments.of("hr", "hr-portal", "Rule_HrPortal"),
                Arguments.of("", "", "Rule_FromCmdb"),
                Arguments.of("billing", "", "Rule_FromCmdb"));
    }

    @ParameterizedTest(name = "R-8.2b alert {0} severity ''{1}'' → ignore {2}, {3}/{4} {5}, resolve when cleared {6}")
    @MethodSource("alerts")
    void r82b_alertLabelsGiveTheIncidentClassification(String alertname, String severity, boolean ignore,
            String impact, String urgency, String category, boolean resolveWhenCleared, String rule)
            throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            DecisionTables.Evaluated result = evaluate(engine.getValue(), "EventClassification",
                    Variables.createVariables().putValue("alertname", alertname).putValue("severity", severity));
            Map<String, Object> outputs = result.table().getFirstResult().getEntryMap();
            assertThat(outputs).as(engine.getKey()).containsEntry("ignore", ignore).containsEntry("impact", impact)
                    .containsEntry("urgency", urgency).containsEntry("category", category)
                    .containsEntry("resolveWhenCleared", resolveWhenCleared);
            assertThat((String) outputs.get("classificationReason")).as(engine.getKey()).isNotBlank().endsWith(".");
            assertThat(result.matchedRules().get(0)).as(engine.getKey()).isEqualTo(rule);
        }
    }

    @ParameterizedTest(name = "R-8.2a service label ''{0}'' → service ''{1}''")
    @MethodSource("services")
    void r82a_serviceLabelGivesTheCatalogueService(String label, String serviceId, String rule) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            DecisionTables.Evaluated result = evaluate(engine.getValue(), "EventService",
                    Variables.createVariables().putValue("service", label));
            assertThat(result.table().getFirstResult().<String>getEntry("serviceId")).as(engine.getKey())
                    .isEqualTo(serviceId);
            assertThat(result.matchedRules().get(0)).as(engine.getKey()).isEqualTo(rule);
        }
    }

    @Test
    @DisplayName("R-8.2b every rule of both tables is hit by a test case")
    void r82b_everyRuleIsHitByATestCase() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            for (Arguments args : alerts().toList()) {
                Object[] a = args.get();
                hit.add(evaluate(engine.getValue(), "EventClassification", Variables.createVariables()
                        .putValue("alertname", a[0]).putValue("severity", a[1])).matchedRules().get(0));
            }
            assertThat(hit).as(engine.getKey()).containsExactlyInAnyOrderElementsOf(
                    DecisionTables.ruleIds(engine.getValue(), MODEL, "EventClassification"));
            Set<String> services = new HashSet<>();
            for (Arguments args : services().toList()) {
                services.add(evaluate(engine.getValue(), "EventService",
                        Variables.createVariables().putValue("service", args.get()[0])).matchedRules().get(0));
            }
            assertThat(services).as(engine.getKey()).containsExactlyInAnyOrderElementsOf(
                    DecisionTables.ruleIds(engine.getValue(), MODEL, "EventService"));
        }
    }

    static DecisionTables.Evaluated evaluate(DmnEngine engine, String key, VariableMap variables) throws IOException {
        return DecisionTables.evaluate(engine, MODEL, key, variables);
    }
}
