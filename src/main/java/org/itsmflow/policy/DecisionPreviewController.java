package org.itsmflow.policy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.servicelevel.PeriodParams;
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
 * Preview of a policy change on real history (issue 17): what a candidate DMN table, or the latest deployed version
 * against the previous one, would have decided for the cases of a period. Process owners and administrators only.
 */
@RestController
@RequestMapping("/api/decisions/{key}/preview")
@Tag(name = "Policy preview", description = "Replay a period's real decisions through a candidate or the latest "
        + "version of a decision table and list the differences (docs/user-guide/policy-preview.md)")
@PreAuthorize(PolicyOwners.RULE)
class DecisionPreviewController {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final DecisionPreview preview;

    DecisionPreviewController(DecisionPreview preview) {
        this.preview = preview;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Preview a candidate DMN file on the real decisions of a period",
            description = "The request body is the candidate .dmn file as saved by Camunda Modeler (Content-Type "
                    + "application/xml). Every historic decision instance of the key evaluated in [from, to) is "
                    + "replayed through the candidate's table and compared with what was recorded. from/to: a date or "
                    + "an ISO date-time with offset; both absent: the last 30 days. outputs: the outputs compared "
                    + "(comma-separated; default all). format: json or html (else the Accept header; JSON by default).")
    @ApiResponse(responseCode = "400", description = "the file is unsafe, not DMN, has no table of this key or uses "
            + "expressions outside the plain subset (field 'file'); or from, to, outputs, limit, format is wrong")
    @ApiResponse(responseCode = "404", description = "no decision of this key is deployed")
    ResponseEntity<?> previewCandidate(@Parameter(description = "decision key, e.g. IncidentPriority") @PathVariable
            String key, @RequestBody(required = false) byte[] file, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String outputs,
            @RequestParam(defaultValue = "10000") int limit, @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String kind = format(format, accept);
        Instant[] period = period(from, to);
        return answer(kind, preview.candidate(key, file, period[0], period[1], outputs(outputs), limit));
    }

    @GetMapping
    @Operation(summary = "After deploying: the latest version against the previous one on a period's decisions",
            description = "against=previous (required). Both versions replay the inputs of every historic decision "
                    + "instance of the key in [from, to) (default: the last 30 days).")
    @ApiResponse(responseCode = "400", description = "against is not 'previous', there is only one version, or a "
            + "parameter is wrong (the field is named)")
    @ApiResponse(responseCode = "404", description = "no decision of this key is deployed")
    ResponseEntity<?> previewAgainstPrevious(@PathVariable String key, @RequestParam(required = false) String against,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String outputs, @RequestParam(defaultValue = "10000") int limit,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!"previous".equals(against)) {
            throw new InvalidFieldException("against", "must be 'previous' (to preview a candidate, POST the file)");
        }
        String kind = format(format, accept);
        Instant[] period = period(from, to);
        return answer(kind, preview.againstPrevious(key, period[0], period[1], outputs(outputs), limit));
    }

    private static ResponseEntity<?> answer(String kind, DecisionPreview.Result result) {
        return "html".equals(kind) ? ResponseEntity.ok().contentType(HTML).body(PolicyHtml.preview(result))
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
    }

    static Instant[] period(String from, String to) {
        if ((from == null || from.isBlank()) && (to == null || to.isBlank())) {
            Instant now = ClockUtil.getCurrentTime().toInstant();
            return new Instant[] {now.minus(DEFAULT_PERIOD), now.plusSeconds(1)};
        }
        return PeriodParams.parse(from, to, ClockUtil.getCurrentTime().toInstant());
    }

    private static List<String> outputs(String outputs) {
        return outputs == null || outputs.isBlank() ? List.of()
                : Arrays.stream(outputs.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** json or html: ?format= first, else the Accept header (text/html asks for the page); JSON by default. */
    static String format(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase();
            if (!f.equals("html") && !f.equals("json")) {
                throw new InvalidFieldException("format", "must be html or json");
            }
            return f;
        }
        if (accept != null) {
            try {
                for (MediaType type : MediaType.parseMediaTypes(accept)) {
                    if (!type.isWildcardType() && type.isCompatibleWith(MediaType.TEXT_HTML)) {
                        return "html";
                    }
                    if (!type.isWildcardType() && type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                        return "json";
                    }
                }
            } catch (org.springframework.http.InvalidMediaTypeException e) {
                return "json";
            }
        }
        return "json";
    }
}
