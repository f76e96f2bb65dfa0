package org.itsmflow.bench;

import java.io.File;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.itsmflow.platform.ItsmHistoryLevel;
import org.itsmflow.platform.TaskDisplay;

/**
 * The bare engine side of the intake comparison (issue 9, item 1): the same {@code bpmn/IncidentManagement.bpmn},
 * started in process by as many client threads as the HTTP run uses, on its own database on the same PostgreSQL
 * server, with the engine settings of the product (history level itsm-full, authorization on, batch processing,
 * default job executor of the Spring Boot starter: 3–10 threads, 3 jobs per acquisition; due jobs acquired by due
 * date through the index of changeset performance-002). Our delegates are replaced by no-ops
 * and the two business rule tasks by delegates that set the pre-evaluated decision outputs, so what remains is the
 * engine's own cost: the difference to the HTTP run is what the product's code (HTTP, security, validation,
 * records, DMN, SLA) costs.
 *
 * <p>Settings: BENCH_BARE_JDBC_URL, BENCH_CLIENTS, BENCH_WARMUP, BENCH_SECONDS.
 */
public final class BareEngine {

    private BareEngine() {
    }

    public static void main(String[] args) throws Exception {
        // no logback configuration on this class path: logback would log everything at DEBUG
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        String url = Bench.env("BENCH_BARE_JDBC_URL", "jdbc:postgresql://localhost:5432/itsmbench_bare");
        int clients = Bench.env("BENCH_CLIENTS", 8);
        int warmup = Bench.env("BENCH_WARMUP", 10);
        int seconds = Bench.env("BENCH_SECONDS", 30);

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(Bench.DB_USER);
        pool.setPassword(Bench.DB_PASSWORD);
        pool.setMaximumPoolSize(10); // Spring Boot's Hikari default, as in the product
        pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
            cfg.setDataSource(dataSource);
            cfg.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
            // the product's history level (application.yaml, docs/adr/0012): full minus display copies (none here: no
            // task listeners) and minus the variable-update details and the job log (but failures) of the incident
            // process
            cfg.setCustomHistoryLevels(List.of(new ItsmHistoryLevel(new TaskDisplay(), Set.of("IncidentManagement"))));
            cfg.setHistory(ItsmHistoryLevel.NAME);
            cfg.setAuthorizationEnabled(true);
            cfg.setJobExecutorActivate(true);
            cfg.setDefaultUserPermissionNameForTask("TASK_WORK");
            cfg.setEnforceHistoryTimeToLive(true);
            cfg.setMetricsEnabled(true);
            // the product's job acquisition (application.yaml; index itsm_idx_job_duedate, created below)
            cfg.setEnsureJobDueDateNotNull(true);
            cfg.setJobExecutorAcquireByDueDate(true);
            cfg.setBeans(beans());
            cfg.setProcessEngineName("bare");
            // as the Spring Boot starter does (and the DB id generator would need a second connection per block)
            cfg.setIdGenerator(new org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator());
            ProcessEngine engine = cfg.buildProcessEngine();
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                // the product's changeset performance-002 (here the engine created the schema, not Liquibase)
                statement.execute("create index if not exists itsm_idx_job_duedate on act_ru_job (duedate_)");
            }
            try {
                engine.getRepositoryService().createDeployment().name("bare-bench")
                        .addModelInstance("IncidentManagement.bpmn", bareModel()).enableDuplicateFiltering(true)
                        .deploy();
                System.out.printf("bare engine: %d clients, %d s warm-up, %d s measured%n", clients, warmup, seconds);
                ClosedLoop.Outcome out = ClosedLoop.run(clients, warmup, seconds, Cpu.self(), (client, sequence) -> {
                    Map<String, Object> variables = new HashMap<>();
                    String id = "B" + client + "-" + sequence + "-" + System.nanoTime();
                    variables.put("incidentId", id);
                    variables.put("serviceId", Intake.SERVICES[(int) (sequence % Intake.SERVICES.length)]);
                    variables.put("ciId", null);
                    variables.put("ciType", "");
                    variables.put("category", "software");
                    variables.put("impact", "MEDIUM");
                    variables.put("urgency", "MEDIUM");
                    variables.put("reportedBy", "kate");
                    engine.getRuntimeService().startProcessInstanceByKey("IncidentManagement", id, variables);
                });
                double drain = Intake.drainSeconds(() -> {
                    try {
                        return dataSource.getConnection();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Intake.report("intake (bare engine)", out, drain, clients);
            } finally {
                engine.close();
            }
        }
    }

    /** The product's model with each business rule task turned into a delegate that sets its decision's result. */
    static BpmnModelInstance bareModel() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File(Bench.env("BENCH_BPMN", "bpmn/IncidentManagement.bpmn")));
        for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
            // the product's decision tasks keep no result variable (incident.DecisionsUsed): name the preset by decision
            String result = task.getCamundaResultVariable() != null ? task.getCamundaResultVariable()
                    : "IncidentPriority".equals(task.getCamundaDecisionRef()) ? "priorityDecision"
                    : "classificationDecision";
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "decisionRef");
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "decisionRefBinding");
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "mapDecisionResult");
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "resultVariable");
            task.setCamundaDelegateExpression("${" + result + "Preset}");
        }
        return model;
    }

    static Map<Object, Object> beans() {
        Map<Object, Object> beans = new HashMap<>();
        JavaDelegate noop = execution -> { };
        for (String name : new String[] {"recordIncidentDelegate", "notifyCustomerDelegate", "applyTriageDelegate",
                "resolveIncidentDelegate", "closeIncidentDelegate", "escalateIncidentDelegate", "recordBreachDelegate",
                "reassignIncidentDelegate", "pauseSlaClockDelegate", "resumeSlaClockDelegate",
                "declareMajorIncidentDelegate", "recordAutoClosureDelegate", "reopenIncidentDelegate"}) {
            beans.put(name, noop);
        }
        // the decision outputs as the product's delegates leave them after the tables ran
        beans.put("priorityDecisionPreset", (JavaDelegate) execution -> execution.setVariable("priority", "P3"));
        beans.put("applyPriorityDecisionDelegate", noop);
        beans.put("classificationDecisionPreset", (JavaDelegate) execution -> {
            execution.setVariable("assignmentGroup", "servicedesk");
            execution.setVariable("securityIncident", false);
            execution.setVariable("majorIncident", false);
        });
        beans.put("applyClassificationDecisionDelegate", noop);
        // the user tasks' camunda:priority expression
        beans.put("taskPriority", new org.itsmflow.servicelevel.TaskPriority());
        beans.put("startSlaClockDelegate", (JavaDelegate) execution -> {
            Instant now = Instant.now();
            execution.setVariable("responseDueAt", now.plus(4, ChronoUnit.HOURS).toString());
            execution.setVariable("resolutionDueAt", now.plus(2, ChronoUnit.DAYS).toString());
            execution.setVariable("resolutionWarningAt", now.plus(1, ChronoUnit.DAYS).toString());
            execution.setVariable("confirmationWait", "P3D");
        });
        return beans;
    }
}
