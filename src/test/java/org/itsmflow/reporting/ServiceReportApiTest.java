package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.servicelevel.SlaClockService;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service report API: HTML with charts, PDF read back with PDFBox, JSON, CSV per table, who may read. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceReportApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SlaClockService clocks;
    @Autowired
    ImprovementRegister register;
    @Autowired
    org.itsmflow.cmdb.CmdbService cmdb;
    @Autowired
    ObjectMapper json;

    ServiceReportFixture data;
    String url;

    @BeforeAll
    void seed() {
        data = new ServiceReportFixture(jdbc, clocks, register, cmdb).seed();
        url = "/api/reports/services/" + data.serviceId + "?from=2026-10-01&to=2026-11-01";
    }

    <T> ResponseEntity<T> get(String user, String path, String accept, Class<T> type) {
        HttpHeaders headers = new HttpHeaders();
        if (accept != null) {
            headers.set(HttpHeaders.ACCEPT, accept);
        }
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, new HttpEntity<>(headers), type);
    }

    @Test
    @DisplayName("R-6.2 the HTML report is well-formed XHTML with its identity, SVG charts and CSV links")
    void html() throws Exception {
        ResponseEntity<String> r = get("olivia", url, "text/html", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        String body = r.getBody();
        assertThat(body).contains("Service report: Report test service " + data.suffix + ", 2026-10")
                .contains("Purpose").contains("Audience").contains("Data sources")
                .contains("<svg").contains("SLA attainment per priority").contains("97.222")
                .contains("/api/reports/services/" + data.serviceId + "/attainment.csv?from=");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        assertThat(factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes("UTF-8")))
                .getDocumentElement().getLocalName()).as("well-formed XHTML, as the PDF renderer needs").isEqualTo("html");
    }

    @Test
    @DisplayName("R-6.2 the PDF report is produced and readable: its text extracted back with PDFBox")
    void pdf() throws Exception {
        ResponseEntity<byte[]> r = get("ada", url + "&format=pdf", null, byte[].class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        try (PDDocument pdf = Loader.loadPDF(r.getBody())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Service report: Report test service " + data.suffix)
                    .contains("Performance against SLA targets").contains("97.222").contains("Vendor fix late")
                    .contains("Purpose").contains("Audience");
        }
        ResponseEntity<byte[]> byAccept = get("olivia", url, "application/pdf", byte[].class);
        assertThat(byAccept.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    }

    @Test
    @DisplayName("R-6.2 JSON report and one CSV per table")
    void jsonAndCsv() throws Exception {
        ResponseEntity<String> r = get("olivia", url, "application/json", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode report = json.readTree(r.getBody());
        assertThat(report.path("serviceId").asText()).isEqualTo(data.serviceId);
        assertThat(report.path("purpose").asText()).contains("6.2");
        assertThat(report.path("sections").size()).isGreaterThanOrEqualTo(10);

        ResponseEntity<String> csv = get("olivia", "/api/reports/services/" + data.serviceId
                + "/attainment.csv?from=2026-10-01&to=2026-11-01", null, String.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        List<String> lines = csv.getBody().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Target,Priority,Kind,Stopped,Met,Breached,Attainment %");
        assertThat(lines).contains("P1 Response,P1,Response,2,1,1,50.0");
        ResponseEntity<String> breaches = get("olivia", "/api/reports/services/" + data.serviceId
                + "/breaches.csv?from=2026-10-01&to=2026-11-01", null, String.class);
        assertThat(breaches.getBody()).contains("Vendor fix late");
        assertThat(get("olivia", "/api/reports/services/" + data.serviceId + "/nothing.csv", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @DisplayName("R-6.2 the report of all services and the trends JSON")
    void allServicesAndTrends() throws Exception {
        ResponseEntity<String> all = get("chris", "/api/reports/services?from=2026-10-01&to=2026-11-01&format=json",
                null, String.class);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode report = json.readTree(all.getBody());
        assertThat(report.path("serviceName").asText()).isEqualTo("All services");
        ResponseEntity<String> trends = get("olivia", "/api/reports/trends?periods=3&serviceId=" + data.serviceId, null,
                String.class);
        assertThat(trends.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(trends.getBody()).path("rows").size()).isEqualTo(3);
    }

    @Test
    @DisplayName("R-6.2 only service owners, managers, auditors and admins read reports; bad input is a problem naming the field")
    void accessAndErrors() throws Exception {
        ResponseEntity<String> denied = get("sara", url, "text/html", String.class);
        assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("kate", url, "application/json", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> bad = get("olivia", "/api/reports/services/" + data.serviceId + "?from=yesterday&to=2026-11-01",
                "application/json", String.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(bad.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("from");
        ResponseEntity<String> reversed = get("olivia", "/api/reports/services/" + data.serviceId
                + "?from=2026-11-01&to=2026-10-01", "application/pdf", String.class);
        assertThat(reversed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> periods = get("olivia", url + "&periods=99", "text/html", String.class);
        assertThat(periods.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("olivia", url + "&format=docx", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("olivia", "/api/reports/services/no-such-service", "application/json", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(http.withBasicAuth("ada", "ada").postForEntity("/api/reports/runs", null, String.class)
                .getStatusCode()).as("auditors read reports but do not run them").isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> badRun = http.withBasicAuth("olivia", "olivia")
                .postForEntity("/api/reports/runs?from=2026-10-01", null, String.class);
        assertThat(badRun.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(badRun.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("to");
    }
}
