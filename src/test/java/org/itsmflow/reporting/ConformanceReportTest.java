package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.change.ChangeUrgency;
import org.itsmflow.change.NewChange;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The conformance report over HTTP on PostgreSQL: a change implemented but never reviewed shows as a shortfall of
 * R-9.2e, a requirement nothing carries (R-7.3a suppliers) as a gap, model carriers come from the deployed models'
 * documentation, and the PDF says what the HTML says (text extracted back with PDFBox).
 */
@PostgresTest
class ConformanceReportTest {

    /** The engine clock of this class: May 2026, a month no other test implements changes in. */
    static final Instant NOW = Instant.parse("2026-05-04T02:00:00Z");
    static final Instant WINDOW = Instant.parse("2026-05-12T00:00:00Z");
    static final String PERIOD = "from=2026-05-01&to=2026-05-31";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ChangeService changes;

    @BeforeEach
    void pastClock() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    /** A standard change, implemented in its window, whose post-implementation review is left open. */
    Change implementedNotReviewed() {
        Change change = changes.raise(new NewChange("Patch the ERP test database", "conformance test",
                "left unreviewed on purpose", ChangeType.STANDARD, ChangeUrgency.LOW, List.of("DB-ERP-TEST"), WINDOW,
                WINDOW.plus(Duration.ofHours(2)), "1. patch 2. check", "restore the snapshot", new BigDecimal("10.00"),
                "patched", null, null), "tom");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(change.id()).singleResult();
        EngineJobs.runDue(engine, pi.getId());
        ClockUtil.setCurrentTime(Date.from(WINDOW.plusSeconds(1)));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ImplementChange");
        complete(task(pi), withVariables("implementationOutcome", "SUCCESS", "implementationNote", "done"));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_ReviewChange");
        ClockUtil.setCurrentTime(Date.from(NOW));
        return change;
    }

    ResponseEntity<byte[]> get(String user, String query, String accept) {
        HttpHeaders headers = new HttpHeaders();
        if (user != null) {
            headers.setBasicAuth(user, user);
        }
        if (accept != null) {
            headers.set(HttpHeaders.ACCEPT, accept);
        }
        return http.exchange("/api/conformance?" + query, HttpMethod.GET, new HttpEntity<>(headers), byte[].class);
    }

    JsonNode row(JsonNode report, String id) {
        for (JsonNode row : report.get("rows")) {
            if (row.at("/requirement/id").asText().equals(id)) {
                return row;
            }
        }
        throw new AssertionError(id + " is not in the report");
    }

    @Test
    @DisplayName("R-9.2e R-3.2 a change implemented without review is a shortfall of R-9.2e; R-7.3a is a gap; carriers come from the models")
    void missingReviewAndGaps() throws Exception {
        Change unreviewed = implementedNotReviewed();

        ResponseEntity<byte[]> response = get("ada", PERIOD + "&format=json", null);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode report = json.readTree(response.getBody());
        java.nio.file.Files.write(java.nio.file.Path.of("target", "conformance-report.json"), response.getBody());

        JsonNode review = row(report, "R-9.2e");
        assertThat(review.get("status").asText()).isEqualTo("EVIDENCED");
        assertThat(review.get("verdict").asText()).isEqualTo("NOT_MET");
        JsonNode finding = review.get("findings").get(0);
        assertThat(finding.get("check").asText()).isEqualTo("ChangeConformanceCheck.ImplementedChangesReviewed");
        assertThat(finding.at("/evidence/figure").asText()).contains("of").contains("implemented change").contains("reviewed");
        assertThat(json.convertValue(finding.at("/evidence/shortfalls"), List.class)).contains(unreviewed.id());
        assertThat(review.get("carriers").findValuesAsText("model")).anyMatch(m -> m.startsWith("ChangeManagement v"));
        assertThat(review.get("carriers").findValuesAsText("elementId")).contains("UserTask_ReviewChange");

        JsonNode suppliers = row(report, "R-7.3a");
        assertThat(suppliers.get("status").asText()).isEqualTo("NOT_CARRIED");
        assertThat(suppliers.get("carriers")).isEmpty();

        JsonNode approved = row(report, "R-9.2d");
        assertThat(approved.get("status").asText()).isEqualTo("EVIDENCED");
        assertThat(json.convertValue(approved.at("/findings/0/evidence/shortfalls"), List.class))
                .doesNotContain(unreviewed.id() + " (not approved before implementation)");

        JsonNode summary = report.get("summary");
        assertThat(summary.get("requirements").asInt()).isEqualTo(report.get("rows").size()).isGreaterThan(60);
        assertThat(summary.get("notCarried").asInt()).isPositive();
        assertThat(summary.get("evidenced").asInt()
                + summary.get("carriedNoEvidence").asInt() + summary.get("notCarried").asInt())
                .isEqualTo(summary.get("requirements").asInt());
        assertThat(report.get("unknownIds")).isEmpty();
    }

    @Test
    @DisplayName("R-9.2e the PDF lists the requirement ids and the unreviewed change (text extracted back with PDFBox)")
    void pdfReadableWithShortfall() throws Exception {
        Change unreviewed = implementedNotReviewed();

        ResponseEntity<byte[]> response = get("olivia", PERIOD, MediaType.APPLICATION_PDF_VALUE);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        java.nio.file.Files.write(java.nio.file.Path.of("target", "conformance-report.pdf"), response.getBody());
        String text;
        try (PDDocument pdf = Loader.loadPDF(response.getBody())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            // table cells wrap: compare words, not line breaks
            text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
        }
        assertThat(text).contains("ISO/IEC 20000-1 conformance report", "R-8.2a", "R-9.2e", "R-7.3a", "R-10.1i",
                unreviewed.id(), "GAP: not carried", "NOT MET");
    }

    @Test
    @DisplayName("R-3.2 browsers get the report as HTML by default; a bad period is a 400 naming the field")
    void htmlByDefaultAndBadInput() {
        ResponseEntity<byte[]> html = get("demo", PERIOD, "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(html.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(html.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(new String(html.getBody(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<h1>ISO/IEC 20000-1 conformance report</h1>", "R-9.2e", "GAP: not carried");

        ResponseEntity<byte[]> bad = get("ada", "from=yesterday", null);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(new String(bad.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains("from");
        ResponseEntity<byte[]> reversed = get("ada", "from=2026-05-31&to=2026-05-01&format=json", null);
        assertThat(reversed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("ada", PERIOD + "&format=xls", null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    @DisplayName("R-3.2 only auditors, managers and administrators read the report: customers and staff get 403, anonymous 401")
    void readers() {
        assertThat(get("kate", PERIOD, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("sara", PERIOD, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(null, PERIOD, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("chris", PERIOD + "&format=json", null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
