package org.itsmflow.problem;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.itsmflow.platform.RecordPage;
import org.springframework.util.MultiValueMap;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.LinkedRecords;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Problems (ISO/IEC 20000-1 8.3): raise one by hand, read them and their journal. */
@RestController
@RequestMapping("/api/problems")
// problems are internal: customers see their incidents, not the problems behind them
@PreAuthorize(ApiRoles.STAFF)
@Tag(name = "Problems", description = "Problem management (ISO/IEC 20000-1 8.3)")
class ProblemController {

    private final ProblemService problems;
    private final LinkedRecords links;

    private final ProblemList list;

    ProblemController(ProblemService problems, LinkedRecords links, ProblemList list) {
        this.problems = problems;
        this.links = links;
        this.list = list;
    }

    /**
     * A problem's whole story: the record (its fields at the top level, as before), its journal and the records
     * linked to it (incidents, known error, fixing change, the release deploying it, complaints about its incidents).
     */
    record ProblemStory(@JsonUnwrapped Problem problem, List<ProblemJournalEntry> journal,
            List<LinkedRecords.LinkedRecord> links) {
    }

    @PostMapping
    @Operation(summary = "Raise a problem (R-8.3a); it is prioritised and handed to its investigating group")
    ResponseEntity<Problem> raise(@Valid @RequestBody NewProblem problem, Authentication caller) {
        Problem raised = problems.raise(problem, caller.getName());
        return ResponseEntity.created(URI.create("/api/problems/" + raised.id())).body(raised);
    }

    @GetMapping
    @Operation(summary = "List and search problems, a page at a time",
            description = "Filters combine with AND; a comma list means any of its values. Same paging, sort and "
                    + "free text as GET /api/incidents. Staff only.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "a ProblemStatus, or OPEN for every status "
            + "before CLOSED", example = "INVESTIGATING")
    @Parameter(name = "priority", in = ParameterIn.QUERY, description = "P1, P2, P3, P4")
    @Parameter(name = "source", in = ParameterIn.QUERY, description = "MANUAL or TREND")
    @Parameter(name = "serviceId", in = ParameterIn.QUERY, description = "service id")
    @Parameter(name = "ciId", in = ParameterIn.QUERY, description = "CI id")
    @Parameter(name = "category", in = ParameterIn.QUERY, description = "category, e.g. software")
    @Parameter(name = "group", in = ParameterIn.QUERY, description = "investigating group")
    @Parameter(name = "reporter", in = ParameterIn.QUERY, description = "user id of who raised it")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "raised at or after (date or date-time)")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "raised before")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title and description")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, priority, status, title; - before it for descending (default -created)")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<Problem> list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return list.list(parameters);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A problem with its linked incidents, its journal and every record linked to it")
    ProblemStory get(@PathVariable String id) {
        return new ProblemStory(problems.require(id), problems.journal(id), links.of(id));
    }

    @GetMapping("/{id}/journal")
    @Operation(summary = "Every step of a problem: who, when, what")
    List<ProblemJournalEntry> journal(@PathVariable String id) {
        return problems.journal(id);
    }
}
