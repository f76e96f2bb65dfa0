package org.itsmflow.audit;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.EngineJobs;

/** Throwaway auditors and audited work for the audit tests (the demo's only auditor, ada, stays untouched). */
final class AuditTestSupport {

    private static final AtomicInteger USERS = new AtomicInteger();

    private AuditTestSupport() {
    }

    /** A new member of the auditors group whose password is its id (never a demo user). */
    static String newAuditor(ProcessEngine engine, String prefix) {
        IdentityService identity = engine.getIdentityService();
        String id = prefix + System.currentTimeMillis() % 1_000_000 + "x" + USERS.incrementAndGet();
        User user = identity.newUser(id);
        user.setFirstName(prefix);
        user.setLastName("Auditor");
        user.setPassword(id);
        identity.saveUser(user);
        identity.createMembership(id, OwnWork.AUDITORS);
        return id;
    }

    /** Reports an incident and makes {@code user} the assignee of its first task: work of incident management. */
    static Incident incidentWorkedOnBy(ProcessEngine engine, IncidentService incidents, String user) {
        Incident incident = incidents.report(new NewIncident("Printer queue stuck", "reported by an audit test",
                "email", null, "software", Level.LOW, Level.LOW, "kate"), "sara");
        EngineJobs.runDue(engine, incident.processInstanceId());
        List<Task> tasks = engine.getTaskService().createTaskQuery().processInstanceId(incident.processInstanceId())
                .list();
        engine.getTaskService().setAssignee(tasks.get(0).getId(), user);
        return incident;
    }
}
