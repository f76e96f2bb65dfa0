package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every task a person is a candidate for, by name or through a group, or assigned to, shows in one of the Tasklist
 * filters that person may read. The tasks are taken from the deployed models, not from a list: each user task's
 * assignee, candidate users and candidate groups are read from its BPMN; an expression ({@code ${reportedBy}},
 * {@code ${assignmentGroup}}) is tried with every role (a member of each role for a person, each role's group for a
 * group), since a process may route to any of them. For each, a task with exactly that assignment is created and
 * each person it is meant for runs the filters they can read, with the engine's authorizations on.
 */
@PostgresTest
class TasklistFiltersTest {

    @Autowired
    ProcessEngine engine;

    /** One way a model's user task can be assigned once its expressions are resolved. */
    record Assignment(String process, String task, String assignee, List<String> users, List<String> groups) {
    }

    @Test
    @DisplayName("Every user task of every deployed model lands in a filter its assignee or candidates may read")
    void everyTaskOfEveryModelShowsInAFilterOfItsPeople() {
        Map<String, String> memberOf = oneMemberOfEachRole();
        List<Assignment> assignments = assignmentsOfTheModels(memberOf);
        assertThat(assignments).as("user tasks of the deployed models").hasSizeGreaterThan(30)
                .anyMatch(a -> a.task().equals("UserTask_ConfirmResolution") && a.users().contains("kate"));

        TaskService tasks = engine.getTaskService();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Assignment assignment : assignments) {
            Task task = tasks.newTask();
            task.setName(assignment.process() + " " + assignment.task() + " (filter probe)");
            task.setAssignee(assignment.assignee());
            tasks.saveTask(task);
            try {
                assignment.users().forEach(user -> tasks.addCandidateUser(task.getId(), user));
                assignment.groups().forEach(group -> tasks.addCandidateGroup(task.getId(), group));
                Set<String> people = new LinkedHashSet<>();
                if (assignment.assignee() != null) {
                    people.add(assignment.assignee());
                }
                people.addAll(assignment.users());
                assignment.groups().forEach(group -> people.add(memberOf.get(group)));
                for (String person : people) {
                    List<String> shownIn = filtersShowing(person, task.getId());
                    if (shownIn.isEmpty()) {
                        problems.add(assignment + ": " + person + " (" + groupsOf(person) + ") sees it in no filter");
                    }
                    checked++;
                }
            } finally {
                tasks.deleteTask(task.getId(), true);
            }
        }
        System.out.printf("Tasklist filters: %d person/task pairs checked on %d assignments%n", checked,
                assignments.size());
        assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("Kate finds her confirmation task in \"My requests\" and nowhere else; staff's group tasks stay out of it")
    void aCandidateUserTaskShowsInMyRequestsOnly() {
        TaskService tasks = engine.getTaskService();
        Task confirm = tasks.newTask();
        confirm.setName("Confirm resolution (filter probe)");
        tasks.saveTask(confirm);
        Task triage = tasks.newTask();
        triage.setName("Triage incident (filter probe)");
        tasks.saveTask(triage);
        try {
            tasks.addCandidateUser(confirm.getId(), "kate");
            tasks.addCandidateGroup(triage.getId(), Role.SERVICE_DESK.groupId());
            assertThat(filtersShowing("kate", confirm.getId())).containsExactly(RoleBootstrap.MY_REQUESTS);
            assertThat(filtersShowing("sara", triage.getId())).doesNotContain(RoleBootstrap.MY_REQUESTS)
                    .contains(RoleBootstrap.MY_GROUPS_TASKS);
            assertThat(filtersShowing("lee", confirm.getId())).as("another customer").isEmpty();

            tasks.claim(confirm.getId(), "kate");
            assertThat(filtersShowing("kate", confirm.getId())).as("claimed, it stays where she found it")
                    .contains(RoleBootstrap.MY_REQUESTS, RoleBootstrap.MY_TASKS);
        } finally {
            tasks.deleteTask(confirm.getId(), true);
            tasks.deleteTask(triage.getId(), true);
        }
    }

    @Test
    @DisplayName("A database bootstrapped before \"My requests\" existed gets it once, also with two nodes starting together")
    void anExistingDatabaseGetsTheNewFilterOnceAlsoWhenTwoNodesStartTogether() {
        Filter existing = myRequests().get(0);
        engine.getFilterService().deleteFilter(existing.getId());
        assertThat(myRequests()).isEmpty();

        // two nodes start on the database at the same moment: the advisory lock lets one bootstrap at a time
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> new RoleBootstrap().postProcessEngineBuild(engine));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> new RoleBootstrap().postProcessEngineBuild(engine));
        CompletableFuture.allOf(first, second).join();
        new RoleBootstrap().postProcessEngineBuild(engine); // a later restart

        List<Filter> filters = myRequests();
        assertThat(filters).hasSize(1);
        for (Role role : Role.all()) {
            Authorization grant = engine.getAuthorizationService().createAuthorizationQuery()
                    .groupIdIn(role.groupId()).resourceType(Resources.FILTER).resourceId(filters.get(0).getId())
                    .singleResult();
            assertThat(grant).as(role.groupId() + " may read the filter").isNotNull();
            assertThat(grant.isPermissionGranted(Permissions.READ)).isTrue();
        }
    }

    private List<Filter> myRequests() {
        return engine.getFilterService().createTaskFilterQuery().filterName(RoleBootstrap.MY_REQUESTS)
                .filterOwner(RoleBootstrap.OWNER).list();
    }

    /** The user tasks of the latest version of every deployed process, their expressions resolved role by role. */
    private List<Assignment> assignmentsOfTheModels(Map<String, String> memberOf) {
        List<Assignment> assignments = new ArrayList<>();
        List<ProcessDefinition> definitions = engine.getRepositoryService().createProcessDefinitionQuery()
                .latestVersion().orderByProcessDefinitionKey().asc().list();
        for (ProcessDefinition definition : definitions) {
            for (UserTask task : engine.getRepositoryService().getBpmnModelInstance(definition.getId())
                    .getModelElementsByType(UserTask.class)) {
                String assignee = task.getCamundaAssignee();
                List<String> users = task.getCamundaCandidateUsersList();
                List<String> groups = task.getCamundaCandidateGroupsList();
                boolean dynamic = isExpression(assignee) || users.stream().anyMatch(this::isExpression)
                        || groups.stream().anyMatch(this::isExpression);
                // static: once as modelled; with expressions: once per role, each expression resolved to that role
                for (Map.Entry<String, String> role : dynamic ? memberOf.entrySet() : List.of(Map.entry("", ""))) {
                    assignments.add(new Assignment(definition.getKey(), task.getId(),
                            assignee == null ? null : resolve(assignee, role.getValue()),
                            users.stream().map(u -> resolve(u, role.getValue())).toList(),
                            groups.stream().map(g -> resolve(g, role.getKey())).toList()));
                }
            }
        }
        return assignments;
    }

    private boolean isExpression(String value) {
        return value != null && (value.contains("${") || value.contains("#{"));
    }

    private String resolve(String value, String resolved) {
        return isExpression(value) ? resolved : value;
    }

    /** Each role's group and one of its members (the demo users of the roles). */
    private Map<String, String> oneMemberOfEachRole() {
        Map<String, String> members = new LinkedHashMap<>();
        for (Role role : Role.all()) {
            List<User> users = engine.getIdentityService().createUserQuery().memberOfGroup(role.groupId())
                    .orderByUserId().asc().listPage(0, 1);
            assertThat(users).as("a member of " + role.groupId()).isNotEmpty();
            members.put(role.groupId(), users.get(0).getId());
        }
        return members;
    }

    private List<String> groupsOf(String user) {
        return engine.getIdentityService().createGroupQuery().groupMember(user).list().stream().map(Group::getId)
                .toList();
    }

    /** The names of the filters that {@code user} may read and that show the task, as Tasklist would run them. */
    private List<String> filtersShowing(String user, String taskId) {
        IdentityService identity = engine.getIdentityService();
        identity.setAuthentication(user, groupsOf(user));
        try {
            List<String> names = new ArrayList<>();
            for (Filter filter : engine.getFilterService().createTaskFilterQuery().list()) {
                if (engine.getFilterService().count(filter.getId(),
                        engine.getTaskService().createTaskQuery().taskId(taskId)) > 0) {
                    names.add(filter.getName());
                }
            }
            return names;
        } finally {
            identity.clearAuthentication();
        }
    }
}
