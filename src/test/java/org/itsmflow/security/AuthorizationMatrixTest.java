package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The authorization matrix of {@code docs/security/authorization-matrix.md}, proven cell by cell: the test reads the
 * same markdown tables the people read, so doc and behaviour cannot drift.
 * <ul>
 * <li>API: every endpoint the application serves under {@code /api} must have a row (the list comes from Spring's
 * handler mapping at test time, so a new endpoint without a row fails {@link #everyApiEndpointHasARow()}); every
 * cell is called over HTTP as the demo user of that role: {@code allow}/{@code own} must not be refused (any
 * answer but 401/403, never 5xx — a 404 for a probe id that does not exist counts as let through), {@code deny}
 * must be a 403 (401 for anonymous).</li>
 * <li>User tasks: every user task of every BPMN model must have a row whose "BPMN assignment" is the model's
 * candidate groups/users; static candidate groups must match the row's role cells; where the test's own setup
 * left an open task of that kind, each role is checked in the engine (can that user see the task?).</li>
 * </ul>
 * Separation of duties appears as cells too: CMDB writes without a change only for {@code cmdbadmins} (R-9.1g),
 * the audit log only for auditors and administrators (R-4.3b's independence starts with read access), changes not
 * raised by customers.
 */
@PostgresTest
class AuthorizationMatrixTest {

    static final Path MATRIX = Path.of("docs/security/authorization-matrix.md");
    /** The demo user who plays each role (one group each). */
    static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("customers", "kate");
        USERS.put("servicedesk", "sara");
        USERS.put("secondline", "tom");
        USERS.put("network", "nina");
        USERS.put("security", "sam");
        USERS.put("majorincident", "mike");
        USERS.put("changemanagers", "chris");
        USERS.put("cab", "alice");
        USERS.put("releasemanagers", "rita");
        USERS.put("serviceowners", "olivia");
        USERS.put("customerrelations", "carla");
        USERS.put("cmdbadmins", "carl");
        USERS.put("auditors", "ada");
        USERS.put("processowners", "paul");
        USERS.put("camunda-admin", "demo");
        USERS.put("anonymous", null);
    }

    /**
     * Requests that reach each endpoint's authorization check without writing anything: ids that do not exist, a
     * stale version. Where a controller checks the role only after validating the body, the probe must be a valid
     * body (else every role gets the same 400); a new write endpoint adds its probe here.
     */
    static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("POST /api/incidents", """
                    {"title": "Matrix probe", "serviceId": "no-such-service", "category": "software",
                     "impact": "LOW", "urgency": "LOW"}"""),
            Map.entry("POST /api/complaints", """
                    {"title": "Matrix probe", "description": "probe", "severity": "LOW", "serviceId": "no-such-service"}"""),
            Map.entry("POST /api/changes", """
                    {"title": "Matrix probe", "reason": "probe", "changeType": "NORMAL", "urgency": "LOW",
                     "affectedCiIds": ["NO-SUCH-CI"], "plannedStart": "2031-01-01T00:00:00Z",
                     "plannedEnd": "2031-01-01T01:00:00Z", "implementationPlan": "none", "costEstimate": 0}"""),
            Map.entry("POST /api/problems", """
                    {"title": "Matrix probe", "serviceId": "no-such-service", "category": "software",
                     "impact": "LOW", "urgency": "LOW"}"""),
            Map.entry("POST /api/cis", """
                    {"id": "MATRIX-PROBE", "name": "Matrix probe", "typeId": "NO-SUCH-TYPE"}"""),
            Map.entry("PUT /api/cis/{id}", """
                    {"expectedVersion": 999999, "location": "Matrix probe"}"""),
            Map.entry("POST /api/cis/{id}/relationships", """
                    {"type": "RUNS_ON", "targetCiId": "NO-SUCH-CI"}"""),
            Map.entry("POST /api/service-reviews", """
                    {"customerId": "no-such-customer", "serviceId": "erp"}"""),
            Map.entry("POST /api/surveys/{token}", """
                    {"score": 3}"""),
            Map.entry("POST /api/releases", """
                    {"title": "Matrix probe", "releaseType": "MINOR", "plannedDate": "2031-01-01T00:00:00Z",
                     "deliverables": [{"name": "probe.jar", "version": "1", "location": "probe/probe.jar",
                       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                       "ciId": "NO-SUCH-CI"}],
                     "changeIds": ["CHG-999999"], "targetCiIds": ["NO-SUCH-CI"], "sites": ["fra"]}"""),
            Map.entry("POST /api/audit-programmes", """
                    {"name": "Matrix probe", "processArea": "no-such-area", "criteria": "probe", "method": "probe",
                     "frequency": "P6M"}"""),
            Map.entry("POST /api/audits", """
                    {"programmeId": "APG-999999"}"""),
            Map.entry("POST /api/improvements", """
                    {"source": "NO-SUCH-SOURCE", "title": "Matrix probe", "priority": "LOW"}"""),
            Map.entry("POST /api/improvements/{id}/assessment", """
                    {"assessment": "Matrix probe", "priority": "LOW"}"""),
            Map.entry("POST /api/improvements/{id}/authorisation", """
                    {"approved": true, "note": "Matrix probe"}"""),
            Map.entry("POST /api/improvements/{id}/status", """
                    {"status": "IN_PROGRESS", "note": "Matrix probe"}"""));
    /**
     * Query strings of the probes: where an endpoint takes no body, a parameter that the controller refuses after
     * the role check (an empty period), so an allowed call writes nothing.
     */
    /** Bodies that are not JSON: the decision preview takes a DMN file. */
    static final Map<String, MediaType> CONTENT_TYPES = Map.of(
            "POST /api/decisions/{key}/preview", MediaType.APPLICATION_XML);
    static final Map<String, String> QUERIES = Map.of(
            "POST /api/reports/runs", "?from=2031-02-01&to=2031-01-01");
    /** Path variables of the probes: an existing CI where the CMDB write checks need one, else an unknown id. */
    static final Map<String, String> PATH_IDS = Map.of(
            "PUT /api/cis/{id}", "VM-HR-DB-01",
            "POST /api/cis/{id}/relationships", "VM-HR-DB-01");

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProcessEngine engine;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    // ---------------------------------------------------------------- API endpoints

    static Stream<Arguments> apiCells() throws IOException {
        List<Arguments> cells = new ArrayList<>();
        Table table = Table.read("API endpoints");
        for (List<String> row : table.rows()) {
            for (String role : USERS.keySet()) {
                cells.add(Arguments.of(row.get(0), role, table.cell(row, role)));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("apiCells")
    @DisplayName("API authorization matrix (R-9.1g CMDB writes, R-4.3b audit log, four-eyes in the engine)")
    void apiCell(String endpoint, String role, String expected) {
        String[] parts = endpoint.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        String path = parts[1]
                .replace("{token}", "no-such-token")
                .replaceAll("\\{[^}]+}", PATH_IDS.getOrDefault(endpoint, "NO-SUCH-ID"));
        path += QUERIES.getOrDefault(endpoint, "");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(CONTENT_TYPES.getOrDefault(endpoint, MediaType.APPLICATION_JSON));
        String body = method == HttpMethod.GET ? null : BODIES.getOrDefault(endpoint, "{}");
        String user = USERS.get(role);
        TestRestTemplate client = user == null ? http : http.withBasicAuth(user, user);
        ResponseEntity<String> response = client.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        int status = response.getStatusCode().value();
        String what = endpoint + " as " + role + " (" + user + ") answered " + status + ": " + response.getBody();
        assertThat(status).as(what).isLessThan(500);
        switch (expected) {
            case "allow", "own" -> assertThat(status).as(what).isNotIn(401, 403);
            case "deny" -> assertThat(status).as(what).isEqualTo(user == null ? 401 : 403);
            default -> throw new AssertionError("unknown cell value '" + expected + "' for " + endpoint + " / " + role
                    + "; use allow, own or deny");
        }
    }

    @Test
    @DisplayName("Every endpoint under /api has a row in the matrix, and every row is a served endpoint")
    void everyApiEndpointHasARow() throws IOException {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> patterns = info.getPatternValues();
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("ANY");
            }
            for (String pattern : patterns) {
                if (pattern.startsWith("/api/") || pattern.equals("/api")) {
                    methods.forEach(m -> served.add(m + " " + pattern));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        Table.read("API endpoints").rows().forEach(row -> documented.add(row.get(0)));
        assertThat(served).as("endpoints without a row in " + MATRIX + " (add one, and a probe body for writes)")
                .isSubsetOf(documented);
        assertThat(documented).as("rows in " + MATRIX + " that the application does not serve").isSubsetOf(served);
    }

    // ---------------------------------------------------------------- user tasks

    /** One user task of a BPMN model and how it is assigned there. */
    record ModelTask(String process, String id, String assignment) {
    }

    static List<ModelTask> modelTasks() throws IOException {
        List<ModelTask> tasks = new ArrayList<>();
        Pattern userTask = Pattern.compile("<bpmn:userTask ([^>]*)>");
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
                String xml = Files.readString(file);
                String process = file.getFileName().toString().replace(".bpmn", "");
                Matcher m = userTask.matcher(xml);
                while (m.find()) {
                    String attributes = m.group(1);
                    tasks.add(new ModelTask(process, attribute(attributes, "id"), assignment(attributes)));
                }
            }
        }
        return tasks;
    }

    static String assignment(String attributes) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("candidateGroups", "candidateUsers", "assignee")) {
            String value = attribute(attributes, "camunda:" + name);
            if (value != null) {
                parts.add(name + "=" + value);
            }
        }
        return String.join(" ", parts);
    }

    static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : null;
    }

    @Test
    @DisplayName("Every BPMN user task has a row whose assignment is the model's; static candidate groups match the role cells")
    void everyUserTaskHasARow() throws IOException {
        Table table = Table.read("User tasks");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        table.rows().forEach(row -> rows.put(row.get(0) + "/" + row.get(1), row));
        List<String> problems = new ArrayList<>();
        for (ModelTask task : modelTasks()) {
            List<String> row = rows.remove(task.process() + "/" + task.id());
            if (row == null) {
                problems.add("no row for " + task.process() + " " + task.id() + " (" + task.assignment() + ")");
                continue;
            }
            String documented = row.get(2).replace("`", "");
            if (!documented.equals(task.assignment())) {
                problems.add(task.id() + ": the doc says '" + documented + "', the model '" + task.assignment() + "'");
            }
            String groups = task.assignment().startsWith("candidateGroups=")
                    ? task.assignment().substring("candidateGroups=".length()).split(" ")[0] : null;
            if (groups != null && !groups.contains("$")) {
                Set<String> candidates = Set.of(groups.split(","));
                for (String role : USERS.keySet()) {
                    if ("anonymous".equals(role)) {
                        continue;
                    }
                    String expected = candidates.contains(role) || Role_ADMIN.equals(role) ? "allow" : "deny";
                    if (!expected.equals(table.cell(row, role))) {
                        problems.add(task.id() + " / " + role + ": the doc says " + table.cell(row, role)
                                + ", the model's candidate groups " + candidates + " make it " + expected);
                    }
                }
            }
        }
        rows.keySet().forEach(k -> problems.add("row " + k + " names no user task of the models"));
        assertThat(problems).isEmpty();
    }

    static final String Role_ADMIN = "camunda-admin";

    /**
     * For each task kind with an open task in the database, each role is checked in the engine: may that role's
     * user see the task (the engine grants candidates TASK_WORK, so seeing is working)? Cells: allow, deny, and for
     * candidate groups decided at runtime (DMN) {@code dmn}: allowed only where the task's actual candidate group
     * is the role's.
     */
    @Test
    @DisplayName("User-task cells, checked in the engine on open tasks: each role sees (and may work) exactly the tasks its cell allows")
    void userTaskCellsHoldInTheEngine() throws IOException {
        startOneOfEach();
        Table table = Table.read("User tasks");
        IdentityService identity = engine.getIdentityService();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        Set<String> kindsChecked = new LinkedHashSet<>();
        for (List<String> row : table.rows()) {
            List<Task> open = engine.getTaskService().createTaskQuery().taskDefinitionKey(row.get(1))
                    .processDefinitionKey(row.get(0)).active().orderByTaskCreateTime().desc().listPage(0, 5);
            for (Task task : open) {
                Set<String> candidates = new LinkedHashSet<>();
                engine.getTaskService().getIdentityLinksForTask(task.getId()).forEach(link -> {
                    if (link.getGroupId() != null && "candidate".equals(link.getType())) {
                        candidates.add(link.getGroupId());
                    }
                });
                for (Map.Entry<String, String> player : USERS.entrySet()) {
                    if (player.getValue() == null) {
                        continue;
                    }
                    String cell = table.cell(row, player.getKey());
                    if (!Set.of("allow", "deny", "dmn").contains(cell)) {
                        continue; // assignee / reporter cells depend on the instance, not on the role
                    }
                    boolean expected = "allow".equals(cell)
                            || ("dmn".equals(cell) && candidates.contains(player.getKey()));
                    if (task.getAssignee() != null && !task.getAssignee().equals(player.getValue())
                            && !Role_ADMIN.equals(player.getKey()) && !candidates.contains(player.getKey())) {
                        // assigned to someone else: only its candidate groups still see it (the engine keeps
                        // their grants when the task is claimed or assigned, e.g. an audit led by another auditor)
                        expected = false;
                    }
                    if (engine.getAuthorizationService().createAuthorizationQuery().userIdIn(player.getValue())
                            .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(task.getId())
                            .authorizationType(org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_REVOKE)
                            .count() > 0) {
                        expected = false; // four-eyes: the change's requester, whatever the role
                    }
                    List<String> groups = identity.createGroupQuery().groupMember(player.getValue()).list().stream()
                            .map(Group::getId).toList();
                    identity.setAuthentication(player.getValue(), groups);
                    boolean visible;
                    try {
                        visible = engine.getTaskService().createTaskQuery().taskId(task.getId()).count() == 1;
                    } finally {
                        identity.clearAuthentication();
                    }
                    if (task.getAssignee() != null && task.getAssignee().equals(player.getValue())) {
                        continue;
                    }
                    if (visible != expected) {
                        problems.add(row.get(1) + " " + task.getId() + " (candidates " + candidates + ", assignee "
                                + task.getAssignee() + ") / " + player.getKey() + ": cell " + cell + " but "
                                + (visible ? "visible" : "invisible"));
                    }
                    checked++;
                }
                kindsChecked.add(row.get(1));
            }
        }
        System.out.printf("User-task matrix: %d role/task cells checked in the engine on %d task kinds %s%n",
                checked, kindsChecked.size(), kindsChecked);
        assertThat(problems).isEmpty();
    }

    /** An incident, a complaint, a problem and a change, so that their first user tasks are open. */
    void startOneOfEach() {
        post("sara", "/api/incidents", """
                {"title": "Matrix task probe", "serviceId": "email", "category": "network", "impact": "LOW",
                 "urgency": "LOW"}""");
        post("kate", "/api/complaints", """
                {"title": "Matrix task probe", "description": "probe", "severity": "LOW"}""");
        post("tom", "/api/problems", """
                {"title": "Matrix task probe", "serviceId": "email", "category": "network", "impact": "LOW",
                 "urgency": "LOW"}""");
        post("chris", "/api/changes", """
                {"title": "Matrix task probe", "reason": "probe", "changeType": "NORMAL", "urgency": "LOW",
                 "affectedCiIds": ["DB-ERP-TEST"], "plannedStart": "2031-02-01T00:00:00Z",
                 "plannedEnd": "2031-02-01T01:00:00Z", "implementationPlan": "none", "costEstimate": 0}""");
    }

    void post(String user, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.withBasicAuth(user, user).exchange(path, HttpMethod.POST,
                new HttpEntity<>(body, headers), String.class);
        assertThat(response.getStatusCode().value()).as(path + " " + response.getBody()).isEqualTo(201);
        String businessKey = response.getHeaders().getLocation().getPath().replaceAll(".*/", "");
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                .forEach(instance -> org.itsmflow.support.EngineJobs.runDue(engine, instance.getId()));
    }

    // ---------------------------------------------------------------- markdown

    /** A markdown table under a "## title" heading: header cells and rows of cells. */
    record Table(List<String> header, List<List<String>> rows) {
        static Table read(String title) throws IOException {
            List<String> lines = Files.readAllLines(MATRIX);
            int start = lines.indexOf("## " + title);
            if (start < 0) {
                throw new AssertionError(MATRIX + " has no section '## " + title + "'");
            }
            List<String> header = null;
            List<List<String>> rows = new ArrayList<>();
            for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
                String line = lines.get(i).trim();
                if (!line.startsWith("|")) {
                    if (header != null && line.isEmpty() && !rows.isEmpty()) {
                        break;
                    }
                    continue;
                }
                List<String> cells = cells(line);
                if (header == null) {
                    header = cells;
                } else if (!cells.get(0).matches(":?-+:?")) {
                    rows.add(cells);
                }
            }
            return new Table(header, rows);
        }

        static List<String> cells(String line) {
            String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
            List<String> cells = new ArrayList<>();
            for (String cell : inner.split("\\|", -1)) {
                cells.add(cell.trim().replace("`", "").replace("**", ""));
            }
            return cells;
        }

        String cell(List<String> row, String column) {
            int index = header.indexOf(column);
            if (index < 0) {
                throw new AssertionError("the table has no column " + column + ": " + header);
            }
            return row.get(index);
        }
    }
}
