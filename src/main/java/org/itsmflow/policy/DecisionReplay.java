package org.itsmflow.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

/**
 * A standalone DMN engine with the process engine's FEEL settings (legacy mode, blank outputs, custom functions:
 * ADR 0002), so a table replayed here decides what it would decide in the engine; no history, no metrics, and no
 * script engine at all. One replay per preview: it remembers the rules that fired in the last evaluation.
 */
final class DecisionReplay {

    private final DmnEngine dmn;
    private final List<DmnEvaluatedDecisionRule> fired = new ArrayList<>();
    private String evaluatedKey;

    DecisionReplay(ProcessEngineConfigurationImpl engine) {
        DefaultDmnEngineConfiguration configuration =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        configuration.enableFeelLegacyBehavior(engine.isDmnFeelEnableLegacyBehavior());
        configuration.setReturnBlankTableOutputAsNull(engine.isDmnReturnBlankTableOutputAsNull());
        if (engine.getDmnFeelCustomFunctionProviders() != null) {
            configuration.feelCustomFunctionProviders(engine.getDmnFeelCustomFunctionProviders());
        }
        configuration.scriptEngineResolver(language -> null);
        DmnDecisionTableEvaluationListener listener = event -> {
            if (event.getDecisionTable().getKey().equals(evaluatedKey)) {
                fired.addAll(event.getMatchingRules());
            }
        };
        configuration.customPostDecisionTableEvaluationListeners(List.of(listener));
        dmn = configuration.buildEngine();
    }

    /** Parses decision {@code key} of a file already checked by {@link DecisionFile}. */
    DmnDecision parse(DecisionFile file, String key) {
        return dmn.parseDecision(key, file.model());
    }

    /** Evaluates {@code decision} with {@code inputs}: its results and the rules that fired, or the error. */
    Outcome evaluate(DmnDecision decision, Map<String, Object> inputs, Map<String, DecisionFile.RuleRef> rules) {
        fired.clear();
        evaluatedKey = decision.getKey();
        VariableMap variables = Variables.createVariables();
        inputs.forEach(variables::putValue);
        try {
            DmnDecisionResult result = dmn.evaluateDecision(decision, variables);
            List<Map<String, Object>> results = new ArrayList<>();
            for (DmnDecisionResultEntries entries : result) {
                results.add(new LinkedHashMap<>(entries.getEntryMap()));
            }
            List<DecisionFile.RuleRef> refs = new ArrayList<>();
            for (DmnEvaluatedDecisionRule rule : fired) {
                refs.add(rules.getOrDefault(rule.getId(), new DecisionFile.RuleRef(rule.getId(), 0, null)));
            }
            return new Outcome(results, refs, null);
        } catch (RuntimeException e) {
            return new Outcome(List.of(), List.of(), e.getMessage());
        }
    }

    /**
     * What a decision decided for one case: one map of outputs per matched rule (one for hit policy UNIQUE/FIRST),
     * the rules that fired, or why it could not decide.
     */
    record Outcome(List<Map<String, Object>> results, List<DecisionFile.RuleRef> rules, String error) {
    }
}
