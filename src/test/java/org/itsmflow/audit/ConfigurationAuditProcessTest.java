package org.itsmflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.NewCi;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.SeparationOfDutiesException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The configuration audit (R-9.1i) on PostgreSQL: the automated CMDB check records deficiencies, an independent
 * auditor verifies a sample (one who changed CIs in the period may not, R-4.3b), the report starts the corrective
 * actions as improvement items and the change managers plan the corrections.
 */
@PostgresTest
class ConfigurationAuditProcessTest {

    /**
     * The CMDB stamps its history with the wall clock, not the engine clock, so this test's engine clock runs just
     * after the wall clock (truncated to the hour): the CI written here falls inside the audited period.
     */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);

    @Autowired
    ProcessEngine engine;
    @Autowired
    AuditService audits;
    @Autowired
    CmdbService cmdb;
    @Autowired
    ImprovementRegister improvements;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(T0));
    }

    @AfterEach
    void tearDown() {
        ClockUtil.reset();
        engine.getIdentityService().clearAuthentication();
    }

    @Test
    @DisplayName("R-9.1i R-4.3b R-4.4 a configuration audit records the CMDB's deficiencies, is verified by an auditor who changed no CI, reports and starts corrective actions")
    void configurationAudit_R9_1i() {
        String changer = AuditTestSupport.newAuditor(engine, "cichg");
        String verifier = AuditTestSupport.newAuditor(engine, "civer");
        String ciId = "SRV-AUDIT-" + (System.currentTimeMillis() % 1_000_000);
        // a CI without owner, service or relationship, written without a change record by an auditor
        cmdb.create(NewCi.of(ciId, "Unowned test server", "SERVER"), changer, "bulk load", null);
        AuditProgramme programme = audits.addProgramme("CMDB audit (test)", "configuration",
                "R-9.1a to R-9.1i: CIs owned, related, changed under control", "Automated check and a sample of five",
                "P1M", null, "ada");

        ClockUtil.setCurrentTime(Date.from(T0.plus(1, ChronoUnit.HOURS)));
        Audit audit = audits.startNow(programme.id(), null, "ada");
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(audit.id()).singleResult();
        assertThat(pi.getProcessDefinitionId()).startsWith(AuditService.CONFIGURATION_AUDIT + ":");
        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_VerifySample");
        List<AuditFinding> mine = audits.require(audit.id()).findings().stream()
                .filter(f -> ciId.equals(f.ciId())).toList();
        assertThat(mine).extracting(AuditFinding::requirementId).containsExactly("R-9.1a", "R-9.1c", "R-9.1g");
        assertThat(mine.get(2).severity()).isEqualTo(Severity.MAJOR);

        Task verify = task(pi);
        assertThat(verify.getAssignee()).isNull();
        String sample = (String) engine.getRuntimeService().getVariable(pi.getId(), "sampleCiIds");
        List<String> sampled = ConfigurationAuditService.sampleIds(sample);
        assertThat(sampled).hasSize(ConfigurationAuditService.SAMPLE_SIZE);

        // R-4.3b: the auditor who changed a CI in the period may not verify the CMDB
        engine.getIdentityService().setAuthentication(changer, List.of(OwnWork.AUDITORS));
        assertThatThrownBy(() -> engine.getTaskService().claim(verify.getId(), changer))
                .isInstanceOf(AuthorizationException.class);
        engine.getIdentityService().clearAuthentication();
        // an administrator (no authorization check) handing it to the changer is refused by the listener: a
        // SeparationOfDutiesException, which the engine REST API answers with 403
        assertThatThrownBy(() -> engine.getTaskService().setAssignee(verify.getId(), changer))
                .isInstanceOf(SeparationOfDutiesException.class);
        assertThat(engine.getTaskService().createTaskQuery().taskId(verify.getId()).singleResult().getAssignee())
                .isNull();
        engine.getIdentityService().setAuthentication(verifier, List.of(OwnWork.AUDITORS));
        engine.getTaskService().claim(verify.getId(), verifier);
        engine.getIdentityService().clearAuthentication();
        assertThat(audits.require(audit.id()).leadAuditor()).isEqualTo(verifier);

        String missing = sampled.get(0);
        String allFound = sampled.stream().skip(1).map(id -> id + ": FOUND").collect(Collectors.joining("\n"));
        assertThatThrownBy(() -> complete(task(pi), withVariables("verification", allFound, "report", "x")))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining(missing);
        complete(task(pi), withVariables("verification", missing + ": MISSING not in its rack\n" + allFound,
                "report", "The CMDB needs owners and relationships for several CIs."));

        Audit reported = audits.require(audit.id());
        assertThat(reported.status()).isEqualTo(AuditStatus.REPORTED);
        assertThat(reported.findings()).anyMatch(f -> missing.equals(f.ciId()) && f.severity() == Severity.MAJOR
                && "R-9.1i".equals(f.requirementId()));
        assertThat(reported.findings()).allMatch(f -> f.improvementId() != null);
        assertThat(improvements.fromSource("AUDIT", audit.id())).hasSize(reported.findings().size());

        BpmnAwareTests.assertThat(pi).isWaitingAt("UserTask_PlanCorrections");
        BpmnAwareTests.assertThat(task(pi)).hasCandidateGroup("changemanagers");
        complete(task(pi), withVariables("managementResponse", "Owners and relationships through RFCs by month end"));
        BpmnAwareTests.assertThat(pi).isEnded();
        assertThat(audits.require(audit.id()).status()).isEqualTo(AuditStatus.CLOSED);
    }
}
