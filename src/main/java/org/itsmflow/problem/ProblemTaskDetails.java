package org.itsmflow.problem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.TaskDisplay;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the problem's user tasks what their forms show: the problem, its linked incidents (read through
 * {@link IncidentService}) and the known errors already recorded on its CI or service (R-8.3b, R-8.3f). Task-local
 * copies for display; the record stays the only source of truth.
 */
@Component
class ProblemTaskDetails {

    static final String NONE = "None recorded.";
    private final ProblemService problems;
    private final IncidentService incidents;
    private final KnownErrorService knownErrors;
    private final TaskDisplay display;

    ProblemTaskDetails(TaskDisplay display, ProblemService problems, IncidentService incidents,
            KnownErrorService knownErrors) {
        this.display = display;
        this.problems = problems;
        this.incidents = incidents;
        this.knownErrors = knownErrors;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void onCreate(DelegateTask task) {
        if (task.getProcessDefinitionId() == null
                || !task.getProcessDefinitionId().startsWith(ProblemService.PROCESS_KEY + ":")
                || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
            return;
        }
        String problemId = (String) task.getVariable(ProblemVariables.PROBLEM_ID);
        if (problemId != null) {
            Problem problem = problems.require(problemId);
            display.name(task, problem.id(), problem.title());
            display.show(task, details(problem));
        }
    }

    Map<String, Object> details(Problem problem) {
        Map<String, Object> details = new HashMap<>();
        details.put("problemTitle", problem.title());
        details.put("problemPriority", problem.priority() == null ? "" : problem.priority());
        details.put("problemWhere", problem.serviceId() + " / " + (problem.ciId() == null ? "no CI" : problem.ciId())
                + " / " + problem.category() + (problem.reopenCount() > 0 ? " (reopened " + problem.reopenCount()
                        + "×)" : ""));
        details.put("linkedIncidents", problem.incidentIds().isEmpty() ? NONE
                : problem.incidentIds().stream().map(this::incidentLine).collect(Collectors.joining("\n")));
        List<KnownError> matching = knownErrors.matching(problem.ciId(), problem.serviceId(), problem.category());
        details.put("knownErrors", matching.isEmpty() ? NONE : matching.stream()
                .map(ke -> ke.id() + " " + ke.title() + "\n  Workaround: " + ke.workaround())
                .collect(Collectors.joining("\n")));
        return details;
    }

    private String incidentLine(String incidentId) {
        try {
            Incident incident = incidents.require(incidentId);
            return incident.id() + " " + incident.title() + " (" + incident.status() + ")";
        } catch (NotFoundException e) {
            return incidentId;
        }
    }
}
