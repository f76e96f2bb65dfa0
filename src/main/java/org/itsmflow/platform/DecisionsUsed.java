package org.itsmflow.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.impl.bpmn.behavior.DmnBusinessRuleTaskActivityBehavior;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.BpmnExecutionContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.delegate.DefaultDelegateInterceptor;
import org.camunda.bpm.engine.impl.dmn.invocation.DecisionInvocation;
import org.camunda.bpm.engine.impl.interceptor.DelegateInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Tells the delegate after a business rule task what the engine just evaluated: the decision's outputs, key and
 * version. So a business rule task needs no result variable (the result map was stored Java-serialised, with history
 * rows and byte arrays, only to be read and removed by the next step), and the incident records the version that
 * decided (R-8.2b) without asking the repository for the latest version again: exact even when a new version of a
 * table is deployed between the evaluation and the delegate. They are transient variables (never stored, no
 * history) of the execution the next activity runs in, each output its own primitive value (a transient object
 * value is still Java-serialised by the engine when set); they live until the next wait state. The engine's own
 * transient {@code decisionResult} cannot serve: it is local to the task's scope execution, gone when it ends.
 * Delegates read them through {@link DecisionResults#singleResult} and {@link DecisionResults#usedVersion}.
 */
@Component
public class DecisionsUsed extends AbstractProcessEnginePlugin {

    public static final String KEY = "evaluatedDecisionKey";
    public static final String VERSION = "evaluatedDecisionVersion";
    public static final String MATCHES = "evaluatedDecisionMatches";
    public static final String OUTPUTS = "evaluatedDecisionOutputs";
    /** Prefix of the transient variable holding each output of the single match. */
    public static final String OUTPUT = "evaluatedDecision.";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DelegateInterceptor inner = configuration.getDelegateInterceptor() == null ? new DefaultDelegateInterceptor()
                : configuration.getDelegateInterceptor();
        configuration.setDelegateInterceptor(invocation -> {
            inner.handleInvocation(invocation);
            if (invocation instanceof DecisionInvocation decision) {
                remember(decision.getDecisionDefinition(), decision.getInvocationResult());
            }
        });
    }

    private static void remember(DecisionDefinition definition, DmnDecisionResult result) {
        BpmnExecutionContext context = Context.getBpmnExecutionContext();
        ExecutionEntity execution = context == null ? null : context.getExecution();
        if (definition == null || result == null || execution == null || execution.getActivity() == null
                || !(execution.getActivity().getActivityBehavior() instanceof DmnBusinessRuleTaskActivityBehavior)) {
            return;
        }
        // the business rule task runs in its own scope execution, gone when the task ends: keep the values on the
        // execution the next activity runs in. Each output is its own transient primitive value: a transient object
        // value (a map, the result itself) would still be Java-serialised by the engine when set.
        ExecutionEntity flowScope = execution.getParent() == null ? execution : execution.getParent();
        flowScope.setVariableLocal(KEY, Variables.stringValue(definition.getKey(), true));
        flowScope.setVariableLocal(VERSION, Variables.integerValue(definition.getVersion(), true));
        flowScope.setVariableLocal(MATCHES, Variables.integerValue(result.size(), true));
        if (result.size() == 1) {
            Map<String, Object> outputs = result.getSingleResult().getEntryMap();
            for (Map.Entry<String, Object> output : outputs.entrySet()) {
                flowScope.setVariableLocal(OUTPUT + output.getKey(), Variables.untypedValue(output.getValue(), true));
            }
            flowScope.setVariableLocal(OUTPUTS, Variables.stringValue(String.join(",", outputs.keySet()), true));
        }
    }

    /** What the business rule task just before evaluated for decision {@code key}, or null if unknown. */
    static Evaluated evaluated(org.camunda.bpm.engine.delegate.DelegateExecution execution, String key) {
        if (!key.equals(execution.getVariable(KEY)) || !(execution.getVariable(MATCHES) instanceof Integer matches)) {
            return null;
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (matches == 1 && execution.getVariable(OUTPUTS) instanceof String names && !names.isEmpty()) {
            for (String name : names.split(",")) {
                outputs.put(name, execution.getVariable(OUTPUT + name));
            }
        }
        return new Evaluated(matches, outputs);
    }

    /** How many rules matched, and the outputs of the single match (empty otherwise). */
    record Evaluated(int matches, Map<String, Object> outputs) {
    }

    /** The version of decision {@code key} that the business rule task just before evaluated, or null if unknown. */
    static Integer version(org.camunda.bpm.engine.delegate.DelegateExecution execution, String key) {
        return key.equals(execution.getVariable(KEY)) && execution.getVariable(VERSION) instanceof Integer version
                ? version : null;
    }
}
