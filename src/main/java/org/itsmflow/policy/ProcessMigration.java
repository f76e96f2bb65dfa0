package org.itsmflow.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.stereotype.Service;

/**
 * Running instances follow a new process version (issue 17): for each older version with running instances, the
 * engine's migration plan to the latest version ({@code mapEqualActivities().updateEventTriggers()}, validated by the
 * engine), the instances that can move (every activity they wait in has a counterpart), and those that stay, with
 * the activities that have none. Nothing is forced: an instance whose activity was removed stays on its version.
 * Runs as the system; whether the caller may ask is decided by the controller (process owners and administrators).
 */
@Service
class ProcessMigration {

    static final int MAX_INSTANCES = 500;

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final EngineUser engineUser;

    ProcessMigration(ProcessEngine engine, EngineUser engineUser) {
        this.runtime = engine.getRuntimeService();
        this.repository = engine.getRepositoryService();
        this.engineUser = engineUser;
    }

    /** What would move, and what would stay; changes nothing. */
    Overview plan(String key, List<Integer> versions) {
        return engineUser.asSystem(() -> overview(key, versions, false));
    }

    /** Migrates every instance that can move, each in its own transaction; lists the rest. */
    Overview migrate(String key, List<Integer> versions) {
        return engineUser.asSystem(() -> overview(key, versions, true));
    }

    private Overview overview(String key, List<Integer> versions, boolean execute) {
        ProcessDefinition target = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .latestVersion().singleResult();
        if (target == null) {
            throw new NotFoundException("Process", key);
        }
        List<ProcessDefinition> sources = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .orderByProcessDefinitionVersion().asc().list().stream()
                .filter(d -> d.getVersion() < target.getVersion()).toList();
        if (versions != null) {
            for (Integer version : versions) {
                if (version == null || sources.stream().noneMatch(d -> d.getVersion() == version)) {
                    throw new InvalidFieldException("versions", "'" + version + "' is not an older version of " + key
                            + " (latest is " + target.getVersion() + ")");
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        int remaining = MAX_INSTANCES;
        boolean more = false;
        for (ProcessDefinition source : sources) {
            if (versions != null && !versions.isEmpty() && !versions.contains(source.getVersion())) {
                continue;
            }
            List<ProcessInstance> instances = runtime.createProcessInstanceQuery()
                    .processDefinitionId(source.getId()).orderByProcessInstanceId().asc().listPage(0, remaining + 1);
            if (instances.isEmpty()) {
                continue;
            }
            steps.add(step(source, target, instances, remaining, execute));
            if (instances.size() > remaining) {
                more = true;
                break;
            }
            remaining -= instances.size();
        }
        return new Overview(key, target.getVersion(), target.getId(), execute, steps, more);
    }

    private Step step(ProcessDefinition source, ProcessDefinition target, List<ProcessInstance> instances,
            int max, boolean execute) {
        MigrationPlan plan;
        try {
            plan = runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities()
                    .updateEventTriggers().build();
        } catch (MigrationPlanValidationException e) {
            List<String> problems = new ArrayList<>();
            for (MigrationInstructionValidationReport report : e.getValidationReport().getInstructionReports()) {
                MigrationInstruction i = report.getMigrationInstruction();
                report.getFailures().forEach(f -> problems.add(i.getSourceActivityId() + " → "
                        + i.getTargetActivityId() + ": " + f));
            }
            List<Instance> stay = instances.stream().limit(max)
                    .map(p -> new Instance(p.getId(), p.getBusinessKey(), activities(p.getId()), List.of(),
                            "the generated plan is not valid")).toList();
            return new Step(source.getVersion(), source.getId(), List.of(), problems, List.of(), stay, List.of());
        }
        Set<String> mapped = new TreeSet<>();
        List<String> instructions = new ArrayList<>();
        for (MigrationInstruction i : plan.getInstructions()) {
            mapped.add(i.getSourceActivityId());
            instructions.add(i.getSourceActivityId() + " → " + i.getTargetActivityId()
                    + (i.isUpdateEventTrigger() ? " (event trigger updated)" : ""));
        }
        List<Instance> move = new ArrayList<>();
        List<Instance> stay = new ArrayList<>();
        List<Instance> failed = new ArrayList<>();
        for (ProcessInstance p : instances.stream().limit(max).toList()) {
            Set<String> waiting = activities(p.getId());
            List<String> unmapped = waiting.stream().filter(a -> !mapped.contains(a)).toList();
            if (!unmapped.isEmpty()) {
                stay.add(new Instance(p.getId(), p.getBusinessKey(), waiting, unmapped,
                        "no counterpart in version " + target.getVersion() + " for " + String.join(", ", unmapped)));
                continue;
            }
            if (!execute) {
                move.add(new Instance(p.getId(), p.getBusinessKey(), waiting, List.of(), null));
                continue;
            }
            try {
                runtime.newMigration(plan).processInstanceIds(p.getId()).execute();
                move.add(new Instance(p.getId(), p.getBusinessKey(), waiting, List.of(), null));
            } catch (MigratingProcessInstanceValidationException e) {
                failed.add(new Instance(p.getId(), p.getBusinessKey(), waiting, List.of(),
                        String.join("; ", failures(e.getValidationReport()))));
            }
        }
        return new Step(source.getVersion(), source.getId(), instructions, List.of(), move, stay, failed);
    }

    /** Ids of the activities an instance is in or about to enter (async continuations), the process itself not. */
    private Set<String> activities(String processInstanceId) {
        Set<String> ids = new LinkedHashSet<>();
        ActivityInstance root = runtime.getActivityInstance(processInstanceId);
        if (root != null) {
            collect(root, ids, true);
        }
        return ids;
    }

    private static void collect(ActivityInstance instance, Set<String> ids, boolean root) {
        if (!root) {
            ids.add(instance.getActivityId());
        }
        for (TransitionInstance transition : instance.getChildTransitionInstances()) {
            ids.add(transition.getActivityId());
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            collect(child, ids, false);
        }
    }

    private static List<String> failures(MigratingProcessInstanceValidationReport report) {
        List<String> failures = new ArrayList<>(report.getFailures());
        for (MigratingActivityInstanceValidationReport a : report.getActivityInstanceReports()) {
            a.getFailures().forEach(f -> failures.add(a.getSourceScopeId() + ": " + f));
        }
        for (MigratingTransitionInstanceValidationReport t : report.getTransitionInstanceReports()) {
            t.getFailures().forEach(f -> failures.add(t.getSourceScopeId() + ": " + f));
        }
        return failures;
    }

    /** One running instance: where it waits, which of those activities have no counterpart, why it stays. */
    record Instance(String processInstanceId, String businessKey, Set<String> activities, List<String> unmapped,
            String reason) {
    }

    /**
     * One older version: the generated plan (instructions, or why the engine refused it), the instances that move
     * (or moved), those that stay because an activity has no counterpart, and those the engine refused to move.
     */
    record Step(int fromVersion, String fromDefinitionId, List<String> instructions, List<String> planProblems,
            List<Instance> migrate, List<Instance> stay, List<Instance> refused) {
    }

    /** executed false: a dry run. more: there are more instances than one call handles; call again. */
    record Overview(String processKey, int toVersion, String toDefinitionId, boolean executed, List<Step> steps,
            boolean more) {
    }
}
