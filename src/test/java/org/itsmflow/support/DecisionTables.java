package org.itsmflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;

/**
 * What every decision test needs: the table parsed from the project's {@code dmn/} folder, evaluated under both
 * FEEL engines — feel-scala (the DMN extension's engine) and the legacy Java FEEL the application runs
 * ({@code dmn-feel-enable-legacy-behavior}, ADR 0002) — and the table's rule ids for the coverage check.
 */
public final class DecisionTables {

    /** The engine as the application builds it. */
    public static final DmnEngine LEGACY = ((DefaultDmnEngineConfiguration) DefaultDmnEngineConfiguration
            .createDefaultDmnEngineConfiguration()).enableFeelLegacyBehavior(true).buildEngine();

    private DecisionTables() {
    }

    /** Both engines by name: the extension's feel-scala engine and {@link #LEGACY}. */
    public static Map<String, DmnEngine> engines(DmnEngine feelScala) {
        Map<String, DmnEngine> engines = new LinkedHashMap<>();
        engines.put("feel-scala (default)", feelScala);
        engines.put("legacy Java FEEL", LEGACY);
        return engines;
    }

    public static DmnDecision parse(DmnEngine engine, Path model, String decisionKey) throws IOException {
        try (InputStream in = Files.newInputStream(model)) {
            return engine.parseDecision(decisionKey, in);
        }
    }

    /** A table's result with the ids of the rules that matched (rule ids are not part of the decision result). */
    public record Evaluated(org.camunda.bpm.dmn.engine.DmnDecisionTableResult table, List<String> matchedRules) {
    }

    /**
     * Evaluates one decision of a model and records which rules matched: a listener on the engine's live list of
     * decision table listeners sees the evaluation event.
     */
    public static Evaluated evaluate(DmnEngine engine, Path model, String decisionKey,
            org.camunda.bpm.engine.variable.VariableMap variables) throws IOException {
        DmnDecision decision = parse(engine, model, decisionKey);
        List<String> matched = new java.util.ArrayList<>();
        org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener listener = event -> event
                .getMatchingRules().forEach(rule -> matched.add(rule.getId()));
        List<org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener> listeners =
                ((DefaultDmnEngineConfiguration) engine.getConfiguration()).getDecisionTableEvaluationListeners();
        listeners.add(listener);
        try {
            return new Evaluated(engine.evaluateDecisionTable(decision, variables), matched);
        } finally {
            listeners.remove(listener);
        }
    }

    public static List<String> ruleIds(DmnEngine engine, Path model, String decisionKey) throws IOException {
        return ((DmnDecisionTableImpl) parse(engine, model, decisionKey).getDecisionLogic()).getRules().stream()
                .map(DmnDecisionTableRuleImpl::getId).toList();
    }
}
