package org.itsmflow.problem;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.itsmflow.platform.ListSpec;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** Lists and searches problems: staff only, like every problem read. */
@Service
class ProblemList {

    /** Every status a problem has until it is closed. */
    static final List<String> OPEN = Arrays.stream(ProblemStatus.values()).filter(s -> s != ProblemStatus.CLOSED)
            .map(Enum::name).toList();

    static final ListSpec SPEC = ListSpec.of("problem")
            .oneOf("status", "status", Arrays.stream(ProblemStatus.values()).map(Enum::name).toList(),
                    Map.of("OPEN", OPEN))
            .oneOf("priority", "priority", List.of("P1", "P2", "P3", "P4"))
            .oneOf("source", "source", List.of("MANUAL", "TREND"))
            .anyOf("serviceId", "service_id")
            .anyOf("ciId", "ci_id")
            .anyOf("category", "category")
            .anyOf("group", "assignment_group")
            .anyOf("reporter", "raised_by")
            .range("created", "raised_at")
            .range("updated", "updated_at")
            .sort("id", "id").sort("created", "raised_at").sort("updated", "updated_at")
            .sort("priority", "priority").sort("status", "status").sort("title", "title")
            .defaultSort("-created")
            .text("title", "description")
            .build();

    private final RecordSearch search;
    private final ProblemStore store;

    ProblemList(RecordSearch search, ProblemStore store) {
        this.search = search;
        this.store = store;
    }

    @Transactional(readOnly = true)
    RecordPage<Problem> list(MultiValueMap<String, String> parameters) {
        return search.query(SPEC, parameters).page(store::problem);
    }
}
