package org.itsmflow.problem;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.platform.InvalidFieldException;
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

    ProblemController(ProblemService problems, LinkedRecords links) {
        this.problems = problems;
        this.links = links;
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
    @Operation(summary = "Problems, newest first (at most 200), optionally of one status")
    List<Problem> list(@RequestParam(name = "status", required = false) String status) {
        if (status == null || status.isBlank()) {
            return problems.list(null);
        }
        try {
            return problems.list(ProblemStatus.valueOf(status.trim()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("status", "must be one of " + java.util.Arrays.toString(ProblemStatus.values()));
        }
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
