package org.itsmflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.itsmflow.release.ReleaseFixtures.approvedChange;
import static org.itsmflow.release.ReleaseFixtures.deliverable;
import static org.itsmflow.release.ReleaseFixtures.newCi;
import static org.itsmflow.release.ReleaseFixtures.plan;
import static org.itsmflow.release.ReleaseFixtures.sites;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.cmdb.CiHistoryEntry;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The release process end to end on PostgreSQL with the real delegates, ReleasePolicy decision, CMDB, media library,
 * change and incident services: success with the post-release watch, a failed acceptance test, a checksum mismatch
 * in wave 2 rolling wave 1 back, a failed health check, an emergency release, and a watch that counts incidents.
 * Timers are driven by the engine clock, never by sleeping; each test uses CIs, sites and media of its own.
 */
@PostgresTest
class ReleaseProcessTest {

    /** Monday 5 October 2026, 08:00 UTC. */
    static final Instant NOW = Instant.parse("2026-10-05T08:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    ReleaseService releases;
    @Autowired
    ChangeService changes;
    @Autowired
    CmdbService cmdb;
    @Autowired
    IncidentService incidents;
    @Autowired
    ImprovementRegister improvements;
    @Autowired
    ReleaseMedia media;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.boot.test.web.client.TestRestTemplate http;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ProcessInstance instance(Release release) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(release.id())
                .singleResult();
    }

    Task task(ProcessInstance pi, String key) {
        Task task = ReleaseFixtures.task(engine, pi.getId(), key);
        assertThat(task).as("task " + key).isNotNull();
        return task;
    }

    void completeAs(ProcessInstance pi, String key, String user, Map<String, Object> variables) {
        Task task = task(pi, key);
        engine.getTaskService().claim(task.getId(), user);
        engine.getTaskService().complete(task.getId(), variables);
    }

    /** Release manager rita and (per policy) service owner olivia authorise; rita's acceptance test gives result. */
    void authoriseAndTest(ProcessInstance pi, boolean serviceOwner, String result) {
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AuthoriseByReleaseManager");
        completeAs(pi, "UserTask_AuthoriseByReleaseManager", "rita", Map.of("authorisation", "APPROVE",
                "authorisationNote", "fits the release calendar"));
        if (serviceOwner) {
            BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AuthoriseByServiceOwner");
            completeAs(pi, "UserTask_AuthoriseByServiceOwner", "olivia", Map.of("authorisation", "APPROVE"));
        }
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_TestRelease");
        completeAs(pi, "UserTask_TestRelease", "rita", "PASS".equals(result)
                ? Map.of("acceptanceResult", "PASS", "acceptanceNote", "regression suite green")
                : Map.of("acceptanceResult", "FAIL", "acceptanceNote", "invoices are rounded wrongly"));
    }

    Incident incident(String ciId, Level impact, Level urgency) {
        return incidents.report(new NewIncident("Release test incident", "after the release", "erp", ciId, "software",
                impact, urgency, "kate"), "sara");
    }

    List<String> changeJournal(String changeId) {
        return jdbc.sql("select code from change_journal where change_id = ? order by id").param(changeId)
                .query(String.class).list();
    }

    @Test
    @DisplayName("R-10.1a R-10.1b R-10.1d R-10.1e R-10.1g R-10.1h R-10.1i R-9.1e R-9.1f minor release: authorised twice, tested, baselined, two waves verified and installed, CMDB and changes updated, incident management told, measured successful after the watch")
    void successfulRelease() {
        String ci = newCi(cmdb, "OK");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        var d = deliverable(media, ci, "erp-server.jar");
        List<String> sites = sites(3);
        Release release = releases.plan(plan("ERP 4.2", ReleaseType.MINOR, List.of(d), List.of(change.id()),
                List.of("KE-000001"), List.of(ci), sites), "demo");
        assertThat(release.id()).matches("REL-\\d{6}");
        assertThat(release.waveCount()).isEqualTo(2);
        assertThat(release.approvals()).isEqualTo("RELEASE_MANAGER_AND_SERVICE_OWNER");
        assertThat(release.watchPeriod()).isEqualTo("P7D");
        ReleaseView planned = releases.view(release.id());
        assertThat(planned.waves()).extracting(ReleaseView.Wave::sites)
                .containsExactly(List.of(sites.get(0)), List.of(sites.get(1), sites.get(2)));
        assertThat(planned.deliverables()).singleElement().satisfies(e -> {
            assertThat(e.id()).matches("DML-\\d{6}");
            assertThat(e.sha256()).isEqualTo(d.sha256());
            assertThat(e.ciId()).isEqualTo(ci);
        });
        int versionBefore = cmdb.require(ci, null).version();

        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, true, "PASS");
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_WatchRelease");

        ReleaseView deployed = releases.view(release.id());
        assertThat(deployed.release().status()).isEqualTo(ReleaseStatus.DEPLOYED);
        assertThat(deployed.release().releaseManager()).isEqualTo("rita");
        assertThat(deployed.release().serviceOwner()).isEqualTo("olivia");
        assertThat(deployed.release().acceptanceResult()).isEqualTo("PASS");
        assertThat(deployed.baseline()).isNotNull();
        assertThat(deployed.baseline().item(ci).orElseThrow().ciVersion()).isEqualTo(versionBefore);
        assertThat(deployed.waves()).extracting(ReleaseView.Wave::status).containsExactly("DONE", "DONE");
        assertThat(deployed.checks()).allMatch(ReleaseView.Check::passed);
        assertThat(deployed.checks()).filteredOn(c -> "CHECKSUM".equals(c.kind())).hasSize(3);
        assertThat(deployed.checks()).filteredOn(c -> "HEALTH".equals(c.kind())).hasSize(2);
        ConfigurationItem after = cmdb.require(ci, null);
        assertThat(after.version()).isEqualTo(versionBefore + 3); // wave 1, wave 2, final record
        assertThat(after.attributes()).containsEntry("release", release.id())
                .containsEntry("releaseChanges", change.id()).containsEntry("version", "4.2.0");
        CiHistoryEntry last = cmdb.history(ci).get(cmdb.history(ci).size() - 1);
        assertThat(last.changeRef()).isEqualTo(release.id());
        assertThat(last.reason()).contains(change.id());
        assertThat(changeJournal(change.id())).contains("IN_RELEASE", "IMPLEMENTED_BY_RELEASE");
        assertThat(deployed.journal()).anySatisfy(j -> {
            assertThat(j.code()).isEqualTo("INCIDENT_MANAGEMENT_INFORMED");
            assertThat(j.text()).contains("KE-000001");
        });

        assertThat(releases.knownErrorsShippedOn(ci)).extracting(org.itsmflow.problem.KnownError::id)
                .containsExactly("KE-000001");

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(7)).plusSeconds(60)));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_ReleaseSuccessful");
        Release measured = releases.require(release.id());
        assertThat(measured.status()).isEqualTo(ReleaseStatus.SUCCESSFUL);
        assertThat(measured.incidentCount()).isZero();
        assertThat(measured.outcome()).isEqualTo("SUCCESSFUL");

        // R-10.1d R-8.2d incident management sees what the release shipped with: an incident on the released CI
        // whose category matches no known error by itself shows KE-000001 in its triage form
        Incident later = incidents.report(new NewIncident("After the watch", "printing fails", "erp", ci, "hardware",
                Level.LOW, Level.LOW, "kate"), "sara");
        String laterInstance = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(later.id()).singleResult().getId();
        EngineJobs.runDue(engine, laterInstance);
        Task triage = engine.getTaskService().createTaskQuery().processInstanceId(laterInstance).singleResult();
        assertThat(engine.getTaskService().getVariableLocal(triage.getId(), "knownErrors").toString())
                .contains("KE-000001", "shipped with a release installed on this CI");
    }

    @Test
    @DisplayName("R-10.1c R-10.1i R-9.1e a release manager rolls a healthily deployed release back from the watch task: CMDB back to the baseline, the cause and who asked recorded, the changes told")
    void manualRollbackDuringWatch() {
        String ci = newCi(cmdb, "WATCHED");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(plan("Billing 9", ReleaseType.MINOR,
                List.of(deliverable(media, ci, "billing.jar")), List.of(change.id()), List.of(), List.of(ci),
                sites(2)), "demo");
        ConfigurationItem before = cmdb.require(ci, null);
        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, true, "PASS");
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_WatchRelease");
        assertThat(releases.require(release.id()).status()).isEqualTo(ReleaseStatus.DEPLOYED);
        Task watch = task(pi, "UserTask_WatchRelease");
        assertThat(engine.getTaskService().getIdentityLinksForTask(watch.getId()))
                .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("releasemanagers"));
        assertThat(engine.getTaskService().getVariableLocal(watch.getId(), "cisText")).isEqualTo(ci);
        ConfigurationItem deployed = cmdb.require(ci, null);
        assertThat(deployed.attributes()).containsEntry("release", release.id());

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(2))));
        completeAs(pi, "UserTask_WatchRelease", "rita", Map.of("rollbackReason", "invoices are sent twice since the release"));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("ServiceTask_RollBackRelease", "ServiceTask_NotifyRollback",
                "EndEvent_ReleaseRolledBack");
        BpmnAwareTests.assertThat(pi).hasNotPassed("ServiceTask_MeasureRelease");

        ReleaseView view = releases.view(release.id());
        assertThat(view.release().status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        assertThat(view.release().rollbackReason())
                .isEqualTo("requested by rita during the watch period: invoices are sent twice since the release");
        assertThat(view.waves()).extracting(ReleaseView.Wave::status).containsExactly("ROLLED_BACK", "ROLLED_BACK");
        assertThat(view.journal()).anySatisfy(j -> {
            assertThat(j.code()).isEqualTo("ROLLBACK_REQUESTED");
            assertThat(j.actor()).isEqualTo("rita");
        });
        assertThat(view.rollback()).singleElement().satisfies(r -> {
            assertThat(r.ciId()).isEqualTo(ci);
            assertThat(r.baselineVersion()).isEqualTo(before.version());
            assertThat(r.fromVersion()).isEqualTo(deployed.version());
        });
        ConfigurationItem after = cmdb.require(ci, null);
        assertThat(after.version()).isEqualTo(deployed.version() + 1);
        assertThat(after.attributes()).isEqualTo(before.attributes());
        assertThat(changeJournal(change.id())).contains("IMPLEMENTED_BY_RELEASE", "RELEASE_ROLLED_BACK");
    }

    @Test
    @DisplayName("R-10.1g a failed acceptance test ends the release before any distribution: no baseline, CMDB untouched")
    void failedAcceptanceTest() {
        String ci = newCi(cmdb, "FAILTEST");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(plan("Broken build", ReleaseType.MINOR,
                List.of(deliverable(media, ci, "app.jar")), List.of(change.id()), List.of(), List.of(ci), sites(2)),
                "demo");
        int version = cmdb.require(ci, null).version();
        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, true, "FAIL");
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_ReleaseFailedAcceptance");
        ReleaseView view = releases.view(release.id());
        assertThat(view.release().status()).isEqualTo(ReleaseStatus.TEST_FAILED);
        assertThat(view.release().acceptanceNote()).contains("rounded");
        assertThat(view.baseline()).isNull();
        assertThat(view.waves()).allMatch(w -> "PLANNED".equals(w.status()));
        assertThat(view.checks()).anyMatch(c -> "ACCEPTANCE".equals(c.kind()) && !c.passed());
        assertThat(cmdb.require(ci, null).version()).isEqualTo(version);
    }

    @Test
    @DisplayName("R-10.1h R-10.1c R-9.1e checksum mismatch in wave 2: wave 2 not installed, wave 1 rolled back to the baseline, what was restored recorded")
    void checksumMismatchInWaveTwo() {
        String ci = newCi(cmdb, "TAMPER");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        var d = deliverable(media, ci, "shop.war");
        List<String> sites = sites(3);
        ReleaseFixtures.tamper(media, sites.get(1), d);
        Release release = releases.plan(plan("Shop 7", ReleaseType.MINOR, List.of(d), List.of(change.id()),
                List.of(), List.of(ci), sites), "demo");
        ConfigurationItem before = cmdb.require(ci, null);
        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, true, "PASS");
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("ServiceTask_RollBackRelease", "EndEvent_ReleaseRolledBack");
        BpmnAwareTests.assertThat(pi).hasNotPassed("ServiceTask_UpdateCmdb");

        ReleaseView view = releases.view(release.id());
        assertThat(view.release().status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        assertThat(view.release().rollbackReason()).contains("Checksum mismatch").contains(sites.get(1));
        assertThat(view.waves()).extracting(ReleaseView.Wave::status).containsExactly("ROLLED_BACK", "FAILED");
        assertThat(view.checks()).filteredOn(c -> "CHECKSUM".equals(c.kind()) && !c.passed())
                .singleElement().satisfies(c -> {
                    assertThat(c.waveNo()).isEqualTo(2);
                    assertThat(c.subject()).contains(sites.get(1));
                });
        assertThat(view.rollback()).singleElement().satisfies(r -> {
            assertThat(r.ciId()).isEqualTo(ci);
            assertThat(r.baselineVersion()).isEqualTo(before.version());
            assertThat(r.fromVersion()).isEqualTo(before.version() + 1);
            assertThat(r.restoredVersion()).isEqualTo(before.version() + 2);
        });
        ConfigurationItem after = cmdb.require(ci, null);
        assertThat(after.version()).isEqualTo(before.version() + 2);
        assertThat(after.attributes()).isEqualTo(before.attributes());
        assertThat(after.status()).isEqualTo(before.status());
        CiHistoryEntry last = cmdb.history(ci).get(cmdb.history(ci).size() - 1);
        assertThat(last.changeRef()).isEqualTo(release.id());
        assertThat(last.reason()).contains("restored from baseline " + view.baseline().id());
        assertThat(changeJournal(change.id())).contains("RELEASE_ROLLED_BACK").doesNotContain("IMPLEMENTED_BY_RELEASE");
    }

    @Test
    @DisplayName("R-10.1h R-10.1c a P1 incident on the release's CI fails the health check: the installed wave is rolled back")
    void healthCheckFails() {
        String ci = newCi(cmdb, "SICK");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(plan("CRM 3", ReleaseType.MINOR, List.of(deliverable(media, ci, "crm.zip")),
                List.of(change.id()), List.of(), List.of(ci), sites(2)), "demo");
        ConfigurationItem before = cmdb.require(ci, null);
        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, true, "PASS");
        Incident p1 = incident(ci, Level.HIGH, Level.HIGH);
        assertThat(p1.priority()).isIn("P1", "P2");
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_ReleaseRolledBack");
        ReleaseView view = releases.view(release.id());
        assertThat(view.release().status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        assertThat(view.checks()).filteredOn(c -> "HEALTH".equals(c.kind())).singleElement().satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).contains(p1.id());
        });
        assertThat(view.waves()).extracting(ReleaseView.Wave::status).containsExactly("ROLLED_BACK", "PLANNED");
        ConfigurationItem after = cmdb.require(ci, null);
        assertThat(after.attributes()).isEqualTo(before.attributes());
        assertThat(after.version()).isEqualTo(before.version() + 2);
    }

    @Test
    @DisplayName("R-10.1f emergency release: tied to an approved emergency change, authorised by the release manager alone, one wave")
    void emergencyRelease() {
        String ci = newCi(cmdb, "EMERG");
        Change emergency = approvedChange(changes, ChangeType.EMERGENCY, ci);
        ProcessInstance changePi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(emergency.id()).singleResult();
        for (Task vote : engine.getTaskService().createTaskQuery().processInstanceId(changePi.getId()).list()) {
            engine.getTaskService().complete(vote.getId(), Map.of("vote", "APPROVE", "voteComment", "urgent"));
        }
        assertThat(changes.require(emergency.id()).status().name()).isIn("APPROVED", "SCHEDULED");
        Change normal = approvedChange(changes, ChangeType.STANDARD, ci);
        var d = deliverable(media, ci, "hotfix.jar");
        assertThatThrownBy(() -> releases.plan(plan("Hotfix without ECAB", ReleaseType.EMERGENCY, List.of(d),
                List.of(normal.id()), List.of(), List.of(ci), sites(2)), "demo"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("EMERGENCY change");

        Release release = releases.plan(plan("Hotfix", ReleaseType.EMERGENCY, List.of(d), List.of(emergency.id()),
                List.of(), List.of(ci), sites(3)), "demo");
        assertThat(release.waveCount()).isEqualTo(1);
        assertThat(release.approvals()).isEqualTo("RELEASE_MANAGER");
        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, false, "PASS");
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_WatchRelease");
        BpmnAwareTests.assertThat(pi).hasNotPassed("UserTask_AuthoriseByServiceOwner");
        ReleaseView view = releases.view(release.id());
        assertThat(view.waves()).singleElement().satisfies(w -> {
            assertThat(w.sites()).hasSize(3);
            assertThat(w.status()).isEqualTo("DONE");
        });
        assertThat(view.release().serviceOwner()).isNull();
        assertThat(view.release().status()).isEqualTo(ReleaseStatus.DEPLOYED);
    }

    @Test
    @DisplayName("R-10.1i the post-release watch counts incidents on the released CIs: two in a minor release's week fail it and propose an improvement")
    void watchCountsIncidents() {
        String ci = newCi(cmdb, "WATCH");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(plan("Portal 9", ReleaseType.MINOR,
                List.of(deliverable(media, ci, "portal.war")), List.of(change.id()), List.of(), List.of(ci), sites(2)),
                "demo");
        ProcessInstance pi = instance(release);
        authoriseAndTest(pi, true, "PASS");
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_WatchRelease");

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(2))));
        incident(ci, Level.LOW, Level.LOW);
        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(5))));
        incident(ci, Level.LOW, Level.MEDIUM);
        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(6))));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_WatchRelease");

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(7)).plusSeconds(60)));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("ServiceTask_ProposeImprovement", "EndEvent_ReleaseFailed");
        Release measured = releases.require(release.id());
        assertThat(measured.status()).isEqualTo(ReleaseStatus.FAILED);
        assertThat(measured.incidentCount()).isEqualTo(2);
        assertThat(measured.improvementId()).isNotNull();
        assertThat(improvements.fromSource("RELEASE", release.id())).singleElement()
                .satisfies(item -> assertThat(item.title()).contains("2 incidents"));

        ReleaseSummary summary = releases.summary(NOW.minusSeconds(1), NOW.plus(Duration.ofDays(30)));
        assertThat(summary.byOutcome()).containsKey("FAILED");
        assertThat(summary.postReleaseIncidents()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("R-10.1b four-eyes: the planner can neither claim nor authorise their own release (403 through the engine REST API, administrators included); a rejection ends it")
    void plannerCannotAuthorise() {
        String ci = newCi(cmdb, "FOUREYES");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(plan("Self-approved?", ReleaseType.MAJOR,
                List.of(deliverable(media, ci, "x.jar")), List.of(change.id()), List.of(), List.of(ci), sites(3)),
                "demo");
        ProcessInstance pi = instance(release);
        Task authorise = task(pi, "UserTask_AuthoriseByReleaseManager");
        assertThatThrownBy(() -> engine.getTaskService().claim(authorise.getId(), "demo"))
                .isInstanceOf(SeparationOfDutiesException.class).hasMessageContaining("four-eyes");
        // through the engine REST API the planner's own claim is refused by the REVOKE (403) ...
        assertThat(handOver("demo", authorise.getId(), "/claim", "demo").getStatusCode().value()).isEqualTo(403);
        // ... and an administrator handing the task to the planner of another release is refused by the task
        // listener: a SeparationOfDutiesException, so a 403 naming the rule (it was a wrapped 500)
        String otherCi = newCi(cmdb, "FOUREYES2");
        Release ritas = releases.plan(plan("Rita's own", ReleaseType.MAJOR, List.of(deliverable(media, otherCi,
                "y.jar")), List.of(approvedChange(changes, ChangeType.STANDARD, otherCi).id()), List.of(),
                List.of(otherCi), sites(3)), "rita");
        Task ritasTask = task(instance(ritas), "UserTask_AuthoriseByReleaseManager");
        for (String action : List.of("/assignee", "/claim", "/delegate")) {
            org.springframework.http.ResponseEntity<String> refused = handOver("demo", ritasTask.getId(), action, "rita");
            assertThat(refused.getStatusCode().value()).as(action + " " + refused.getBody()).isEqualTo(403);
            assertThat(refused.getBody()).as(action).contains("four-eyes");
        }
        assertThat(engine.getTaskService().createTaskQuery().taskId(ritasTask.getId()).singleResult().getAssignee())
                .isNull();
        long revoked = engine.getAuthorizationService().createAuthorizationQuery().userIdIn("demo")
                .resourceId(authorise.getId()).count();
        assertThat(revoked).isEqualTo(1);
        completeAs(pi, "UserTask_AuthoriseByReleaseManager", "rita", Map.of("authorisation", "REJECT",
                "authorisationNote", "clashes with month-end close"));
        BpmnAwareTests.assertThat(pi).isEnded();
        BpmnAwareTests.assertThat(pi).hasPassed("EndEvent_ReleaseRejected");
        assertThat(releases.require(release.id()).status()).isEqualTo(ReleaseStatus.REJECTED);
        assertThat(releases.require(release.id()).releaseManagerNote()).contains("month-end");
    }

    @Test
    @DisplayName("R-10.1b R-10.1h routing comes from the record: a task completion that submits needsServiceOwner=false and no waves skips neither the service owner nor the rollout")
    void submittedRoutingVariablesAreIgnored() {
        String ci = newCi(cmdb, "SPOOF");
        Change change = approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(plan("Spoofed", ReleaseType.MAJOR, List.of(deliverable(media, ci, "s.jar")),
                List.of(change.id()), List.of(), List.of(ci), sites(3)), "demo");
        ProcessInstance pi = instance(release);
        completeAs(pi, "UserTask_AuthoriseByReleaseManager", "rita", Map.of("authorisation", "APPROVE",
                "needsServiceOwner", false, "waves", new java.util.ArrayList<Integer>(), "watchPeriod", "PT1S"));
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AuthoriseByServiceOwner");
        completeAs(pi, "UserTask_AuthoriseByServiceOwner", "olivia", Map.of("authorisation", "APPROVE"));
        completeAs(pi, "UserTask_TestRelease", "rita", Map.of("acceptanceResult", "PASS",
                "waves", new java.util.ArrayList<Integer>()));
        EngineJobs.runDue(engine, pi.getId());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_WatchRelease");
        assertThat(releases.view(release.id()).waves()).extracting(ReleaseView.Wave::status)
                .containsExactly("DONE", "DONE", "DONE");
        assertThat(engine.getRuntimeService().getVariable(pi.getId(), "watchPeriod")).isEqualTo("P14D");
    }

    org.springframework.http.ResponseEntity<String> handOver(String by, String taskId, String action, String to) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        return http.withBasicAuth(by, by).exchange("/engine-rest/task/" + taskId + action,
                org.springframework.http.HttpMethod.POST, new org.springframework.http.HttpEntity<>(
                        "{\"userId\": \"" + to + "\"}", headers), String.class);
    }
}
