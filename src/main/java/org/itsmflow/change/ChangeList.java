package org.itsmflow.change;

import java.util.Arrays;
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

/** Lists and searches changes: last week's failed changes, the changes on a CI, a requester's own. */
@Service
class ChangeList {

    /** Every status a change has until it is closed, rejected, failed or backed out. */
    static final List<String> OPEN = List.of("RECORDED", "ASSESSED", "AWAITING_APPROVAL", "APPROVED", "SCHEDULED",
            "IMPLEMENTING", "IMPLEMENTED");

    static final ListSpec SPEC = ListSpec.of("change_request")
            .oneOf("status", "status", Arrays.stream(ChangeStatus.values()).map(Enum::name).toList(),
                    Map.of("OPEN", OPEN))
            .oneOf("type", "change_type", Arrays.stream(ChangeType.values()).map(Enum::name).toList())
            .oneOf("risk", "risk_level", List.of("LOW", "MEDIUM", "HIGH"))
            .anyOf("requester", "requester")
            .custom("ciId")
            .range("created", "requested_at")
            .range("updated", "updated_at")
            .range("plannedStart", "planned_start")
            .sort("id", "id").sort("created", "requested_at").sort("updated", "updated_at")
            .sort("plannedStart", "planned_start").sort("status", "status").sort("title", "title")
            .defaultSort("-updated")
            .text("title", "description")
            .build();

    private final RecordSearch search;
    private final OpenTasks tasks;

    ChangeList(RecordSearch search, OpenTasks tasks) {
        this.search = search;
        this.tasks = tasks;
    }

    /** One page of the matching changes; a customer's list holds only the changes they requested. */
    @Transactional(readOnly = true)
    RecordPage<ChangeListItem> list(MultiValueMap<String, String> parameters, Authentication caller) {
        RecordSearch.Query query = search.query(SPEC, parameters);
        query.ownRecordsOnly("requester", caller);
        List<String> cis = query.values("ciId");
        if (!cis.isEmpty()) {
            query.where("id in (select change_id from change_ci where ci_id in (:cis))", "cis", cis);
        }
        java.util.Map<String, String> instances = new java.util.HashMap<>();
        RecordPage<ChangeListItem> page = query.page((rs, n) -> {
            instances.put(rs.getString("id"), rs.getString("process_instance_id"));
            return new ChangeListItem(rs.getString("id"), rs.getString("title"),
                    ChangeStatus.valueOf(rs.getString("status")), rs.getString("change_type"), rs.getString("urgency"),
                    rs.getString("risk_level"), rs.getString("change_class"), rs.getString("requester"),
                    Jdbc.instant(rs, "planned_start"), Jdbc.instant(rs, "planned_end"),
                    Jdbc.instant(rs, "requested_at"), Jdbc.instant(rs, "updated_at"), null);
        });
        return tasks.attach(page, instances, ChangeListItem::id, ChangeListItem::withTask);
    }
}
