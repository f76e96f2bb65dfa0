package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.release.NewRelease;
import org.itsmflow.release.ReleaseFixtures;
import org.itsmflow.release.ReleaseMedia;
import org.itsmflow.satisfaction.SatisfactionService;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bad input derived from the OpenAPI description, not from the binder's expectations (docs/security/binding.md).
 * The test reads {@code /v3/api-docs} of the running application, takes every POST/PUT/PATCH operation with a JSON
 * body, starts from a valid body of that operation and, for every property of its schema (nested objects too),
 * sends what the schema does not allow: the wrong JSON type, an enum's ordinal and a numeric string, an enum name in
 * other case or with blanks around it, an unknown enum name, a boolean and a number for text, null where required,
 * an empty string where the schema asks for more than text, a string over its maxLength; and per operation a broken
 * multipart body, multipart without boundary, another content type and malformed JSON. Every answer must be a 4xx
 * {@code application/problem+json} whose text names the field; no table (engine tables included) may gain a row.
 * Then the valid body itself is sent and must be accepted, so the refusals above were the binding's and not a
 * missing reference's. An operation the description lists without a valid body here fails the test: a new write
 * endpoint cannot go uncovered. The figures are printed for the CI log.
 */
@PostgresTest
class OpenApiBadInputTest {

    static final String UNKNOWN_ENUM = "NO_SUCH_VALUE";
    static final int UNBOUNDED_OVERSIZE = 5000;

    /** Who sends an operation's requests, the path to call and a valid body, built once the fixtures exist. */
    record Valid(String user, String path, Supplier<String> body) {
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    CmdbService cmdb;
    @Autowired
    ChangeService changes;
    @Autowired
    ReleaseMedia media;
    @Autowired
    SatisfactionService surveys;

    final Map<String, Integer> byStatus = new TreeMap<>();
    final Map<String, Integer> byOperation = new TreeMap<>();
    final Map<String, Integer> byKind = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    int requests;
    int serverErrors;
    int accepted;

    @Test
    @DisplayName("Every write operation of the OpenAPI description refuses each schema-violating value of each field "
            + "with a 4xx problem naming it, writes nothing, and accepts its valid body")
    void everyWriteOperationRefusesWhatItsSchemaForbids() throws Exception {
        JsonNode api = json.readTree(http.withBasicAuth("sara", "sara").getForObject("/v3/api-docs", String.class));
        Map<String, Valid> valid = validBodies();

        Map<String, JsonNode> operations = new TreeMap<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (List.of("post", "put", "patch").contains(op.getKey())
                    && op.getValue().path("requestBody").path("content").has(MediaType.APPLICATION_JSON_VALUE)) {
                operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
        assertThat(operations).as("write operations with a JSON body in /v3/api-docs").hasSizeGreaterThan(10);
        assertThat(valid.keySet()).as("every write operation of the OpenAPI description needs a valid body here, "
                + "so that its fields are tried").containsAll(operations.keySet());

        Map<String, Long> before = TableRows.count(jdbc);
        for (Map.Entry<String, JsonNode> operation : operations.entrySet()) {
            String key = operation.getKey();
            Valid target = valid.get(key);
            ObjectNode base = (ObjectNode) json.readTree(target.body().get());
            JsonNode schema = resolve(api, operation.getValue().path("requestBody").path("content")
                    .path(MediaType.APPLICATION_JSON_VALUE).path("schema"));
            attackFields(api, key, target, base, base, schema, "");
            attackBody(key, target, base);
        }
        Map<String, Long> written = TableRows.written(before, TableRows.count(jdbc));

        List<String> refusedValid = new ArrayList<>();
        for (String key : operations.keySet()) {
            Valid target = valid.get(key);
            ResponseEntity<String> answer = send(key, target, MediaType.APPLICATION_JSON_VALUE,
                    target.body().get().getBytes(StandardCharsets.UTF_8));
            if (!answer.getStatusCode().is2xxSuccessful()) {
                refusedValid.add(key + " -> " + answer.getStatusCode().value() + " " + abbreviate(answer.getBody()));
            } else {
                accepted++;
            }
        }

        long rowsWritten = written.values().stream().mapToLong(Math::abs).sum();
        int fourXx = byStatus.entrySet().stream().filter(e -> e.getKey().startsWith("4"))
                .mapToInt(Map.Entry::getValue).sum();
        int twoXx = byStatus.entrySet().stream().filter(e -> e.getKey().startsWith("2"))
                .mapToInt(Map.Entry::getValue).sum();
        System.out.println("""

                ==== OPENAPI BAD INPUT FIGURES ====
                write operations in /v3/api-docs: %d
                bad requests sent:       %d
                4xx answers:             %d  by status %s
                2xx answers:             %d
                5xx answers:             %d
                rows written by bad requests: %d %s
                valid bodies accepted afterwards: %d of %d %s
                requests per operation:  %s
                requests per kind:       %s
                ===================================
                """.formatted(operations.size(), requests, fourXx, byStatus, twoXx, serverErrors, rowsWritten,
                written, accepted, operations.size(), refusedValid, byOperation, byKind));
        assertThat(failures).as("bad requests not refused with a 4xx problem naming the field (first 40)").isEmpty();
        assertThat(serverErrors).isZero();
        assertThat(written).as("tables that gained or lost rows through bad requests").isEmpty();
        assertThat(refusedValid).as("valid bodies the negative cases started from, refused").isEmpty();
    }

    /** Every property of the schema, nested objects and the first element of arrays of objects included. */
    void attackFields(JsonNode api, String key, Valid target, ObjectNode root, ObjectNode node, JsonNode schema,
            String prefix) throws Exception {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode spec = resolve(api, property.getValue());
            String field = prefix + name;
            for (Map.Entry<String, JsonNode> bad : badValues(spec, required.contains(name)).entrySet()) {
                ObjectNode copy = root.deepCopy();
                ObjectNode at = (ObjectNode) copy.at(pointer(prefix));
                at.set(name, bad.getValue());
                sendAndCheck(key, target, MediaType.APPLICATION_JSON_VALUE, json.writeValueAsBytes(copy), bad.getKey(),
                        name, field);
            }
            JsonNode present = node.get(name);
            if ("object".equals(spec.path("type").asText()) && spec.has("properties") && present instanceof ObjectNode o) {
                attackFields(api, key, target, root, o, spec, field + ".");
            }
            JsonNode items = resolve(api, spec.path("items"));
            if ("array".equals(spec.path("type").asText()) && items.has("properties") && present instanceof ArrayNode a
                    && !a.isEmpty() && a.get(0) instanceof ObjectNode first) {
                attackFields(api, key, target, root, first, items, field + "[0].");
            }
        }
    }

    /** What the property's schema forbids, by kind of case. */
    Map<String, JsonNode> badValues(JsonNode spec, boolean required) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        String type = spec.path("type").asText("object");
        if (required) {
            bad.put("null for a required field", n.nullNode());
        }
        switch (type) {
            case "string" -> {
                bad.put("number for text", n.numberNode(123));
                bad.put("boolean for text", n.booleanNode(true));
                bad.put("object for text", n.objectNode());
                bad.put("array for text", n.arrayNode().add("x"));
                String format = spec.path("format").asText("");
                if (spec.has("enum")) {
                    String first = spec.path("enum").get(0).asText();
                    bad.put("enum ordinal", n.numberNode(0));
                    bad.put("enum ordinal as numeric string", n.textNode("1"));
                    bad.put("unknown enum name", n.textNode(UNKNOWN_ENUM));
                    String otherCase = first.equals(first.toLowerCase()) ? first.toUpperCase() : first.toLowerCase();
                    bad.put("enum name in other case", n.textNode(otherCase));
                    bad.put("enum name with blanks", n.textNode(" " + first + " "));
                    bad.put("empty string", n.textNode(""));
                } else if (!format.isEmpty()) {
                    bad.put(format + " as epoch number", n.numberNode(0));
                    bad.put(format + " as array", n.arrayNode().add(2026).add(12).add(31));
                    bad.put(format + " not ISO-8601", n.textNode("31.12.2026"));
                    bad.put("empty string", n.textNode(""));
                } else if (required || spec.path("minLength").asInt(0) > 0 || spec.has("pattern")) {
                    bad.put("empty string", n.textNode(""));
                }
                int max = spec.path("maxLength").asInt(0);
                bad.put("oversize string", n.textNode("x".repeat(max > 0 ? max + 1 : UNBOUNDED_OVERSIZE)));
            }
            case "integer" -> {
                bad.put("numeric string", n.textNode("1"));
                bad.put("fraction for an integer", n.numberNode(1.5));
                bad.put("boolean for a number", n.booleanNode(true));
                bad.put("empty string", n.textNode(""));
                bad.put("integer out of range", n.numberNode(new java.math.BigInteger("99999999999999999999")));
            }
            case "number" -> {
                bad.put("numeric string", n.textNode("12.50"));
                bad.put("boolean for a number", n.booleanNode(true));
                bad.put("empty string", n.textNode(""));
            }
            case "boolean" -> {
                bad.put("boolean as string", n.textNode("true"));
                bad.put("number for a boolean", n.numberNode(1));
                bad.put("empty string", n.textNode(""));
            }
            case "array" -> {
                bad.put("scalar for an array", n.textNode("x"));
                bad.put("object for an array", n.objectNode());
                bad.put("empty string", n.textNode(""));
                if ("string".equals(spec.path("items").path("type").asText())) {
                    bad.put("number in an array of text", n.arrayNode().add(1));
                }
            }
            default -> {
                bad.put("scalar for an object", n.textNode("x"));
                bad.put("array for an object", n.arrayNode());
                bad.put("empty string", n.textNode(""));
            }
        }
        return bad;
    }

    /** Per operation: bodies in the wrong format. */
    void attackBody(String key, Valid target, ObjectNode base) throws Exception {
        byte[] text = json.writeValueAsBytes(base);
        sendAndCheck(key, target, "multipart/form-data; boundary=gen-boundary", "--broken\r\nx".getBytes(
                StandardCharsets.UTF_8), "broken multipart", "Content-Type", "Content-Type");
        sendAndCheck(key, target, "multipart/form-data", "x".getBytes(StandardCharsets.UTF_8),
                "multipart without boundary", "Content-Type", "Content-Type");
        sendAndCheck(key, target, MediaType.TEXT_PLAIN_VALUE, text, "wrong content type", "Content-Type",
                "Content-Type");
        sendAndCheck(key, target, MediaType.APPLICATION_FORM_URLENCODED_VALUE, "title=x".getBytes(StandardCharsets.UTF_8),
                "form instead of JSON", "Content-Type", "Content-Type");
        sendAndCheck(key, target, MediaType.APPLICATION_JSON_VALUE, java.util.Arrays.copyOf(text, text.length - 1),
                "malformed JSON", "body", "body");
        sendAndCheck(key, target, MediaType.APPLICATION_JSON_VALUE, "[]".getBytes(StandardCharsets.UTF_8),
                "array for the body", "body", "body");
    }

    void sendAndCheck(String key, Valid target, String contentType, byte[] body, String kind, String name,
            String field) {
        ResponseEntity<String> answer = send(key, target, contentType, body);
        requests++;
        byOperation.merge(key, 1, Integer::sum);
        byKind.merge(kind, 1, Integer::sum);
        int status = answer.getStatusCode().value();
        byStatus.merge(String.valueOf(status), 1, Integer::sum);
        if (status >= 500) {
            serverErrors++;
        }
        MediaType type = answer.getHeaders().getContentType();
        boolean problem = type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        String text = answer.getBody() == null ? "" : answer.getBody();
        if ((status < 400 || status >= 500 || !problem || !text.contains(name)) && failures.size() < 40) {
            failures.add(key + " [" + kind + "] " + field + " -> " + status + " " + abbreviate(text) + " | sent "
                    + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    ResponseEntity<String> send(String key, Valid target, String contentType, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        TestRestTemplate client = target.user() == null ? http : http.withBasicAuth(target.user(), target.user());
        return client.exchange(URI.create(http.getRootUri() + target.path()),
                HttpMethod.valueOf(key.substring(0, key.indexOf(' '))), new HttpEntity<>(body, headers), String.class);
    }

    /**
     * A valid body per write operation, with the records it refers to made here: real services, CIs and users from
     * the demo data, and what has to be in a given state (an approved change for a release, an improvement item at
     * each step, a survey invitation). An operation the OpenAPI description lists that is missing here fails the test.
     */
    Map<String, Valid> validBodies() throws Exception {
        String unique = ReleaseFixtures.unique().toUpperCase();
        String ci = ReleaseFixtures.newCi(cmdb, "GEN");
        String target = ReleaseFixtures.newCi(cmdb, "TGT");
        String updated = ReleaseFixtures.newCi(cmdb, "UPD");
        String change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci).id();
        NewRelease.Deliverable deliverable = ReleaseFixtures.deliverable(media, ci, "gen.jar");
        int ciVersion = read("carl", "/api/cis/" + updated).path("version").asInt();
        String proposed = created("sara", "/api/improvements", """
                {"source": "MANUAL", "title": "Generated bad input: to assess", "priority": "LOW"}""");
        String assessed = created("sara", "/api/improvements", """
                {"source": "MANUAL", "title": "Generated bad input: to authorise", "priority": "LOW"}""");
        post("olivia", "/api/improvements/" + assessed + "/assessment", "{\"assessment\": \"worth it\"}");
        String authorised = created("sara", "/api/improvements", """
                {"source": "MANUAL", "title": "Generated bad input: to move on", "priority": "LOW"}""");
        post("olivia", "/api/improvements/" + authorised + "/assessment", "{\"assessment\": \"worth it\"}");
        post("olivia", "/api/improvements/" + authorised + "/authorisation", "{\"approved\": true}");
        String programme = created("ada", "/api/audit-programmes", """
                {"name": "Generated bad input", "processArea": "incident", "criteria": "R-8.2a", "method": "sample",
                 "frequency": "P6M"}""");
        String survey = "INC-G" + unique;
        surveys.invite(survey, "Generated bad input", "erp", "kate");
        String link = surveys.link(survey).orElseThrow();
        String token = link.substring(link.lastIndexOf('/') + 1);
        Instant start = Instant.now().plus(Duration.ofDays(400));
        String customer = "acme"; // demo data: a customer of the erp service
        String sites = json.writeValueAsString(ReleaseFixtures.sites(2));

        Map<String, Valid> valid = new TreeMap<>();
        valid.put("POST /api/incidents", new Valid("sara", "/api/incidents", () -> """
                {"title": "Generated", "description": "d", "serviceId": "erp", "ciId": "APP-ERP",
                 "category": "software", "impact": "LOW", "urgency": "LOW", "reportedBy": "lee"}"""));
        valid.put("POST /api/complaints", new Valid("kate", "/api/complaints", () -> """
                {"title": "Generated", "description": "d", "severity": "LOW", "serviceId": "erp"}"""));
        valid.put("POST /api/problems", new Valid("tom", "/api/problems", () -> """
                {"title": "Generated", "description": "d", "serviceId": "erp", "ciId": "APP-ERP",
                 "category": "software", "impact": "LOW", "urgency": "LOW", "incidentIds": []}"""));
        valid.put("POST /api/changes", new Valid("chris", "/api/changes", () -> """
                {"title": "Generated", "description": "d", "reason": "r", "changeType": "SLA_CHANGE", "urgency": "LOW",
                 "affectedCiIds": ["%s"], "plannedStart": "%s", "plannedEnd": "%s", "implementationPlan": "p",
                 "backoutPlan": "b", "costEstimate": 10.50, "businessBenefit": "b",
                 "serviceUpdate": {"serviceId": "erp", "slaId": "SLA-ERP", "priority": "P3", "responseMinutes": 60,
                   "resolutionMinutes": 600}}""".formatted(ci, start, start.plus(Duration.ofHours(2)))));
        valid.put("POST /api/releases", new Valid("rita", "/api/releases", () -> """
                {"title": "Generated", "description": "d", "releaseType": "MINOR", "plannedDate": "%s",
                 "deliverables": [{"name": "%s", "version": "%s", "location": "%s", "sha256": "%s", "ciId": "%s"}],
                 "changeIds": ["%s"], "knownErrorIds": [], "problemIds": [], "targetCiIds": ["%s"],
                 "sites": %s}""".formatted(start, deliverable.name(), deliverable.version(), deliverable.location(),
                deliverable.sha256(), deliverable.ciId(), change, ci, sites)));
        valid.put("POST /api/cis", new Valid("carl", "/api/cis", () -> """
                {"id": "GEN-%s", "name": "Generated", "typeId": "APPLICATION", "status": "PLANNED", "location": "fra",
                 "ownerGroup": "secondline", "attributes": {"version": "1"}, "documentationUrl": "https://x.example/doc",
                 "reason": "generated"}""".formatted(unique)));
        valid.put("PUT /api/cis/{id}", new Valid("carl", "/api/cis/" + updated, () -> """
                {"expectedVersion": %d, "name": "Generated", "typeId": "APPLICATION", "status": "LIVE",
                 "location": "ams", "ownerGroup": "secondline", "attributes": {"version": "2"},
                 "documentationUrl": "https://x.example/doc", "reason": "generated"}""".formatted(ciVersion)));
        valid.put("POST /api/cis/{id}/relationships", new Valid("carl", "/api/cis/" + ci + "/relationships", () -> """
                {"type": "RUNS_ON", "targetCiId": "%s", "reason": "generated"}""".formatted(target)));
        valid.put("POST /api/service-reviews", new Valid("olivia", "/api/service-reviews", () -> """
                {"customerId": "%s", "serviceId": "erp"}""".formatted(customer)));
        valid.put("POST /api/management-reviews", new Valid("olivia", "/api/management-reviews", () -> """
                {"reason": "Generated"}"""));
        valid.put("POST /api/events/alertmanager", new Valid("prometheus", "/api/events/alertmanager", () -> """
                {"version": "4", "groupKey": "{}:{alertname=\\"GeneratedDown\\"}", "truncatedAlerts": 0,
                 "status": "firing", "receiver": "itsm-flow", "groupLabels": {"alertname": "GeneratedDown"},
                 "commonLabels": {"alertname": "GeneratedDown"}, "commonAnnotations": {},
                 "externalURL": "http://alertmanager:9093",
                 "alerts": [{"status": "firing",
                   "labels": {"alertname": "GeneratedDown", "severity": "warning", "ci": "%s", "job": "node"},
                   "annotations": {"summary": "Generated"}, "startsAt": "%s", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://prometheus:9090/graph", "fingerprint": "%s"}]}"""
                .formatted(ci, Instant.now().minus(Duration.ofMinutes(5)), "gen" + unique.toLowerCase())));
        // a process with a single version: the valid request migrates nothing, the bad ones must not either
        valid.put("POST /api/processes/{key}/migrations", new Valid("paul", "/api/processes/ManagementReview/migrations",
                () -> """
                {"versions": []}"""));
        valid.put("POST /api/surveys/{token}", new Valid(null, "/api/surveys/" + token, () -> """
                {"score": 4, "comment": "fine"}"""));
        valid.put("POST /api/audit-programmes", new Valid("ada", "/api/audit-programmes", () -> """
                {"name": "Generated", "processArea": "change", "criteria": "R-9.2a", "method": "sample",
                 "frequency": "P12M", "firstDue": "%s"}""".formatted(start)));
        valid.put("POST /api/audits", new Valid("ada", "/api/audits", () -> """
                {"programmeId": "%s"}""".formatted(programme)));
        valid.put("POST /api/improvements", new Valid("sara", "/api/improvements", () -> """
                {"source": "MANUAL", "sourceRef": "INC-000001", "serviceId": "erp", "title": "Generated",
                 "description": "d", "priority": "LOW"}"""));
        valid.put("POST /api/improvements/{id}/assessment", new Valid("olivia",
                "/api/improvements/" + proposed + "/assessment", () -> """
                {"assessment": "Generated", "priority": "HIGH", "owner": "olivia", "targetDate": "%s"}"""
                .formatted(start.toString().substring(0, 10))));
        valid.put("POST /api/improvements/{id}/authorisation", new Valid("olivia",
                "/api/improvements/" + assessed + "/authorisation", () -> """
                {"approved": true, "note": "Generated"}"""));
        valid.put("POST /api/improvements/{id}/status", new Valid("olivia",
                "/api/improvements/" + authorised + "/status", () -> """
                {"status": "IN_PROGRESS", "note": "Generated"}"""));
        return valid;
    }

    JsonNode read(String user, String path) throws Exception {
        ResponseEntity<String> answer = http.withBasicAuth(user, user).getForEntity(path, String.class);
        assertThat(answer.getStatusCode().value()).as(path + " " + answer.getBody()).isEqualTo(200);
        return json.readTree(answer.getBody());
    }

    ResponseEntity<String> post(String user, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = http.withBasicAuth(user, user).exchange(path, HttpMethod.POST,
                new HttpEntity<>(body, headers), String.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(path + " " + answer.getBody()).isTrue();
        return answer;
    }

    String created(String user, String path, String body) throws Exception {
        return json.readTree(post(user, path, body).getBody()).path("id").asText();
    }

    static JsonNode resolve(JsonNode api, JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            current = api.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    /** "a.b[0]." as a JSON pointer "/a/b/0". */
    static String pointer(String prefix) {
        if (prefix.isEmpty()) {
            return "";
        }
        return "/" + prefix.substring(0, prefix.length() - 1).replace("[", ".").replace("]", "").replace('.', '/');
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "(no body)";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
