package org.itsmflow.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.stereotype.Service;

/**
 * What a decision table would have decided for the real cases of a period: every historic decision instance of the
 * decision key (inputs and outputs are kept at history level itsm-full, ADR 0012) is replayed through a candidate
 * table, or through the latest and the previous deployed versions, in a standalone DMN engine with the engine's FEEL
 * settings ({@link DecisionReplay}). Reads history as the system: whether the caller may ask is decided by the
 * controller (process owners and administrators).
 */
@Service
class DecisionPreview {

    static final int MAX_CASES = 50_000;

    private final HistoryService history;
    private final RepositoryService repository;
    private final ProcessEngineConfigurationImpl configuration;
    private final EngineUser engineUser;

    DecisionPreview(ProcessEngine engine, EngineUser engineUser) {
        this.history = engine.getHistoryService();
        this.repository = engine.getRepositoryService();
        this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        this.engineUser = engineUser;
    }

    /** The candidate file against what was actually decided (the recorded outputs and rules). */
    Result candidate(String key, byte[] candidateXml, Instant from, Instant to, List<String> outputs, int limit) {
        return engineUser.asSystem(() -> {
            requireDeployed(key);
            DecisionFile candidate = DecisionFile.read(candidateXml, "file");
            if (candidate.table(key) == null) {
                throw new InvalidFieldException("file", "has no decision table with id '" + key + "'");
            }
            DecisionReplay replay = new DecisionReplay(configuration);
            Side newSide = new Side(replay.parse(candidate, key), candidate.rules(key));
            List<String> compared = compared(outputs, candidate.outputNames(key));
            Map<String, DecisionFile> deployed = new HashMap<>();
            return run(key, from, to, compared, limit, "recorded outcome (the version that decided)",
                    "candidate file", (instance, inputs) -> recorded(instance, deployedFile(deployed, instance)),
                    (instance, inputs) -> replay.evaluate(newSide.decision(), inputs, newSide.rules()), deployed);
        });
    }

    /** The latest deployed version against the one before it, both replayed on the same cases. */
    Result againstPrevious(String key, Instant from, Instant to, List<String> outputs, int limit) {
        return engineUser.asSystem(() -> {
            DecisionDefinition latest = requireDeployed(key);
            if (latest.getVersion() < 2) {
                throw new InvalidFieldException("against", "decision " + key + " has only version "
                        + latest.getVersion() + "; there is no previous version to compare with");
            }
            DecisionDefinition previous = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                    .decisionDefinitionVersion(latest.getVersion() - 1).singleResult();
            DecisionReplay replay = new DecisionReplay(configuration);
            Side oldSide = side(replay, previous, key);
            Side newSide = side(replay, latest, key);
            List<String> compared = compared(outputs, DecisionFile.deployed(
                    repository.getDmnModelInstance(latest.getId()), "version " + latest.getVersion())
                    .outputNames(key));
            Map<String, DecisionFile> deployed = new HashMap<>();
            return run(key, from, to, compared, limit, "version " + previous.getVersion(),
                    "version " + latest.getVersion(),
                    (instance, inputs) -> replay.evaluate(oldSide.decision(), inputs, oldSide.rules()),
                    (instance, inputs) -> replay.evaluate(newSide.decision(), inputs, newSide.rules()), deployed);
        });
    }

    private Side side(DecisionReplay replay, DecisionDefinition definition, String key) {
        DecisionFile file = DecisionFile.deployed(repository.getDmnModelInstance(definition.getId()),
                "version " + definition.getVersion());
        return new Side(replay.parse(file, key), file.rules(key));
    }

    private record Side(DmnDecision decision, Map<String, DecisionFile.RuleRef> rules) {
    }

    private interface Decide {
        DecisionReplay.Outcome decide(HistoricDecisionInstance instance, Map<String, Object> inputs);
    }

    private Result run(String key, Instant from, Instant to, List<String> compared, int limit, String oldLabel,
            String newLabel, Decide oldSide, Decide newSide, Map<String, DecisionFile> deployed) {
        if (limit < 1 || limit > MAX_CASES) {
            throw new InvalidFieldException("limit", "must be between 1 and " + MAX_CASES);
        }
        List<HistoricDecisionInstance> instances = history.createHistoricDecisionInstanceQuery()
                .decisionDefinitionKey(key).evaluatedAfter(Date.from(from)).evaluatedBefore(Date.from(to))
                .includeInputs().includeOutputs().orderByEvaluationTime().asc().listPage(0, limit + 1);
        boolean truncated = instances.size() > limit;
        if (truncated) {
            instances = instances.subList(0, limit);
        }
        Map<String, String> businessKeys = businessKeys(instances);
        List<Difference> differences = new ArrayList<>();
        Map<String, Integer> pairs = new LinkedHashMap<>();
        int same = 0;
        int notReplayable = 0;
        for (HistoricDecisionInstance instance : instances) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            String missing = inputs(instance, deployedFile(deployed, instance), key, inputs);
            DecisionReplay.Outcome before;
            DecisionReplay.Outcome after;
            if (missing != null) {
                notReplayable++;
                before = new DecisionReplay.Outcome(List.of(), List.of(), missing);
                after = before;
            } else {
                before = oldSide.decide(instance, inputs);
                after = newSide.decide(instance, inputs);
            }
            String oldText = label(before, compared);
            String newText = label(after, compared);
            if (missing == null && oldText.equals(newText) && before.error() == null && after.error() == null) {
                same++;
                continue;
            }
            pairs.merge(oldText + " → " + newText, 1, Integer::sum);
            differences.add(new Difference(instance.getId(), instance.getProcessInstanceId(),
                    businessKeys.get(instance.getProcessInstanceId()), instance.getEvaluationTime().toInstant(),
                    instance.getDecisionDefinitionId(), inputs, side(before, compared), side(after, compared)));
        }
        List<Pair> pairList = pairs.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> {
                    String[] parts = e.getKey().split(" → ", 2);
                    return new Pair(parts[0], parts[1], e.getValue());
                }).toList();
        return new Result(key, oldLabel, newLabel, from, to, compared,
                new Counts(instances.size(), same, instances.size() - same, notReplayable, pairList), differences,
                truncated);
    }

    /** Fills {@code inputs} with the recorded input values by variable name; returns why not, if they cannot be. */
    private static String inputs(HistoricDecisionInstance instance, DecisionFile file, String key,
            Map<String, Object> inputs) {
        Map<String, String> names = file.inputVariables(key);
        for (HistoricDecisionInputInstance input : instance.getInputs()) {
            String name = names.get(input.getClauseId());
            if (name == null) {
                return "input " + input.getClauseId() + " of the deciding version has no variable name";
            }
            if (input.getErrorMessage() != null) {
                return "input " + name + " was not recorded: " + input.getErrorMessage();
            }
            inputs.put(name, input.getValue());
        }
        if (instance.getInputs().isEmpty()) {
            return "no inputs were recorded (history level without decision inputs?)";
        }
        return null;
    }

    /** What was decided, from the history rows: outputs grouped by the rule that produced them. */
    private static DecisionReplay.Outcome recorded(HistoricDecisionInstance instance, DecisionFile file) {
        Map<String, DecisionFile.RuleRef> rules = file.rules(instance.getDecisionDefinitionKey());
        Map<Integer, Map<String, Object>> byRule = new LinkedHashMap<>();
        Map<Integer, DecisionFile.RuleRef> refs = new LinkedHashMap<>();
        instance.getOutputs().stream()
                .sorted(Comparator.comparing(HistoricDecisionOutputInstance::getRuleOrder,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(output -> {
                    Integer order = output.getRuleOrder() == null ? 0 : output.getRuleOrder();
                    byRule.computeIfAbsent(order, o -> new LinkedHashMap<>()).put(output.getVariableName(),
                            output.getValue());
                    refs.computeIfAbsent(order, o -> rules.getOrDefault(output.getRuleId(),
                            new DecisionFile.RuleRef(output.getRuleId(), 0, null)));
                });
        return new DecisionReplay.Outcome(new ArrayList<>(byRule.values()), new ArrayList<>(refs.values()), null);
    }

    private DecisionFile deployedFile(Map<String, DecisionFile> cache, HistoricDecisionInstance instance) {
        return cache.computeIfAbsent(instance.getDecisionDefinitionId(), id -> DecisionFile.deployed(
                repository.getDmnModelInstance(id), "deployed definition " + id));
    }

    private Map<String, String> businessKeys(List<HistoricDecisionInstance> instances) {
        Set<String> ids = instances.stream().map(HistoricDecisionInstance::getProcessInstanceId)
                .filter(Objects::nonNull).collect(Collectors.toCollection(HashSet::new));
        Map<String, String> keys = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 500) {
            Set<String> chunk = new HashSet<>(all.subList(i, Math.min(all.size(), i + 500)));
            for (HistoricProcessInstance p : history.createHistoricProcessInstanceQuery().processInstanceIds(chunk)
                    .list()) {
                if (p.getBusinessKey() != null) {
                    keys.put(p.getId(), p.getBusinessKey());
                }
            }
        }
        return keys;
    }

    private DecisionDefinition requireDeployed(String key) {
        DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                .latestVersion().singleResult();
        if (latest == null) {
            throw new NotFoundException("Decision", key);
        }
        return latest;
    }

    private static List<String> compared(List<String> wanted, List<String> available) {
        if (wanted == null || wanted.isEmpty()) {
            return available;
        }
        for (String name : wanted) {
            if (!available.contains(name)) {
                throw new InvalidFieldException("outputs", "'" + name + "' is not an output of the table; outputs: "
                        + String.join(", ", available));
            }
        }
        return wanted;
    }

    /** The compared outputs of an outcome as one line, e.g. {@code priority=P2}; how two outcomes are compared. */
    static String label(DecisionReplay.Outcome outcome, List<String> compared) {
        if (outcome.error() != null) {
            return "(cannot decide)";
        }
        if (outcome.results().isEmpty()) {
            return "(no rule matched)";
        }
        return outcome.results().stream()
                .map(result -> compared.stream().map(name -> name + "=" + result.get(name))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining(" | "));
    }

    private static Outcome side(DecisionReplay.Outcome outcome, List<String> compared) {
        return new Outcome(label(outcome, compared), outcome.results(), outcome.rules(), outcome.error());
    }

    /** One side of a difference: the compared outputs as a line, all outputs, the rules that fired, or the error. */
    record Outcome(String summary, List<Map<String, Object>> outputs, List<DecisionFile.RuleRef> rules, String error) {
    }

    /** A case whose outcome differs: the decision instance, its process instance and business key, its inputs. */
    record Difference(String decisionInstanceId, String processInstanceId, String businessKey, Instant evaluatedAt,
            String decidedBy, Map<String, Object> inputs, Outcome oldOutcome, Outcome newOutcome) {
    }

    /** How many cases went from one outcome to another. */
    record Pair(String oldOutcome, String newOutcome, int count) {
    }

    record Counts(int total, int same, int different, int notReplayable, List<Pair> pairs) {
    }

    record Result(String decisionKey, String oldSide, String newSide, Instant from, Instant to,
            List<String> comparedOutputs, Counts counts, List<Difference> differences, boolean truncated) {
    }
}
