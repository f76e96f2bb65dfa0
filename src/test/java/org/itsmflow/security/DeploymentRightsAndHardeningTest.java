package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.itsmflow.platform.Role;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Whoever may deploy could run code (script tasks, expressions, class names): deployment is for administrators and
 * process owners only (and passes the deployment guard, {@code DeploymentGuardTest}), the engine REST API cannot be
 * used by anyone else to deploy or to evaluate expressions in ad-hoc queries; the
 * webapps refuse state-changing requests without their CSRF token; the {@code tls} profile hardens cookies and
 * turns HSTS on.
 */
@PostgresTest
class DeploymentRightsAndHardeningTest {

    static final String SCRIPT_PROCESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x"
                         xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
              <process id="Evil" isExecutable="true" camunda:historyTimeToLive="1">
                <startEvent id="s"/>
                <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
                <scriptTask id="t" scriptFormat="javascript"><script>java.lang.Runtime.getRuntime().exec("id")</script></scriptTask>
                <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
                <endEvent id="e"/>
              </process>
            </definitions>""";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProcessEngine engine;

    @ParameterizedTest(name = "{0} may not deploy through the engine REST API")
    @ValueSource(strings = {"kate", "sara", "tom", "nina", "sam", "mike", "chris", "alice", "rita", "olivia", "carla",
            "carl", "ada"})
    @DisplayName("Deployment rights: every non-admin role gets 403 on POST /engine-rest/deployment/create")
    void nonAdminsCannotDeploy(String user) {
        long before = engine.getRepositoryService().createDeploymentQuery().count();
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("deployment-name", "evil-" + user);
        form.add("data", new ByteArrayResource(SCRIPT_PROCESS.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "evil.bpmn";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        ResponseEntity<String> response = http.withBasicAuth(user, user).exchange("/engine-rest/deployment/create",
                HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before);
        assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("Evil").count())
                .isZero();
    }

    @Test
    @DisplayName("Deployment rights: only camunda-admin and processowners hold DEPLOYMENT CREATE, only camunda-admin DELETE")
    void onlyAdministratorsAndProcessOwnersHoldDeploymentRights() {
        AuthorizationService authorizations = engine.getAuthorizationService();
        for (Role role : Role.values()) {
            assertThat(authorizations.isUserAuthorized("nobody", List.of(role.groupId()), Permissions.CREATE,
                    Resources.DEPLOYMENT)).as(role.groupId()).isEqualTo(role == Role.PROCESS_OWNERS);
            assertThat(authorizations.isUserAuthorized("nobody", List.of(role.groupId()), Permissions.DELETE,
                    Resources.DEPLOYMENT)).as(role.groupId()).isFalse();
        }
        assertThat(authorizations.isUserAuthorized("demo", List.of(Role.ADMIN_GROUP), Permissions.CREATE,
                Resources.DEPLOYMENT)).isTrue();
    }

    @Test
    @DisplayName("Engine REST: expressions in ad-hoc queries are refused (no code through query parameters); non-admins cannot store filters")
    void noExpressionsInAdHocQueries() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isEnableExpressionsInAdhocQueries()).isFalse();

        ResponseEntity<String> adHoc = http.withBasicAuth("sara", "sara").getForEntity(
                "/engine-rest/task?assigneeExpression={e}", String.class, "${''.getClass().forName('java.lang.Runtime')}");
        assertThat(adHoc.getStatusCode()).as(adHoc.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(adHoc.getBody()).contains("Expressions are forbidden");

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> filter = http.withBasicAuth("sara", "sara").exchange("/engine-rest/filter/create",
                HttpMethod.POST, new HttpEntity<>(Map.of("resourceType", "Task", "name", "evil",
                        "query", Map.of("assigneeExpression", "${currentUser()}")), headers), String.class);
        assertThat(filter.getStatusCode()).as(filter.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    @DisplayName("Webapps: a logged-in session's POST without the X-XSRF-TOKEN header is refused by the CSRF filter; with it, the filter lets it pass")
    void webappPostsNeedTheCsrfToken() {
        ResponseEntity<String> page = http.getForEntity("/camunda/app/tasklist/default/", String.class);
        List<String> cookies = page.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()).stream()
                .map(c -> c.split(";", 2)[0]).toList();
        String token = cookies.stream().filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.substring(11)).findFirst()
                .orElseThrow();
        HttpHeaders login = new HttpHeaders();
        login.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        login.add(HttpHeaders.COOKIE, String.join("; ", cookies));
        login.add("X-XSRF-TOKEN", token);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", "sara");
        form.add("password", "sara");
        ResponseEntity<String> loggedIn = http.postForEntity("/camunda/api/admin/auth/user/default/login/tasklist",
                new HttpEntity<>(form, login), String.class);
        assertThat(loggedIn.getStatusCode()).as(loggedIn.toString()).isEqualTo(HttpStatus.OK);
        // the session id changes at login; the CSRF token may too
        java.util.Map<String, String> jar = new java.util.LinkedHashMap<>();
        cookies.forEach(c -> jar.put(c.substring(0, c.indexOf('=')), c));
        loggedIn.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()).stream().map(c -> c.split(";", 2)[0])
                .forEach(c -> jar.put(c.substring(0, c.indexOf('=')), c));
        // Camunda starts a new session at login; its first answer hands out the new session's CSRF token
        HttpHeaders sessionOnly = new HttpHeaders();
        sessionOnly.add(HttpHeaders.COOKIE, String.join("; ", jar.values()));
        ResponseEntity<String> me = http.exchange("/camunda/app/tasklist/default/", HttpMethod.GET,
                new HttpEntity<>(sessionOnly), String.class);
        me.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()).stream().map(c -> c.split(";", 2)[0])
                .forEach(c -> jar.put(c.substring(0, c.indexOf('=')), c));
        String session = String.join("; ", jar.values());
        String currentToken = jar.get("XSRF-TOKEN").substring(11);

        HttpHeaders without = new HttpHeaders();
        without.setContentType(MediaType.APPLICATION_JSON);
        without.add(HttpHeaders.COOKIE, session);
        HttpHeaders with = new HttpHeaders();
        with.putAll(without);
        with.add("X-XSRF-TOKEN", currentToken);
        ResponseEntity<String> allowed = http.exchange("/camunda/api/engine/engine/default/task/count", HttpMethod.POST,
                new HttpEntity<>("{}", with), String.class);
        assertThat(allowed.getHeaders().getFirst("X-XSRF-TOKEN")).as("with the token the CSRF filter lets it pass: "
                + allowed).isNull();
        assertThat(allowed.getStatusCode().is5xxServerError()).isFalse();
        // the same session without the token: refused by the CSRF filter
        ResponseEntity<String> refused = http.exchange("/camunda/api/engine/engine/default/task/count", HttpMethod.POST,
                new HttpEntity<>("{}", without), String.class);
        assertThat(refused.getStatusCode()).as(refused.toString()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getHeaders().getFirst("X-XSRF-TOKEN")).isEqualTo("Required");

    }

    @Test
    @DisplayName("Profile tls: secure SameSite session and CSRF cookies, HSTS on the webapps, forwarded headers trusted")
    void tlsProfileHardensCookiesAndTurnsOnHsts() throws Exception {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("tls",
                new ClassPathResource("application-tls.yaml"));
        PropertySource<?> tls = sources.get(0);
        assertThat(tls.getProperty("server.servlet.session.cookie.secure")).isEqualTo(true);
        assertThat(tls.getProperty("server.servlet.session.cookie.same-site")).isEqualTo("strict");
        assertThat(tls.getProperty("camunda.bpm.webapp.session-cookie.enable-secure-cookie")).isEqualTo(true);
        assertThat(tls.getProperty("camunda.bpm.webapp.csrf.enable-secure-cookie")).isEqualTo(true);
        assertThat(tls.getProperty("camunda.bpm.webapp.header-security.hsts-disabled")).isEqualTo(false);
        assertThat(tls.getProperty("camunda.bpm.webapp.header-security.hsts-max-age")).isEqualTo(31536000);
        assertThat(tls.getProperty("server.forward-headers-strategy")).isEqualTo("native");
    }

    @Test
    @DisplayName("API answers carry no-sniff and no-store headers; the session-less API sets no cookie")
    void apiSecurityHeaders() {
        ResponseEntity<String> response = http.withBasicAuth("sara", "sara").getForEntity("/api/services", String.class);
        assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeaders().getCacheControl()).contains("no-store");
        assertThat(response.getHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
    }
}
