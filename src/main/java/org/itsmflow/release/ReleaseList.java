package org.itsmflow.release;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.itsmflow.platform.ListSpec;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** Lists and searches releases: the releases of a CI, this quarter's failed ones, a planner's own. */
@Service
class ReleaseList {

    /** Every status a release has before one of the five final ones. */
    static final List<String> OPEN = List.of("PLANNED", "AUTHORISED", "IN_TEST", "ROLLING_OUT", "DEPLOYED");

    static final ListSpec SPEC = ListSpec.of("release_record")
            .oneOf("status", "status", Arrays.stream(ReleaseStatus.values()).map(Enum::name).toList(),
                    Map.of("OPEN", OPEN))
            .oneOf("type", "release_type", Arrays.stream(ReleaseType.values()).map(Enum::name).toList())
            .oneOf("outcome", "outcome", List.of("SUCCESSFUL", "FAILED", "ROLLED_BACK", "TEST_FAILED", "REJECTED"))
            .anyOf("planner", "planner")
            .anyOf("releaseManager", "release_manager")
            .custom("ciId")
            .range("created", "created_at")
            .range("updated", "updated_at")
            .range("planned", "planned_date")
            .sort("id", "id").sort("created", "created_at").sort("updated", "updated_at")
            .sort("planned", "planned_date").sort("status", "status").sort("title", "title")
            .defaultSort("-created")
            .text("title", "description")
            .build();

    private final RecordSearch search;

    ReleaseList(RecordSearch search) {
        this.search = search;
    }

    @Transactional(readOnly = true)
    RecordPage<Release> list(MultiValueMap<String, String> parameters) {
        RecordSearch.Query query = search.query(SPEC, parameters);
        List<String> cis = query.values("ciId");
        if (!cis.isEmpty()) {
            query.where("id in (select release_id from release_item where kind = 'CI' and ref in (:cis))", "cis",
                    cis);
        }
        return query.page(ReleaseStore::release);
    }
}
