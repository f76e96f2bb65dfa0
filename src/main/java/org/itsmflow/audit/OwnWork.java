package org.itsmflow.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricIdentityLinkLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.itsmflow.cmdb.CiHistoryEntry;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Component;

/**
 * The independence rule of internal audit (R-4.3b), computed from the engine's history and the CMDB's history:
 * a person's "own work" in an audit's scope is any part they took in the audited process area during the audited
 * period — a user task of the area's processes they were assigned to or worked on, a process instance of the area
 * they started (an incident they reported, a change they requested), or for configuration management a CI they
 * changed. An auditor with own work in scope may not audit it. The history is read without the caller's
 * authorizations: the rule must see everything, whoever asks.
 */
@Component
public class OwnWork {

    /** At most this many pieces of evidence are named in a refusal (there may be thousands). */
    static final int MAX_EVIDENCE = 5;

    /** The group whose members plan and perform audits. */
    public static final String AUDITORS = "auditors";

    private final HistoryService history;
    private final org.camunda.bpm.engine.IdentityService identity;
    private final CmdbService cmdb;
    private final EngineUser engineUser;

    OwnWork(HistoryService history, org.camunda.bpm.engine.IdentityService identity, CmdbService cmdb,
            EngineUser engineUser) {
        this.history = history;
        this.identity = identity;
        this.cmdb = cmdb;
        this.engineUser = engineUser;
    }

    /**
     * What {@code user} did in {@code area} during {@code [from, to)}, in words ("was assignee of task 'Triage
     * incident' of INC-000123"), at most {@value #MAX_EVIDENCE} entries; empty when the user is independent.
     */
    public List<String> of(String user, ProcessArea area, Instant from, Instant to) {
        if (user == null || user.isBlank()) {
            return List.of();
        }
        return privileged(() -> find(user, area, Date.from(from), Date.from(to)));
    }

    /** The members of the auditors group, sorted by id. */
    public List<String> auditors() {
        return privileged(() -> identity.createUserQuery().memberOfGroup(AUDITORS).orderByUserId().asc().list()
                .stream().map(org.camunda.bpm.engine.identity.User::getId).toList());
    }

    /** Whether {@code user} is an auditor (a member of the auditors group). */
    public boolean isAuditor(String user) {
        return user != null && privileged(() -> identity.createUserQuery().memberOfGroup(AUDITORS).userId(user)
                .count() > 0);
    }

    /** Whether {@code user} took any part in the area's work in the period. */
    public boolean has(String user, ProcessArea area, Instant from, Instant to) {
        return !of(user, area, from, to).isEmpty();
    }

    private List<String> find(String user, ProcessArea area, Date from, Date to) {
        Set<String> evidence = new LinkedHashSet<>();
        for (String key : area.processKeys()) {
            // tasks assigned to the user that were open at some time in the period
            List<HistoricTaskInstance> tasks = new ArrayList<>(history.createHistoricTaskInstanceQuery()
                    .processDefinitionKey(key).taskAssignee(user).startedBefore(to).finishedAfter(from)
                    .orderByHistoricActivityInstanceStartTime().asc().listPage(0, MAX_EVIDENCE));
            tasks.addAll(history.createHistoricTaskInstanceQuery().processDefinitionKey(key).taskAssignee(user)
                    .startedBefore(to).unfinished().listPage(0, MAX_EVIDENCE));
            for (HistoricTaskInstance task : tasks) {
                evidence.add("was assignee of task '" + task.getName() + "' of " + label(task.getProcessInstanceId(), key));
            }
            // every assignment in the period, also of tasks later handed on to someone else
            for (HistoricIdentityLinkLog link : history.createHistoricIdentityLinkLogQuery().processDefinitionKey(key)
                    .userId(user).type(IdentityLinkType.ASSIGNEE).operationType("add").dateAfter(from).dateBefore(to)
                    .listPage(0, MAX_EVIDENCE)) {
                HistoricTaskInstance task = history.createHistoricTaskInstanceQuery().taskId(link.getTaskId())
                        .singleResult();
                evidence.add("was assignee of task '" + (task == null ? link.getTaskId() : task.getName()) + "' of "
                        + label(task == null ? null : task.getProcessInstanceId(), key));
            }
            for (HistoricProcessInstance started : history.createHistoricProcessInstanceQuery()
                    .processDefinitionKey(key).startedBy(user).startedAfter(from).startedBefore(to)
                    .listPage(0, MAX_EVIDENCE)) {
                evidence.add("started " + label(started) + " (" + key + ")");
            }
        }
        if (area == ProcessArea.CONFIGURATION) {
            for (CiHistoryEntry entry : cmdb.historyBy(user, from.toInstant(), to.toInstant())) {
                evidence.add("changed configuration item " + entry.ciId() + " (version " + entry.ciVersion() + ")");
                if (evidence.size() >= MAX_EVIDENCE) {
                    break;
                }
            }
        }
        return evidence.stream().limit(MAX_EVIDENCE).toList();
    }

    private String label(String processInstanceId, String key) {
        HistoricProcessInstance instance = processInstanceId == null ? null
                : history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
        return instance == null ? key + " " + processInstanceId : label(instance);
    }

    private static String label(HistoricProcessInstance instance) {
        return instance.getBusinessKey() != null ? instance.getBusinessKey() : "instance " + instance.getId();
    }

    /** Inside an engine command (a task listener) without its authorization checks, else as the organisation. */
    private <T> T privileged(Supplier<T> work) {
        CommandContext command = Context.getCommandContext();
        if (command != null) {
            return command.runWithoutAuthorization((java.util.concurrent.Callable<T>) work::get);
        }
        return engineUser.asSystem(work);
    }
}
