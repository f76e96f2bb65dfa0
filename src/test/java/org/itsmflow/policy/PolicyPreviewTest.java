package org.itsmflow.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
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
 * Preview of a changed IncidentPriority on a data set with known answers: incidents with known impact and urgency
 * are reported through the API in a period of their own (engine clock), then a table that moves HIGH/LOW and
 * LOW/HIGH from P3 to P2 is previewed — before deploying (candidate file) and after (latest against previous).
 */
@PostgresTest
class PolicyPreviewTest {

    static final String OWNER = "policyowner";
    static final String KEY = "IncidentPriority";
    /** The data set: impact/urgency of each incident reported. */
    static final List<String[]> CASES = List.of(
            new String[] {"HIGH", "HIGH"}, new String[] {"HIGH", "MEDIUM"}, new String[] {"HIGH", "LOW"},
            new String[] {"MEDIUM", "HIGH"}, new String[] {"MEDIUM", "MEDIUM"}, new String[] {"MEDIUM", "LOW"},
            new String[] {"LOW", "HIGH"}, new String[] {"LOW", "MEDIUM"}, new String[] {"LOW", "LOW"},
            new String[] {"HIGH", "LOW"}, new String[] {"LOW", "LOW"}, new String[] {"MEDIUM", "MEDIUM"});

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    IdentityService identity;
    @Autowired
    HistoryService history;
    @Autowired
    RepositoryService repository;

    @BeforeEach
    void processOwner() {
        ensureProcessOwner(identity, OWNER);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    /** A member of the process owners' group (created here when the demo data does not have one). */
    static void ensureProcessOwner(IdentityService identity, String userId) {
        if (identity.createGroupQuery().groupId(PolicyOwners.GROUP).count() == 0) {
            var group = identity.newGroup(PolicyOwners.GROUP);
            group.setName("Process owners");
            group.setType("WORKFLOW");
            identity.saveGroup(group);
        }
        if (identity.createUserQuery().userId(userId).count() == 0) {
            User user = identity.newUser(userId);
            user.setFirstName("Pat");
            user.setLastName("Owner");
            user.setPassword(userId);
            identity.saveUser(user);
            identity.createMembership(userId, PolicyOwners.GROUP);
        }
    }

    /** The product's table with HIGH/LOW and LOW/HIGH raised from P3 to P2 (the reasons left as they are). */
    static String changedTable() throws Exception {
        String table = DecisionFileTest.priorityTable();
        for (String rule : List.of("Rule_HighLow", "Rule_LowHigh")) {
            Matcher m = Pattern.compile("(<rule id=\"" + rule + "\">.*?)<text>\"P3\"</text>", Pattern.DOTALL)
                    .matcher(table);
            assertThat(m.find()).as(rule).isTrue();
            table = table.substring(0, m.start()) + m.group(1) + "<text>\"P2\"</text>" + table.substring(m.end());
        }
        return table;
    }

    /** Reports the data set's incidents at {@code at} (engine clock); returns the ids in CASES order. */
    List<String> reportCases(Instant at) throws Exception {
        ClockUtil.setCurrentTime(Date.from(at));
        List<String> ids = new ArrayList<>();
        for (String[] c : CASES) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            String body = """
                    {"title": "Preview case", "description": "known impact and urgency", "serviceId": "email",
                     "category": "software", "impact": "%s", "urgency": "%s"}""".formatted(c[0], c[1]);
            ResponseEntity<String> created = http.withBasicAuth("sara", "sara").postForEntity("/api/incidents",
                    new HttpEntity<>(body, headers), String.class);
            assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
            ids.add(json.readTree(created.getBody()).get("id").asText());
        }
        return ids;
    }

    ResponseEntity<String> postCandidate(String user, String query, String file) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        return http.withBasicAuth(user, user).exchange("/api/decisions/" + KEY + "/preview" + query, HttpMethod.POST,
                new HttpEntity<>(file, headers), String.class);
    }

    @Test
    @DisplayName("issue 17: a changed IncidentPriority previewed on known cases lists exactly the changed ones, "
            + "before deploying and after")
    void previewOnKnownCases() throws Exception {
        Instant at = Instant.now().plus(Duration.ofDays(3650)).truncatedTo(ChronoUnit.DAYS);
        List<String> ids = reportCases(at);
        String period = "?from=" + at + "&to=" + at.plus(Duration.ofHours(1));

        // itsm-full keeps the decision's inputs and outputs (ADR 0012): the preview reads them from history
        List<HistoricDecisionInstance> recorded = history.createHistoricDecisionInstanceQuery()
                .decisionDefinitionKey(KEY).evaluatedAfter(Date.from(at))
                .evaluatedBefore(Date.from(at.plus(Duration.ofHours(1)))).includeInputs().includeOutputs().list();
        assertThat(recorded).hasSize(CASES.size())
                .allSatisfy(d -> assertThat(d.getInputs()).extracting(i -> i.getClauseId())
                        .containsExactlyInAnyOrder("Input_Impact", "Input_Urgency"));

        List<String> expectedChanged = List.of(ids.get(2), ids.get(6), ids.get(9)); // HIGH/LOW ×2, LOW/HIGH
        ResponseEntity<String> response = postCandidate(OWNER, period + "&outputs=priority", changedTable());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode preview = json.readTree(response.getBody());
        assertCounts(preview);
        assertThat(preview.get("differences").findValuesAsText("businessKey"))
                .containsExactlyInAnyOrderElementsOf(expectedChanged);
        for (JsonNode d : preview.get("differences")) {
            String rule = "HIGH".equals(d.at("/inputs/impact").asText()) ? "Rule_HighLow" : "Rule_LowHigh";
            int index = "Rule_HighLow".equals(rule) ? 3 : 7;
            assertThat(d.at("/oldOutcome/rules/0/id").asText()).isEqualTo(rule);
            assertThat(d.at("/oldOutcome/rules/0/index").asInt()).isEqualTo(index);
            assertThat(d.at("/oldOutcome/rules/0/annotation").asText()).isNotBlank();
            assertThat(d.at("/newOutcome/rules/0/id").asText()).isEqualTo(rule);
            assertThat(d.at("/oldOutcome/outputs/0/priority").asText()).isEqualTo("P3");
            assertThat(d.at("/newOutcome/outputs/0/priority").asText()).isEqualTo("P2");
            assertThat(d.get("decisionInstanceId").asText()).isNotBlank();
        }
        // all outputs compared (the default): the reasons did not change, so the same three cases
        JsonNode all = json.readTree(postCandidate(OWNER, period, changedTable()).getBody());
        assertThat(all.at("/counts/different").asInt()).isEqualTo(3);
        assertThat(all.get("comparedOutputs").toString()).contains("priority", "priorityReason");

        // the same as a page
        ResponseEntity<String> page = postCandidate(OWNER, period + "&outputs=priority&format=html", changedTable());
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("Rule_HighLow", "Rule_LowHigh", ids.get(2), "priority=P3", "priority=P2");

        // the unchanged table changes nothing
        JsonNode unchanged = json.readTree(postCandidate(OWNER, period, DecisionFileTest.priorityTable()).getBody());
        assertThat(unchanged.at("/counts/total").asInt()).isEqualTo(CASES.size());
        assertThat(unchanged.at("/counts/different").asInt()).isZero();

        // after deploying: the latest version against the previous one, same period, same answers
        Deployment deployment = repository.createDeployment().name("policy-preview-test")
                .addString("IncidentPriority.dmn", changedTable()).deploy();
        try {
            ResponseEntity<String> after = http.withBasicAuth(OWNER, OWNER).getForEntity("/api/decisions/" + KEY
                    + "/preview" + period + "&against=previous&outputs=priority", String.class);
            assertThat(after.getStatusCode()).as(after.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode afterPreview = json.readTree(after.getBody());
            assertCounts(afterPreview);
            assertThat(afterPreview.get("differences").findValuesAsText("businessKey"))
                    .containsExactlyInAnyOrderElementsOf(expectedChanged);
            assertThat(afterPreview.get("newSide").asText()).startsWith("version ");
        } finally {
            repository.deleteDeployment(deployment.getId(), true);
        }
    }

    void assertCounts(JsonNode preview) {
        assertThat(preview.at("/counts/total").asInt()).isEqualTo(CASES.size());
        assertThat(preview.at("/counts/same").asInt()).isEqualTo(CASES.size() - 3);
        assertThat(preview.at("/counts/different").asInt()).isEqualTo(3);
        assertThat(preview.at("/counts/notReplayable").asInt()).isZero();
        assertThat(preview.at("/counts/pairs")).hasSize(1);
        assertThat(preview.at("/counts/pairs/0/oldOutcome").asText()).isEqualTo("priority=P3");
        assertThat(preview.at("/counts/pairs/0/newOutcome").asText()).isEqualTo("priority=P2");
        assertThat(preview.at("/counts/pairs/0/count").asInt()).isEqualTo(3);
        assertThat(preview.get("truncated").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("issue 17: only process owners and administrators preview; unsafe or foreign files are a 400 naming the file")
    void whoAndWhat() throws Exception {
        String table = DecisionFileTest.priorityTable();
        assertThat(postCandidate("kate", "", table).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postCandidate("sara", "", table).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postCandidate("demo", "", table).getStatusCode()).isEqualTo(HttpStatus.OK);

        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
                + "&a;&a;&a;&a;&a;\">]><definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d\" "
                + "name=\"&b;\" namespace=\"x\"/>";
        for (String bad : List.of(laughs, "not xml",
                table.replace("<text>urgency</text>", "<text>urgency.toString()</text>"),
                table.replace("id=\"IncidentPriority\"", "id=\"SomethingElse\""))) {
            ResponseEntity<String> refused = postCandidate(OWNER, "", bad);
            assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
            assertThat(json.readTree(refused.getBody()).at("/errors/0/field").asText()).isEqualTo("file");
        }
        assertThat(postCandidate(OWNER, "", "").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(postCandidate(OWNER, "?outputs=colour", table).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(postCandidate(OWNER, "?from=yesterday&to=2026-01-01", table).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> unknown = http.withBasicAuth(OWNER, OWNER).exchange("/api/decisions/NoSuchTable/preview",
                HttpMethod.POST, new HttpEntity<>(table, xml()), String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> noAgainst = http.withBasicAuth(OWNER, OWNER).getForEntity("/api/decisions/" + KEY
                + "/preview", String.class);
        assertThat(noAgainst.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(noAgainst.getBody()).at("/errors/0/field").asText()).isEqualTo("against");
    }

    static HttpHeaders xml() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        return headers;
    }

}
