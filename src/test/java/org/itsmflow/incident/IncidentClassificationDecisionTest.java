package org.itsmflow.incident;

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
 * Decision test of {@code dmn/IncidentClassification.dmn} (hit policy FIRST): which group an incident is assigned
 * to (R-8.2b classification), whether it is a security incident routed to the security team (R-6.6b) and whether it
 * is a major incident (R-8.2e). Each case is what a service desk agent would enter, and names the rule it must hit;
 * every case runs under the default FEEL engine (feel-scala, injected by {@link DmnEngineExtension}) and under the
 * legacy Java FEEL behaviour ({@code dmnFeelEnableLegacyBehavior}), see ADR 0002. A last test fails when a rule is
 * added to the table without a case here.
 */
@ExtendWith(DmnEngineExtension.class)
@DisplayName("R-8.2b R-6.6b R-8.2e IncidentClassification decision (assignment group, security, major)")
class IncidentClassificationDecisionTest {

    static final Path MODEL = Path.of("dmn", "IncidentClassification.dmn");
    static final String DECISION = "IncidentClassification";

    /** Injected by the extension: the default DMN engine configuration (feel-scala). */
    DmnEngine dmnEngine;

    /**
     * One incident as entered (ciType null or "" when no CI is given), the rule it must hit and the outputs expected.
     */
    record Case(String name, String category, String serviceId, String ciType, String priority, String rule,
            String assignmentGroup, boolean securityIncident, boolean majorIncident) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // R-6.6b security incidents go to the security team; R-8.2e major when P1/P2
                new Case("R-6.6b R-8.2e phishing on e-mail at P1 is a major security incident",
                        "security", "email", "APPLICATION", "P1", "Rule_SecurityHighPriority", "security", true, true),
                new Case("R-6.6b R-8.2e suspected breach on the HR portal at P2, no CI, is a major security incident",
                        "security", "hr-portal", null, "P2", "Rule_SecurityHighPriority", "security", true, true),
                new Case("R-6.6b malware on an ERP database server at P3 is a security incident, not major",
                        "security", "erp", "DATABASE", "P3", "Rule_Security", "security", true, false),
                new Case("R-6.6b lost laptop at P4 on an unlisted service is a security incident, not major",
                        "security", "workplace", "", "P4", "Rule_Security", "security", true, false),
                // R-8.2e P1 on a business-critical service is a major incident
                new Case("R-8.2e network outage of the online shop at P1 is a major incident for the network team",
                        "network", "online-shop", "", "P1", "Rule_CriticalServiceNetworkOutage", "network", false, true),
                new Case("R-8.2e failed firewall in front of ERP at P1 is a major incident for the network team",
                        "hardware", "erp", "NETWORK_DEVICE", "P1", "Rule_CriticalServiceNetworkDeviceOutage",
                        "network", false, true),
                new Case("R-8.2e ERP application down at P1 is a major incident for second line",
                        "software", "erp", "APPLICATION", "P1", "Rule_CriticalServiceOutage", "secondline", false, true),
                new Case("R-8.2e e-mail server hardware failure at P1 is a major incident for second line",
                        "hardware", "email", "SERVER", "P1", "Rule_CriticalServiceOutage", "secondline", false, true),
                // R-8.2b routing of everything that is neither security nor major
                new Case("R-8.2b network problem on the HR portal at P1 (not business-critical) goes to network",
                        "network", "hr-portal", "", "P1", "Rule_Network", "network", false, false),
                new Case("R-8.2b slow e-mail network at P2 goes to network, not major",
                        "network", "email", null, "P2", "Rule_Network", "network", false, false),
                new Case("R-8.2b switch fault reported as 'other' goes to network",
                        "other", "hr-portal", "NETWORK_DEVICE", "P3", "Rule_NetworkDevice", "network", false, false),
                new Case("R-8.2b VPN client fails to connect goes to network",
                        "software", "remote-access", "", "P2", "Rule_RemoteAccessOutage", "network", false, false),
                new Case("R-8.2b remote access down at P1 (not business-critical) goes to network, not major",
                        "hardware", "remote-access", "SERVER", "P1", "Rule_RemoteAccessOutage", "network", false,
                        false),
                new Case("R-8.2b ERP database disk failure goes to second line",
                        "hardware", "erp", "DATABASE", "P2", "Rule_ServerHardware", "secondline", false, false),
                new Case("R-8.2b server power supply fault on an unlisted service goes to second line",
                        "hardware", "intranet", "SERVER", "P4", "Rule_ServerHardware", "secondline", false, false),
                new Case("R-8.2b VPN account request goes to the service desk, not network",
                        "access", "remote-access", null, "P3", "Rule_AccessRequest", "servicedesk", false, false),
                new Case("R-8.2b HR portal password reset goes to the service desk",
                        "access", "hr-portal", "APPLICATION", "P4", "Rule_AccessRequest", "servicedesk", false, false),
                new Case("R-8.2b HR portal software error at P3 stays with the service desk",
                        "software", "hr-portal", "APPLICATION", "P3", "Rule_Default", "servicedesk", false, false),
                new Case("R-8.2b virtual machine hardware question on e-mail at P3 stays with the service desk",
                        "hardware", "email", "VIRTUAL_MACHINE", "P3", "Rule_Default", "servicedesk", false, false),
                new Case("R-8.2b 'other' on the online shop at P2 without CI stays with the service desk",
                        "other", "online-shop", null, "P2", "Rule_Default", "servicedesk", false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void r82b_r66b_r82e_classifiesTheIncident(Case c) throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            String as = engine.getKey() + ": " + c.name();
            Recorded result = evaluate(engine.getValue(), c);

            assertThat(result.matchedRules()).as(as).containsExactly(c.rule());
            assertThat(result.table().getResultList()).as(as).hasSize(1);
            Map<String, Object> outputs = result.table().getSingleResult().getEntryMap();
            assertThat(outputs).as(as).containsOnlyKeys("assignmentGroup", "securityIncident", "majorIncident",
                    "classificationReason");
            assertThat(outputs.get("assignmentGroup")).as(as).isEqualTo(c.assignmentGroup());
            assertThat(outputs.get("securityIncident")).as(as).isEqualTo(c.securityIncident());
            assertThat(outputs.get("majorIncident")).as(as).isEqualTo(c.majorIncident());
            assertThat((String) outputs.get("classificationReason")).as(as).isNotBlank().endsWith(".");
        }
    }

    @Test
    @DisplayName("R-8.2b the assignment group is always an engine group id a task can be offered to")
    void r82b_assignmentGroupsAreEngineGroupIds() throws IOException {
        Set<String> groups = new HashSet<>();
        for (Case c : cases().toList()) {
            groups.add(evaluate(dmnEngine, c).table().getSingleResult().getEntry("assignmentGroup"));
        }
        assertThat(groups).containsExactlyInAnyOrder("servicedesk", "secondline", "network", "security");
    }

    @Test
    @DisplayName("R-8.2b every rule of the table is hit by a test case, under both FEEL engines")
    void r82b_everyRuleIsHitByATestCase() throws IOException {
        for (Map.Entry<String, DmnEngine> engine : DecisionTables.engines(dmnEngine).entrySet()) {
            Set<String> hit = new HashSet<>();
            for (Case c : cases().toList()) {
                hit.addAll(evaluate(engine.getValue(), c).matchedRules());
            }
            assertThat(hit).as(engine.getKey() + ": rules hit by the test cases")
                    .containsExactlyInAnyOrderElementsOf(DecisionTables.ruleIds(engine.getValue(), MODEL, DECISION));
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    record Recorded(DmnDecisionTableResult table, List<String> matchedRules) {}

    /**
     * Evaluates the decision with the variables the business rule task passes (ciType always present, null when no
     * CI is given) and records which rules matched: a listener on the engine's live list of decision table
     * listeners sees the evaluation event (rule ids are not part of the decision result).
     */
    static Recorded evaluate(DmnEngine engine, Case c) throws IOException {
        DmnDecision decision = DecisionTables.parse(engine, MODEL, DECISION);
        VariableMap variables = Variables.createVariables()
                .putValue("category", c.category())
                .putValue("serviceId", c.serviceId())
                .putValue("ciType", c.ciType())
                .putValue("priority", c.priority());
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
