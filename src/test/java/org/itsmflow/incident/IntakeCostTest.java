package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.itsmflow.platform.DecisionsUsed;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What incident intake no longer stores or asks for (issue 9; docs/adr/0011): the decision results are not process
 * variables, the recorded decision versions are the evaluated ones, and only the engine's authorization-checked
 * queries are planned per execution.
 */
@PostgresTest
class IntakeCostTest {

    @Autowired
    IncidentService incidents;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    @DisplayName("R-8.2b the decisions are recorded with the evaluated versions, without storing their results as variables")
    void decisionsRecordedWithoutResultVariables() {
        IncidentView view = incidents.reportAndView(new NewIncident("Intake cost test", "described by the test", "erp",
                null, "software", Level.HIGH, Level.HIGH, "kate"), "sara");
        Incident incident = view.incident();
        assertThat(incident.priority()).isEqualTo("P1");
        assertThat(incident.assignmentGroup()).isNotBlank();
        assertThat(view.decisions()).extracting(IncidentDecision::decision)
                .containsExactly("IncidentPriority", "IncidentClassification");
        for (IncidentDecision decision : view.decisions()) {
            DecisionDefinition latest = engine.getRepositoryService().createDecisionDefinitionQuery()
                    .decisionDefinitionKey(decision.decision()).latestVersion().singleResult();
            assertThat(decision.decisionVersion()).as(decision.decision()).isEqualTo(latest.getVersion());
        }
        assertThat(view.decisions().get(0).outputs()).contains("priority=P1");
        assertThat(view.sla()).isNotEmpty();
        assertThat(view.journal()).isNotEmpty();
        // the engine's decision history stays (an auditor reads it), linked to the process instance
        assertThat(engine.getHistoryService().createHistoricDecisionInstanceQuery()
                .processInstanceId(incident.processInstanceId()).count()).isEqualTo(2);
        // no result map as a (Java-serialised) variable, neither at runtime nor in history
        List<String> variables = engine.getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(incident.processInstanceId()).list().stream()
                .map(v -> v.getName()).toList();
        assertThat(variables).contains(IncidentVariables.PRIORITY, IncidentVariables.ASSIGNMENT_GROUP)
                .doesNotContain(IncidentVariables.PRIORITY_DECISION, IncidentVariables.CLASSIFICATION_DECISION,
                        IncidentVariables.CI_TYPE, "decisionResult", DecisionsUsed.MATCHES, DecisionsUsed.OUTPUTS, DecisionsUsed.OUTPUT + "priority", DecisionsUsed.KEY,
                        DecisionsUsed.VERSION);
        assertThat(jdbc.queryForObject("select count(*) from act_hi_varinst where proc_inst_id_ = ? "
                + "and bytearray_id_ is not null", Integer.class, incident.processInstanceId())).isZero();
    }

    @Test
    @DisplayName("statements reading ACT_RU_AUTHORIZATION and the job acquisition are planned with their values every time, others use the plan cache")
    void onlyAuthorizationQueriesAreOneShot() throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement authorization = connection.prepareStatement(
                        "select count(*) from ACT_RU_AUTHORIZATION where GROUP_ID_ = ?");
                PreparedStatement other = connection.prepareStatement("select count(*) from incident where id = ?")) {
            assertThat(authorization.unwrap(PGStatement.class).getPrepareThreshold()).isZero();
            assertThat(other.unwrap(PGStatement.class).getPrepareThreshold()).isEqualTo(5);
            for (int i = 0; i < 7; i++) { // past the driver's threshold: the statement is still planned with its value
                authorization.setString(1, "servicedesk");
                authorization.executeQuery().close();
            }
            assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement acquisition = connection.prepareStatement("select RES.ID_ from ACT_RU_JOB RES\n\n    "
                        + "where (RES.RETRIES_ > ?) and (RES.DUEDATE_ <= ?) order by RES.DUEDATE_ asc LIMIT ?")) {
            assertThat(acquisition.unwrap(PGStatement.class).getPrepareThreshold()).isZero();
        }
    }

    @Test
    @DisplayName("the engine's own job acquisition statement, as MyBatis renders it, is recognised as one to plan with its values")
    void engineAcquisitionStatementIsRecognised() {
        var configuration = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine
                .getProcessEngineConfiguration()).getSqlSessionFactory().getConfiguration();
        var statement = configuration.getMappedStatement(
                "org.camunda.bpm.engine.impl.persistence.entity.JobEntity.selectNextJobsToExecute");
        java.util.Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("now", new java.util.Date());
        parameters.put("alwaysSetDueDate", true);
        parameters.put("deploymentAware", false);
        var query = new org.camunda.bpm.engine.impl.db.ListQueryParameterObject(parameters, 0, 3);
        String sql = statement.getBoundSql(query).getSql();
        assertThat(sql).containsIgnoringCase("ACT_RU_JOB");
        assertThat(org.itsmflow.platform.CustomPlansAccess.needsCustomPlan(sql)).as(sql).isTrue();
        assertThat(org.itsmflow.platform.CustomPlansAccess.needsCustomPlan(
                "update ACT_RU_JOB set LOCK_OWNER_ = ? where ID_ = ?")).isFalse();
    }
}
