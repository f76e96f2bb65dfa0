package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.Role;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The role check comes before the body: a caller without the role who sends an invalid (or unreadable) body gets a
 * 403 and learns nothing of the field rules; an allowed caller with the same body gets the 400 naming the field. One
 * write endpoint per controller family (and each role level where a family has several), plus a guard that every
 * write endpoint under {@code /api} states its role rule as {@code @PreAuthorize}, the form checked before the body.
 */
@PostgresTest
class RoleBeforeValidationTest {

    /**
     * Write endpoints open to every signed-in user (or, for surveys, to the link's token): no role to check first.
     * What they check of the caller depends on the body (a customer reports for themselves), so it is a 400/404.
     */
    static final Set<String> OPEN_WRITES = Set.of("POST /api/incidents", "POST /api/complaints",
            "POST /api/surveys/{token}");

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** endpoint, path, refused user, allowed user, invalid body, the field the allowed caller is told about. */
    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("POST /api/changes", "/api/changes", "kate", "tom", "{}", "title"),
                Arguments.of("POST /api/problems", "/api/problems", "kate", "tom", "{\"title\": \"\"}", "title"),
                Arguments.of("POST /api/releases", "/api/releases", "sara", "rita", "{}", "title"),
                Arguments.of("POST /api/audit-programmes", "/api/audit-programmes", "olivia", "ada", "{}", "name"),
                Arguments.of("POST /api/audits", "/api/audits", "sara", "ada", "{}", "programmeId"),
                Arguments.of("POST /api/improvements", "/api/improvements", "kate", "sara", "{}", "title"),
                Arguments.of("POST /api/improvements/{id}/assessment", "/api/improvements/SIP-999999/assessment",
                        "sara", "chris", "{}", "assessment"),
                Arguments.of("POST /api/improvements/{id}/authorisation", "/api/improvements/SIP-999999/authorisation",
                        "chris", "olivia", "{}", "approved"),
                Arguments.of("POST /api/improvements/{id}/status", "/api/improvements/SIP-999999/status",
                        "sara", "chris", "{}", "status"),
                Arguments.of("POST /api/service-reviews", "/api/service-reviews", "sara", "carla", "{}", "customerId"),
                Arguments.of("POST /api/cis", "/api/cis", "kate", "carl",
                        "{\"id\": \"RBV-PROBE\", \"changeId\": \"" + "C".repeat(40) + "\"}", "changeId"),
                Arguments.of("PUT /api/cis/{id}", "/api/cis/VM-HR-DB-01", "kate", "carl", "{\"location\": \"x\"}",
                        "expectedVersion"),
                Arguments.of("POST /api/cis/{id}/relationships", "/api/cis/VM-HR-DB-01/relationships", "kate", "carl",
                        "{\"targetCiId\": \"DB-ERP-TEST\"}", "type"));
    }

    ResponseEntity<String> send(String user, HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    long auditRows() {
        return jdbc.queryForObject("select count(*) from api_audit_log", Long.class);
    }

    @ParameterizedTest(name = "{0}: {2} gets 403, {3} gets 400 naming {5}")
    @MethodSource("families")
    @DisplayName("an invalid body from a caller without the role is a 403, from an allowed caller a 400 naming the field")
    void roleBeforeValidation(String endpoint, String path, String refused, String allowed, String invalid,
            String field) throws Exception {
        HttpMethod method = HttpMethod.valueOf(endpoint.split(" ")[0]);

        ResponseEntity<String> denied = send(refused, method, path, invalid);
        assertThat(denied.getStatusCode().value()).as(denied.getBody()).isEqualTo(403);
        assertThat(denied.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode refusal = json.readTree(denied.getBody());
        assertThat(refusal.has("errors")).as("a refused caller learns nothing of the fields: " + denied.getBody())
                .isFalse();
        assertThat(refusal.get("detail").asText()).isEqualTo("Your groups do not allow this action");
        // nor from a body that is not even JSON
        ResponseEntity<String> garbled = send(refused, method, path, "{\"" + field + "\": ");
        assertThat(garbled.getStatusCode().value()).as(garbled.getBody()).isEqualTo(403);

        ResponseEntity<String> told = send(allowed, method, path, invalid);
        assertThat(told.getStatusCode().value()).as(told.getBody()).isEqualTo(400);
        JsonNode problem = json.readTree(told.getBody());
        assertThat(problem.get("errors").findValuesAsText("field")).as(told.getBody()).contains(field);
    }

    @Test
    @DisplayName("every write endpoint under /api states its role rule as @PreAuthorize (checked before the body), "
            + "except the few open to every signed-in user")
    void everyWriteHasItsRoleRuleFirst() {
        List<String> withoutRule = new ArrayList<>();
        Set<String> open = new TreeSet<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                info.getMethodsCondition().getMethods().forEach(m -> {
                    if (m.name().equals("GET")) {
                        return;
                    }
                    String endpoint = m.name() + " " + pattern;
                    if (OPEN_WRITES.contains(endpoint)) {
                        open.add(endpoint);
                    } else if (rule(handler.getMethod(), handler.getBeanType()) == null) {
                        withoutRule.add(endpoint);
                    }
                });
            }
        });
        assertThat(withoutRule).as("write endpoints whose role check is not a @PreAuthorize rule").isEmpty();
        assertThat(open).isEqualTo(new TreeSet<>(OPEN_WRITES));
    }

    static String rule(Method method, Class<?> type) {
        PreAuthorize onMethod = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
        PreAuthorize onType = AnnotatedElementUtils.findMergedAnnotation(type, PreAuthorize.class);
        return onMethod != null ? onMethod.value() : onType != null ? onType.value() : null;
    }

    @Test
    @DisplayName("the staff rule names every role but customers, and the administrators")
    void staffRuleIsEveryRoleButCustomers() {
        Set<String> named = new TreeSet<>();
        Matcher quoted = Pattern.compile("'([^']+)'").matcher(ApiRoles.STAFF);
        while (quoted.find()) {
            named.add(quoted.group(1));
        }
        Set<String> expected = new TreeSet<>();
        for (Role role : Role.values()) {
            if (role != Role.CUSTOMERS) {
                expected.add(role.groupId());
            }
        }
        expected.add(Role.ADMIN_GROUP);
        assertThat(named).isEqualTo(expected);
        assertThat(new TreeSet<>(ApiRoles.STAFF_GROUPS)).isEqualTo(expected);
    }

    @Test
    @DisplayName("a refused write is still recorded in the audit log, with its 403")
    void refusedWriteIsAudited() {
        long before = auditRows();
        assertThat(send("kate", HttpMethod.POST, "/api/problems", "{}").getStatusCode().value()).isEqualTo(403);
        Integer status = jdbc.queryForObject("select status from api_audit_log where user_id = 'kate' and path = "
                + "'/api/problems' order by id desc limit 1", Integer.class);
        assertThat(auditRows()).isGreaterThan(before);
        assertThat(status).isEqualTo(403);
    }
}
