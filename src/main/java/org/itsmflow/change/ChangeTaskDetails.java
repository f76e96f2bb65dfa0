package org.itsmflow.change;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.Impact;
import org.itsmflow.cmdb.ImpactDirection;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.TaskDisplay;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives every user task of the change process what its form shows (R-9.2b, R-9.2d, R-9.2g): the RFC, the impact
 * analysis, the risk and class and why, the planned window and its schedule conflicts, the votes so far. They are
 * task-local copies for display, gone when the task completes; the record stays the only source of truth.
 */
@Component
class ChangeTaskDetails {

    static final String NO_CONFLICTS = "No conflicts";
    static final String NO_VOTES = "No votes yet";
    static final String VOTES_SO_FAR = "votesSoFar";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH);

    private final ChangeService changes;
    private final CmdbService cmdb;
    private final TaskDisplay display;
    private final EngineUser engineUser;

    ChangeTaskDetails(TaskDisplay display, ChangeService changes, CmdbService cmdb, EngineUser engineUser) {
        this.display = display;
        this.engineUser = engineUser;
        this.changes = changes;
        this.cmdb = cmdb;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void onCreate(DelegateTask task) {
        if (task.getProcessDefinitionId() == null
                || !task.getProcessDefinitionId().startsWith(ChangeService.PROCESS_KEY + ":")
                || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
            return;
        }
        String changeId = ChangeVariables.changeId(task);
        if (changeId != null) {
            ChangeView view = changes.view(changeId);
            display.name(task, view.change().id(), view.change().title());
            display.show(task, details(view));
        }
    }

    Map<String, Object> details(ChangeView view) {
        Change change = view.change();
        Map<String, Object> details = new HashMap<>();
        details.put("changeTitle", change.id() + " " + change.title());
        details.put("changeDescription", nz(change.description()));
        details.put("changeReason", change.reason());
        details.put("changeTypeLabel", label(change.changeType().name()) + ", urgency " + label(change.urgency().name()));
        details.put("requester", change.requester());
        details.put("affectedCis", view.cis().isEmpty() ? "None named" : view.cis().stream()
                .map(ci -> ci.ciId() + (ci.updates().isEmpty() ? "" : " → " + ci.updates()))
                .collect(Collectors.joining(", ")));
        details.put("impactSummary", impactSummary(view.cis().stream().map(ChangeCi::ciId).toList()));
        details.put("failureHistory", (change.failureCount() == null ? 0 : change.failureCount())
                + " incidents on the affected CIs in the last 90 days");
        details.put("riskLevel", nz(change.riskLevel()));
        details.put("riskReason", nz(change.riskReason()) + (change.classificationReason() == null ? ""
                : "\nClassification: " + change.classificationReason()));
        details.put("changeClass", nz(change.changeClass()));
        // same values as the process variables of these names: a form that submits them back changes nothing
        details.put("approvalRoute", nz(change.approvalRoute()));
        details.put("windowText", SHOWN.format(change.plannedStart().atZone(ZoneOffset.UTC)) + " – "
                + SHOWN.format(change.plannedEnd().atZone(ZoneOffset.UTC)));
        details.put("conflictsText", view.conflicts().isEmpty() ? NO_CONFLICTS
                : view.conflicts().stream().map(Conflict::describe).collect(Collectors.joining("\n")));
        details.put("implementationPlan", change.implementationPlan());
        details.put("backoutPlan", change.backoutPlan() == null ? "NONE – no backout plan" : change.backoutPlan());
        details.put("costEstimate", change.costEstimate() == null ? "" : change.costEstimate().toPlainString());
        details.put("businessBenefit", nz(change.businessBenefit()));
        details.put(VOTES_SO_FAR, votesText(view.votes()));
        return details;
    }

    static String votesText(List<ChangeVote> votes) {
        return votes.isEmpty() ? NO_VOTES : votes.stream()
                .map(v -> v.voter() + ": " + v.vote() + (v.comment() == null ? "" : " – " + v.comment()))
                .collect(Collectors.joining("\n"));
    }

    /**
     * After a vote was recorded (its task completing), shows it on the vote forms still open in the same vote: the
     * CAB's vote tasks are created together, before anyone voted, so without this each would say "No votes yet"
     * until the end. Reads and writes the other voters' tasks as the system: the voter may not see them.
     */
    void refreshVotes(DelegateTask voted) {
        String shown = votesText(changes.votes(ChangeVariables.changeId(voted)));
        TaskService tasks = voted.getProcessEngineServices().getTaskService();
        engineUser.asSystem(() -> tasks.createTaskQuery().processInstanceId(voted.getProcessInstanceId())
                .taskDefinitionKey(voted.getTaskDefinitionKey()).list().stream()
                .filter(open -> !open.getId().equals(voted.getId()))
                .forEach(open -> display.show(tasks, open.getId(), Map.of(VOTES_SO_FAR, shown))));
    }

    private String impactSummary(List<String> ciIds) {
        Set<String> items = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        for (String ciId : ciIds) {
            if (cmdb.find(ciId).isEmpty()) {
                continue;
            }
            Impact impact = cmdb.impact(ciId, ImpactDirection.DOWNSTREAM, ChangeService.IMPACT_DEPTH);
            impact.affected().forEach(ci -> items.add(ci.id() + " " + ci.name()));
            services.addAll(impact.services());
        }
        if (items.isEmpty() && services.isEmpty()) {
            return "Nothing recorded in the CMDB depends on the affected CIs.";
        }
        return "Depends on them: " + (items.isEmpty() ? "no other items" : String.join(", ", items))
                + "\nServices affected: " + (services.isEmpty() ? "none" : String.join(", ", services));
    }

    private static String label(String name) {
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
