package org.itsmflow.problem;

import java.util.List;
import java.util.Map;

import org.itsmflow.platform.ListSpec;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/**
 * Lists and searches the known-error database (R-8.3f). Readable by everyone, customers included (workarounds they
 * may apply themselves). {@code ci} stays as the earlier name of {@code ciId}.
 */
@Service
class KnownErrorList {

    static final ListSpec SPEC = ListSpec.of("known_error")
            .oneOf("status", "status", List.of("OPEN", "FIXED"), Map.of())
            .anyOf("ciId", "ci_id")
            .anyOf("ci", "ci_id")
            .anyOf("serviceId", "service_id")
            .anyOf("category", "category")
            .anyOf("problemId", "problem_id")
            .range("created", "created_at")
            .range("updated", "updated_at")
            .sort("id", "id").sort("created", "created_at").sort("updated", "updated_at")
            .sort("status", "status").sort("title", "title")
            .defaultSort("-updated")
            .text("title", "symptoms", "root_cause", "workaround")
            .build();

    private final RecordSearch search;

    KnownErrorList(RecordSearch search) {
        this.search = search;
    }

    @Transactional(readOnly = true)
    RecordPage<KnownError> list(MultiValueMap<String, String> parameters) {
        return search.query(SPEC, parameters).page(KnownErrorService::knownError);
    }
}
