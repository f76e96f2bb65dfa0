package org.itsmflow.problem;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
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

    KnownErrorController(KnownErrorService knownErrors) {
        this.knownErrors = knownErrors;
    }

    @GetMapping
    @Operation(summary = "Search known errors by CI, category and text")
    List<KnownError> search(@RequestParam(name = "ci", required = false) String ci,
            @RequestParam(name = "category", required = false) String category,
            @RequestParam(name = "q", required = false) String q) {
        return knownErrors.search(ci, category, q);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A known error")
    KnownError get(@PathVariable String id) {
        return knownErrors.require(id);
    }
}
