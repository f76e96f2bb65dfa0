package org.itsmflow.policy;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Running instances follow a new process version: a dry run (GET, also as an HTML page with a button) and the
 * migration itself (POST, a JSON body, so a cross-site form cannot trigger it). Process owners and administrators.
 */
@RestController
@RequestMapping("/api/processes/{key}/migrations")
@Tag(name = "Process migration", description = "Move running instances of older process versions to the latest "
        + "version with the engine's generated, validated migration plan (docs/user-guide/policy-preview.md)")
@PreAuthorize(PolicyOwners.RULE)
class ProcessMigrationController {

    private final ProcessMigration migration;

    ProcessMigrationController(ProcessMigration migration) {
        this.migration = migration;
    }

    @Schema(description = "Which older versions to migrate; absent or empty: all")
    record MigrationRequest(@Schema(example = "[1, 2]") List<Integer> versions) {
    }

    @GetMapping
    @Operation(summary = "Dry run: the plan from each older version to the latest, what would move and what stays",
            description = "format=html (or Accept: text/html) gives a page with a button that starts the migration.")
    @ApiResponse(responseCode = "404", description = "no process of this key is deployed")
    ResponseEntity<?> plan(@PathVariable String key, @RequestParam(required = false) List<Integer> versions,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String kind = DecisionPreviewController.format(format, accept);
        ProcessMigration.Overview overview = migration.plan(key, versions);
        return "html".equals(kind) ? ResponseEntity.ok().contentType(DecisionPreviewController.HTML)
                .body(PolicyHtml.migration(overview)) : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(overview);
    }

    @PostMapping
    @Operation(summary = "Migrate the running instances of older versions to the latest version",
            description = "Each instance moves in its own transaction; instances waiting in an activity without a "
                    + "counterpart stay on their version and are listed (not forced). At most "
                    + ProcessMigration.MAX_INSTANCES + " instances per call; 'more' says to call again.")
    @ApiResponse(responseCode = "400", description = "versions names a version that is not older than the latest")
    @ApiResponse(responseCode = "404", description = "no process of this key is deployed")
    @ApiResponse(responseCode = "415", description = "the body is not JSON")
    ProcessMigration.Overview migrate(@PathVariable String key, @RequestBody MigrationRequest request) {
        return migration.migrate(key, request.versions());
    }
}
