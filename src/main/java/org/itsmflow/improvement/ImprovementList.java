package org.itsmflow.improvement;

import java.util.List;

import org.itsmflow.platform.ListSpec;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** Lists and searches the service improvement register: staff only. */
@Service
class ImprovementList {

    /** Every status an item has until it is done or rejected. */
    static final List<String> OPEN = List.of(ImprovementRegister.PROPOSED, ImprovementRegister.ASSESSED,
            ImprovementRegister.AUTHORISED, ImprovementRegister.IN_PROGRESS);

    static final ListSpec SPEC = ListSpec.of("improvement_item")
            .oneOf("status", "status", ImprovementRegister.STATUSES, java.util.Map.of("OPEN", OPEN))
            .oneOf("source", "source", ImprovementRegister.SOURCES)
            .oneOf("priority", "priority", List.of("HIGH", "MEDIUM", "LOW"))
            .anyOf("serviceId", "service_id")
            .anyOf("owner", "owner")
            .range("created", "created_at")
            .range("updated", "updated_at")
            .sort("id", "id").sort("created", "created_at").sort("updated", "updated_at")
            .sort("status", "status").sort("title", "title").sort("targetDate", "target_date")
            .defaultSort("-created")
            .text("title", "description")
            .build();

    private final RecordSearch search;

    ImprovementList(RecordSearch search) {
        this.search = search;
    }

    @Transactional(readOnly = true)
    RecordPage<ImprovementItem> list(MultiValueMap<String, String> parameters) {
        return search.query(SPEC, parameters).page(ImprovementRegister::item);
    }
}
