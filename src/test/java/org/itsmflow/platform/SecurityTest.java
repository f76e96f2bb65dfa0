package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Who may reach what, over HTTP against the running application: every API, the webapps' own API and the OpenAPI
 * description need a login; only the health probe is public; engine authorizations keep each team to its own
 * tasks (a person sees and works only the tasks of her groups); only managers may open Cockpit.
 */
@PostgresTest
class SecurityTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
            new ParameterizedTypeReference<>() {};

    private static final String PROBE = "securityprobe";
    private static final String PROBE_PASSWORD = "probe-password";

    @Autowired
    TestRestTemplate http;

    @Autowired
    ProcessEngine engine;

    @AfterEach
    void removeTestProcessAndProbeUser() {
        GroupVisibilityProcess.undeploy(engine);
        engine.getIdentityService().deleteUser(PROBE);
    }

    @ParameterizedTest(name = "anonymous GET {0} -> 401")
    @ValueSource(strings = {
            "/api/services",
            "/engine-rest/process-definition",
            "/engine-rest/task",
            "/camunda/api/engine/engine/default/task",
            "/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
            "/v3/api-docs",
            "/swagger-ui/index.html"})
    void anonymousCallersAreRefused(String path) {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    /** The same doors open for a known user: the 401s above are refusals, not missing endpoints. */
    @ParameterizedTest(name = "sara GET {0} -> 200")
    @ValueSource(strings = {
            "/engine-rest/process-definition",
            "/engine-rest/task",
            "/v3/api-docs",
            "/swagger-ui/index.html"})
    void loggedInUsersGetThrough(String path) {
        ResponseEntity<String> response = http.withBasicAuth("sara", "sara").getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    }

    /**
     * Wrong passwords are tried on a user of its own: the engine delays a user's logins after a failed attempt
     * (login throttling), which would refuse the right password of a shared demo user in the next test.
     */
    @BeforeEach
    void createProbeUser() {
        IdentityService identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(PROBE).count() == 0) {
            User user = identity.newUser(PROBE);
            user.setFirstName("Wrong");
            user.setLastName("Password");
            user.setPassword(PROBE_PASSWORD);
            identity.saveUser(user);
            identity.createMembership(PROBE, Role.MAJOR_INCIDENT.groupId());
        }
    }

    @Test
    void healthProbeIsPublic() {
        ResponseEntity<String> response = http.getForEntity("/actuator/health", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("UP");
    }

    @Test
    void wrongPasswordOnTheApiIsA401Problem() {
        ResponseEntity<String> response = http.withBasicAuth(PROBE, "wrong").getForEntity("/api/services", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody()).contains("\"status\":401");
    }

    @Test
    void wrongPasswordOnTheEngineRestApiIsRefused() {
        ResponseEntity<String> response = http.withBasicAuth(PROBE, "wrong").getForEntity("/engine-rest/task", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @DisplayName("Engine REST Basic auth: the right password passes, a changed password or a malformed header does not")
    void engineRestBasicAuthFollowsThePassword() {
        assertThat(http.withBasicAuth(PROBE, PROBE_PASSWORD).getForEntity("/engine-rest/task", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        // again: now from the remembered verification
        assertThat(http.withBasicAuth(PROBE, PROBE_PASSWORD).getForEntity("/engine-rest/task", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        IdentityService identity = engine.getIdentityService();
        User user = identity.createUserQuery().userId(PROBE).singleResult();
        user.setPassword("changed-" + PROBE_PASSWORD);
        identity.saveUser(user);
        assertThat(http.withBasicAuth(PROBE, "changed-" + PROBE_PASSWORD).getForEntity("/engine-rest/task",
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        // last: a wrong password starts the engine's login throttling for this user
        assertThat(http.withBasicAuth(PROBE, PROBE_PASSWORD).getForEntity("/engine-rest/task", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        for (String header : new String[] {"Basic", "Basic !!!", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("no-colon".getBytes()), "Bearer abc"}) {
            HttpHeaders headers = new HttpHeaders();
            headers.set("Authorization", header);
            ResponseEntity<String> response = http.exchange("/engine-rest/task", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class);
            assertThat(response.getStatusCode()).as(header).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getFirst("WWW-Authenticate")).as(header).startsWith("Basic realm=");
        }
    }

    @Test
    @DisplayName("Engine REST: each team lists only its own tasks; the admin sees all")
    void eachTeamSeesOnlyItsOwnTasks() {
        GroupVisibilityProcess.Instance instance = GroupVisibilityProcess.start(engine, "security-list");
        String serviceDesk = instance.serviceDeskTask().getId();
        String network = instance.networkTask().getId();

        assertThat(taskIds("sara", instance)).containsExactly(serviceDesk);
        assertThat(taskIds("wei", instance)).containsExactly(serviceDesk);
        assertThat(taskIds("nina", instance)).containsExactly(network);
        assertThat(taskIds("kate", instance)).isEmpty();
        assertThat(taskIds("demo", instance)).containsExactlyInAnyOrder(serviceDesk, network);
    }

    @Test
    @DisplayName("Engine REST: a service-desk agent can neither claim nor complete the network team's task")
    void serviceDeskCannotWorkTheNetworkTask() {
        GroupVisibilityProcess.Instance instance = GroupVisibilityProcess.start(engine, "security-work");
        String network = instance.networkTask().getId();

        ResponseEntity<String> claim = http.withBasicAuth("sara", "sara").postForEntity(
                "/engine-rest/task/" + network + "/claim", json(Map.of("userId", "sara")), String.class);
        assertThat(claim.getStatusCode().value()).as(claim.getBody()).isIn(403, 404);

        ResponseEntity<String> complete = http.withBasicAuth("sara", "sara").postForEntity(
                "/engine-rest/task/" + network + "/complete", json(Map.of()), String.class);
        assertThat(complete.getStatusCode().value()).as(complete.getBody()).isIn(403, 404);

        Task task = engine.getTaskService().createTaskQuery().taskId(network).singleResult();
        assertThat(task).as("the network task is still open").isNotNull();
        assertThat(task.getAssignee()).isNull();

        // her own team's task she may claim and complete
        String serviceDesk = instance.serviceDeskTask().getId();
        assertThat(http.withBasicAuth("sara", "sara").postForEntity("/engine-rest/task/" + serviceDesk + "/claim",
                json(Map.of("userId", "sara")), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(http.withBasicAuth("sara", "sara").postForEntity("/engine-rest/task/" + serviceDesk + "/complete",
                json(Map.of()), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    @DisplayName("Webapp login to Cockpit: a manager gets in, a customer is refused")
    void onlyManagersMayLogInToCockpit() {
        ResponseEntity<String> manager = webappLogin("cockpit", "mike", "mike");
        assertThat(manager.getStatusCode()).as(manager.toString()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> customer = webappLogin("cockpit", "kate", "kate");
        assertThat(customer.getStatusCode()).as(customer.toString()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(customer.getHeaders().getOrDefault("X-XSRF-TOKEN", List.of())).as("refused as a login, not for a missing CSRF token")
                .doesNotContain("Required");
        assertThat(webappLogin("tasklist", "kate", "kate").getStatusCode()).as("customers use Tasklist")
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> wrong = webappLogin("cockpit", PROBE, "wrong");
        assertThat(wrong.getStatusCode().value()).isIn(401, 403);
        assertThat(wrong.getHeaders().getOrDefault("X-XSRF-TOKEN", List.of())).doesNotContain("Required");
    }

    private List<String> taskIds(String user, GroupVisibilityProcess.Instance instance) {
        ResponseEntity<List<Map<String, Object>>> response = http.withBasicAuth(user, user).exchange(
                "/engine-rest/task?processInstanceId=" + instance.processInstanceId(), HttpMethod.GET, null, JSON_LIST);
        assertThat(response.getStatusCode()).as(user + " " + response).isEqualTo(HttpStatus.OK);
        return response.getBody().stream().map(t -> (String) t.get("id")).toList();
    }

    /**
     * Logs in as the webapp's login page does: the page sets a session and a CSRF token (cookie
     * {@code XSRF-TOKEN}); the login POST sends both back, the token also as header {@code X-XSRF-TOKEN}.
     */
    private ResponseEntity<String> webappLogin(String app, String user, String password) {
        ResponseEntity<String> page = http.getForEntity("/camunda/app/" + app + "/default/", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> cookies = page.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()).stream()
                .map(c -> c.split(";", 2)[0]).toList();
        String token = cookies.stream().filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.substring(11))
                .findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie from " + app));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.add(HttpHeaders.COOKIE, String.join("; ", cookies));
        headers.add("X-XSRF-TOKEN", token);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", user);
        form.add("password", password);
        return http.postForEntity("/camunda/api/admin/auth/user/default/login/" + app, new HttpEntity<>(form, headers),
                String.class);
    }

    private static HttpEntity<Map<String, Object>> json(Map<String, Object> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
