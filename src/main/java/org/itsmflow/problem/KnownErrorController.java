package org.itsmflow.problem;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.itsmflow.platform.RecordPage;
import org.springframework.util.MultiValueMap;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The known-error database (R-8.3f). */
@RestController
@RequestMapping("/api/known-errors")
@Tag(name = "Known errors", description = "Known errors and workarounds (ISO/IEC 20000-1 8.3f)")
class KnownErrorController {

    private final KnownErrorService knownErrors;
    private final KnownErrorList list;

    KnownErrorController(KnownErrorService knownErrors, KnownErrorList list) {
        this.knownErrors = knownErrors;
        this.list = list;
    }

    @GetMapping
    @Operation(summary = "List and search known errors, a page at a time",
            description = "Filters combine with AND; a comma list means any of its values. Same paging, sort and "
                    + "free text as GET /api/incidents. Readable by everyone, customers included.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "OPEN (workaround in use) or FIXED")
    @Parameter(name = "ciId", in = ParameterIn.QUERY, description = "CI id")
    @Parameter(name = "ci", in = ParameterIn.QUERY, description = "the earlier name of ciId")
    @Parameter(name = "serviceId", in = ParameterIn.QUERY, description = "service id")
    @Parameter(name = "category", in = ParameterIn.QUERY, description = "category, e.g. network")
    @Parameter(name = "problemId", in = ParameterIn.QUERY, description = "the problem it came from")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "recorded at or after (date or date-time)")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "recorded before")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title, symptoms, root cause and workaround")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, status, title; - before it for descending (default -updated)")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<KnownError> search(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return list.list(parameters);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A known error")
    KnownError get(@PathVariable String id) {
        return knownErrors.require(id);
    }
}
