package org.itsmflow.incident;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.itsmflow.platform.Jdbc;
import org.itsmflow.platform.ListSpec;
import org.itsmflow.platform.OpenTasks;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.servicelevel.SlaSummary;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** Lists and searches incidents (R-8.2a): the service desk's queue, a customer's own incidents. */
@Service
class IncidentList {

    /** Every status an incident has until it is resolved. */
    static final List<String> OPEN = List.of(IncidentStatus.NEW.name(), IncidentStatus.IN_PROGRESS.name(),
            IncidentStatus.PENDING_CUSTOMER.name());

    static final ListSpec SPEC = ListSpec.of("incident")
            .oneOf("status", "status", Arrays.stream(IncidentStatus.values()).map(Enum::name).toList(),
                    Map.of("OPEN", OPEN))
            .oneOf("priority", "priority", Arrays.stream(Priority.values()).map(Enum::name).toList())
            .anyOf("serviceId", "service_id")
            .anyOf("ciId", "ci_id")
            .anyOf("group", "assignment_group")
            .anyOf("reporter", "reported_by")
            .custom("assignee")
            .range("created", "reported_at")
            .range("updated", "updated_at")
            .sort("id", "id").sort("created", "reported_at").sort("updated", "updated_at")
            .sort("priority", "priority").sort("status", "status").sort("title", "title")
            .defaultSort("-updated")
            .text("title", "description")
            .build();

    private final RecordSearch search;
    private final SlaClockService sla;
    private final OpenTasks tasks;

    IncidentList(RecordSearch search, SlaClockService sla, OpenTasks tasks) {
        this.search = search;
        this.sla = sla;
        this.tasks = tasks;
    }

    /** One page of the incidents matching the parameters; a customer's list holds only incidents they reported. */
    @Transactional(readOnly = true)
    RecordPage<IncidentListItem> list(MultiValueMap<String, String> parameters, Authentication caller) {
        RecordSearch.Query query = search.query(SPEC, parameters);
        query.ownRecordsOnly("reported_by", caller);
        List<String> assignees = query.values("assignee");
        if (!assignees.isEmpty()) {
            Set<String> instances = tasks.assignedTo(IncidentService.PROCESS_KEY, assignees);
            if (instances.isEmpty()) {
                query.nothing();
            } else {
                query.where("process_instance_id in (:assigned)", "assigned", instances);
            }
        }
        RecordPage<Incident> page = query.page((rs, n) -> new Incident(rs.getString("id"), rs.getString("title"),
                null, rs.getString("service_id"), rs.getString("ci_id"), null, null, null, null,
                rs.getString("priority"), null, rs.getString("assignment_group"), false, false, null,
                IncidentStatus.valueOf(rs.getString("status")), rs.getString("reported_by"),
                Jdbc.instant(rs, "reported_at"), null, null, null, null, null, 0, rs.getString("process_instance_id"),
                Jdbc.instant(rs, "updated_at"), 0));
        Map<String, SlaSummary> clocks = sla.summaries(page.items().stream().map(Incident::id).toList());
        Map<String, OpenTasks.RecordTask> open = tasks.of(page.items().stream().map(Incident::processInstanceId)
                .toList());
        return page.map(i -> {
            OpenTasks.RecordTask task = open.get(i.processInstanceId());
            return new IncidentListItem(i.id(), i.title(), i.status(), i.priority(), i.serviceId(), i.ciId(),
                    i.assignmentGroup(), task == null ? null : task.assignee(), i.reportedBy(), i.reportedAt(),
                    i.updatedAt(), clocks.get(i.id()), task);
        });
    }
}
