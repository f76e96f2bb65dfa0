package org.itsmflow.support;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;

/** Process tests run with the job executor off and execute due jobs themselves, at the engine clock. */
public final class EngineJobs {

    private EngineJobs() {
    }

    /**
     * Executes every job of the process instance that is due at the engine clock (asynchronous steps, timers),
     * round after round, until none is left (at most 20 rounds, so a timer cycle cannot loop forever).
     */
    public static void runDue(ProcessEngine engine, String processInstanceId) {
        for (int round = 0; round < 20; round++) {
            List<Job> due = engine.getManagementService().createJobQuery().processInstanceId(processInstanceId)
                    .executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> engine.getManagementService().executeJob(job.getId()));
        }
    }
}
