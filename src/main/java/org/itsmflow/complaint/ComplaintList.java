package org.itsmflow.complaint;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.itsmflow.platform.Jdbc;
import org.itsmflow.platform.ListSpec;
import org.itsmflow.platform.OpenTasks;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** Lists and searches complaints (R-7.2d); a customer's list holds only the complaints they raised. */
@Service
class ComplaintList {

    static final List<String> OPEN = List.of("RECEIVED", "ACKNOWLEDGED", "INVESTIGATED", "ACTIONED",
            "OUTCOME_REPORTED");

    static final ListSpec SPEC = ListSpec.of("complaint")
            .oneOf("status", "status", Arrays.stream(ComplaintStatus.values()).map(Enum::name).toList(),
                    Map.of("OPEN", OPEN))
            .oneOf("severity", "severity", Arrays.stream(Severity.values()).map(Enum::name).toList())
            .anyOf("serviceId", "service_id")
            .anyOf("customerId", "customer_id")
            .anyOf("group", "owner_group")
            .anyOf("reporter", "raised_by")
            .range("created", "raised_at")
            .range("updated", "updated_at")
            .sort("id", "id").sort("created", "raised_at").sort("updated", "updated_at")
            .sort("status", "status").sort("severity", "severity").sort("resolutionDue", "resolution_due_at")
            .defaultSort("-updated")
            .text("title", "description")
            .build();

    private final RecordSearch search;
    private final OpenTasks tasks;

    ComplaintList(RecordSearch search, OpenTasks tasks) {
        this.search = search;
        this.tasks = tasks;
    }

    @Transactional(readOnly = true)
    RecordPage<ComplaintListItem> list(MultiValueMap<String, String> parameters, Authentication caller) {
        RecordSearch.Query query = search.query(SPEC, parameters);
        query.ownRecordsOnly("raised_by", caller);
        Map<String, String> instances = new HashMap<>();
        RecordPage<ComplaintListItem> page = query.page((rs, n) -> {
            instances.put(rs.getString("id"), rs.getString("process_instance_id"));
            return new ComplaintListItem(rs.getString("id"), rs.getString("title"),
                    ComplaintStatus.valueOf(rs.getString("status")), rs.getString("severity"),
                    rs.getString("customer_id"), rs.getString("service_id"), rs.getString("owner_group"),
                    rs.getString("raised_by"), rs.getInt("escalation_level"), Jdbc.instant(rs, "acknowledge_due_at"),
                    Jdbc.instant(rs, "resolution_due_at"), Jdbc.instant(rs, "raised_at"),
                    Jdbc.instant(rs, "updated_at"), null);
        });
        return tasks.attach(page, instances, ComplaintListItem::id, ComplaintListItem::withTask);
    }
}
