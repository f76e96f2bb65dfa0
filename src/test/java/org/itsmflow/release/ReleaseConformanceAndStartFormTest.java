package org.itsmflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeType;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.reporting.ReportTable;
import org.itsmflow.reporting.ServiceReport;
import org.itsmflow.reporting.ServiceReportService;
import org.itsmflow.support.EngineJobs;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A release planned with Tasklist's start form (only release managers may), and the conformance evidence of a
 * period holding one successful release: every release requirement has a check, and each finds it fulfilled.
 */
@PostgresTest
class ReleaseConformanceAndStartFormTest {

    /** A moment no other test uses, so the period holds only this class's releases. */
    static final Instant ALONE = Instant.parse("2025-02-03T10:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    ReleaseService releases;
    @Autowired
    ChangeService changes;
    @Autowired
    CmdbService cmdb;
    @Autowired
    ReleaseMedia media;
    @Autowired
    List<ConformanceCheck> checks;
    @Autowired
    ServiceReportService reports;

    @AfterEach
    void reset() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    Map<String, Object> startForm(String ci, String changeId, NewRelease.Deliverable d, List<String> sites) {
        Map<String, Object> form = new HashMap<>();
        form.put("title", "Started in Tasklist");
        form.put("releaseType", "PATCH");
        form.put("plannedDate", "2025-02-10T22:00:00Z");
        form.put("deliverables", String.join("; ", d.name(), d.version(), d.sha256(), d.location(), d.ciId()));
        form.put("changeIds", changeId);
        form.put("targetCiIds", ci);
        form.put("sites", String.join(", ", sites));
        return form;
    }

    @Test
    @DisplayName("R-10.1d a release manager plans a release with Tasklist's start form; the record becomes the business key; others may not plan")
    void plannedFromStartForm() {
        BpmnAwareTests.init(engine);
        String ci = ReleaseFixtures.newCi(cmdb, "FORM");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);
        NewRelease.Deliverable d = ReleaseFixtures.deliverable(media, ci, "form.jar");
        List<String> sites = ReleaseFixtures.sites(2);

        engine.getIdentityService().setAuthentication("tom", List.of("secondline"));
        assertThatThrownBy(() -> engine.getFormService().submitStartForm(
                engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("ReleaseManagement")
                        .latestVersion().singleResult().getId(), startForm(ci, change.id(), d, sites)))
                .hasMessageContaining("only release managers");

        engine.getIdentityService().setAuthentication("rita", List.of("releasemanagers"));
        ProcessInstance pi = engine.getFormService().submitStartForm(engine.getRepositoryService()
                .createProcessDefinitionQuery().processDefinitionKey("ReleaseManagement").latestVersion().singleResult()
                .getId(), startForm(ci, change.id(), d, sites));
        engine.getIdentityService().clearAuthentication();
        pi = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(pi.getBusinessKey()).matches("REL-\\d{6}");
        Release release = releases.require(pi.getBusinessKey());
        assertThat(release.planner()).isEqualTo("rita");
        assertThat(release.processInstanceId()).isEqualTo(pi.getId());
        assertThat(releases.view(release.id()).deliverables()).singleElement()
                .satisfies(e -> assertThat(e.sha256()).isEqualTo(d.sha256()));
        assertThat(engine.getRuntimeService().getVariables(pi.getId())).doesNotContainKeys("deliverables", "title")
                .containsEntry("releaseId", release.id());
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_AuthoriseByReleaseManager");
    }

    @Test
    @DisplayName("R-10.1a R-10.1b R-10.1d R-10.1e R-10.1g R-10.1h R-10.1i R-9.1e R-9.1f conformance evidence: one successful release in the period meets every release check")
    void conformanceEvidence() {
        ClockUtil.setCurrentTime(Date.from(ALONE));
        BpmnAwareTests.init(engine);
        String ci = ReleaseFixtures.newCi(cmdb, "CONF");
        Change change = ReleaseFixtures.approvedChange(changes, ChangeType.STANDARD, ci);
        Release release = releases.plan(ReleaseFixtures.plan("Conformant", ReleaseType.PATCH,
                List.of(ReleaseFixtures.deliverable(media, ci, "c.jar")), List.of(change.id()), List.of(), List.of(ci),
                ReleaseFixtures.sites(2)), "demo");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(release.id()).singleResult();
        var tasks = engine.getTaskService();
        var authorise = ReleaseFixtures.task(engine, pi.getId(), "UserTask_AuthoriseByReleaseManager");
        tasks.claim(authorise.getId(), "rita");
        tasks.complete(authorise.getId(), Map.of("authorisation", "APPROVE"));
        var test = ReleaseFixtures.task(engine, pi.getId(), "UserTask_TestRelease");
        tasks.claim(test.getId(), "rita");
        tasks.complete(test.getId(), Map.of("acceptanceResult", "PASS"));
        EngineJobs.runDue(engine, pi.getId());
        ClockUtil.setCurrentTime(Date.from(ALONE.plus(Duration.ofDays(3)).plusSeconds(60)));
        EngineJobs.runDue(engine, pi.getId());
        assertThat(releases.require(release.id()).status()).isEqualTo(ReleaseStatus.SUCCESSFUL);

        ReportPeriod period = new ReportPeriod(ALONE, ALONE.plusSeconds(1));
        Map<String, Evidence> evidence = checks.stream().filter(c -> c.requirementId().startsWith("R-10.1")
                        || List.of("R-9.1e", "R-9.1f").contains(c.requirementId()))
                .collect(Collectors.toMap(ConformanceCheck::requirementId, c -> c.evaluate(period)));
        assertThat(evidence).containsOnlyKeys("R-10.1a", "R-10.1b", "R-10.1c", "R-10.1d", "R-10.1e", "R-10.1f",
                "R-10.1g", "R-10.1h", "R-10.1i", "R-9.1e", "R-9.1f");
        evidence.forEach((id, e) -> {
            Evidence.Verdict expected = List.of("R-10.1c", "R-10.1f").contains(id) ? Evidence.Verdict.NO_ACTIVITY
                    : Evidence.Verdict.MET;
            assertThat(e.verdict()).as(id + ": " + e.figure()).isEqualTo(expected);
        });
        assertThat(evidence.get("R-9.1e").figure()).contains("1 release(s), all with a baseline before wave 1");

        // R-10.1i the service report of the period shows the release, its outcome and its watch figures
        ServiceReport report = reports.report(ServiceReportService.ALL, period.from(), period.to(), 1, null);
        assertThat(report.table("workload").orElseThrow().lines()).contains("Releases|1");
        ReportTable table = report.table("releases").orElseThrow();
        assertThat(table.cell(release.id(), "Outcome")).isEqualTo("SUCCESSFUL");
        assertThat(table.cell(release.id(), "Post-release incidents")).isEqualTo("0");
        assertThat(report.table("release-outcomes").orElseThrow().lines()).containsExactly("SUCCESSFUL|1");
        assertThat(report.section("releases").orElseThrow().text()).startsWith("1 release(s) planned in the period (1 patch)");
    }
}
