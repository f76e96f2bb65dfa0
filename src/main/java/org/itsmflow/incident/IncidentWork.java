package org.itsmflow.incident;

import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves an incident on through its process for a caller that is not a person at Tasklist (a monitoring system whose
 * alerts all cleared, a reporter answering by e-mail): the same user tasks a person completes, with the same outcomes, so the process records the
 * resolution, notifies the customer and waits for confirmation as always. The status column is never written here.
 */
@Service
public class IncidentWork {

    static final String TRIAGE = "UserTask_TriageIncident";
    static final String RESOLVE = "UserTask_ResolveIncident";
    static final String PROVIDE_INFORMATION = "UserTask_ProvideInformation";

    private final IncidentService incidents;
    private final TaskService tasks;
    private final EngineUser engineUser;

    IncidentWork(IncidentService incidents, TaskService tasks, EngineUser engineUser) {
        this.incidents = incidents;
        this.tasks = tasks;
        this.engineUser = engineUser;
    }

    /**
     * Resolves the incident through its process: when it waits for triage, triage is confirmed as recorded; then
     * "Investigate and resolve" is completed with outcome RESOLVED and this note. A major incident (coordinated by
     * its managers) or an incident waiting for the customer is left to people.
     *
     * @return whether the incident is now resolved
     */
    @Transactional
    public boolean resolve(String id, String note) {
        Incident incident = incidents.require(id);
        if (incident.processInstanceId() == null || incident.majorIncident()) {
            return false;
        }
        return engineUser.asSystem(() -> {
            Task task = waiting(incident.processInstanceId());
            if (task != null && TRIAGE.equals(task.getTaskDefinitionKey())) {
                tasks.complete(task.getId(), Map.of("triageDecision", "CONFIRM", "triageNote", note));
                task = waiting(incident.processInstanceId());
            }
            if (task == null || !RESOLVE.equals(task.getTaskDefinitionKey())) {
                return false;
            }
            tasks.complete(task.getId(), Map.of("resolution", "RESOLVED", "resolutionNote", note));
            return true;
        });
    }

    /**
     * The reporter answered the question the incident waits on (by e-mail): "Provide requested information" is
     * completed with the answer, so the process resumes the SLA clocks and work goes on, as when the reporter answers
     * in Tasklist.
     *
     * @return whether the incident was waiting for the customer and now goes on
     */
    @Transactional
    public boolean answer(String id, String reply) {
        Incident incident = incidents.require(id);
        if (incident.processInstanceId() == null || incident.status() != IncidentStatus.PENDING_CUSTOMER) {
            return false;
        }
        return engineUser.asSystem(() -> {
            Task task = tasks.createTaskQuery().processInstanceId(incident.processInstanceId())
                    .taskDefinitionKey(PROVIDE_INFORMATION).singleResult();
            if (task == null) {
                return false;
            }
            tasks.complete(task.getId(), Map.of("customerReply", reply));
            return true;
        });
    }

    private Task waiting(String processInstanceId) {
        return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKeyIn(TRIAGE, RESOLVE)
                .singleResult();
    }
}
