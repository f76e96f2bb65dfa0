package org.itsmflow.cluster;

import java.util.List;

/**
 * The figures of one verification point of the two-node check, printed so they can be read from the CI log.
 * Everything named lost, duplicated, missing, doubled, failed or stuck must be zero.
 */
record Figures(int sent, int acknowledged, int inDoubt, int inDoubtFound, int reRaised, int failedOver,
        int incidents, int lost, int duplicated, int withoutProcessInstance, int multipleProcessInstances,
        int orphanProcessInstances, int escalationsExpected, int escalationsDone, int escalationsMissing,
        int escalationsDoubled, int responseBreaches, int failedJobs, int engineIncidents, int running,
        int stuckWithoutTask, int overdueJobs, int recordedNotifications, int notifiedTwice) {

    /** What the load generator knows: what it sent and what the nodes acknowledged. */
    interface Client {
        int sent();

        /** Every title sent; each must end up recorded exactly once. */
        List<String> titles();

        /** Titles known to be recorded: answered 201, or in doubt and then found in the database. */
        List<String> acknowledged();

        int inDoubt();

        int inDoubtFound();

        int reRaised();

        int failedOver();
    }

    boolean clean() {
        return lost == 0 && duplicated == 0 && withoutProcessInstance == 0 && multipleProcessInstances == 0
                && orphanProcessInstances == 0 && escalationsMissing == 0 && escalationsDoubled == 0
                && responseBreaches == escalationsDone && failedJobs == 0 && engineIncidents == 0
                && stuckWithoutTask == 0 && overdueJobs == 0;
    }

    String lines(String label) {
        return String.join("\n",
                "---- " + label + " ----",
                "incidents raised (requests sent)        : " + sent,
                "  acknowledged 201                      : " + acknowledged,
                "  in doubt (connection lost mid-request): " + inDoubt + " (found recorded " + inDoubtFound
                        + ", raised again " + reRaised + ")",
                "  failed over (node refused connection) : " + failedOver,
                "incidents in the database               : " + incidents,
                "  lost                                  : " + lost,
                "  duplicated                            : " + duplicated,
                "  without process instance / with >1    : " + withoutProcessInstance + " / " + multipleProcessInstances,
                "  process instances without incident    : " + orphanProcessInstances,
                "escalations expected (response due)     : " + escalationsExpected,
                "  done                                  : " + escalationsDone,
                "  missing                               : " + escalationsMissing,
                "  doubled                               : " + escalationsDoubled,
                "  response breach records               : " + responseBreaches,
                "jobs failed (retries 0 or exception)    : " + failedJobs,
                "engine incidents (Cockpit)              : " + engineIncidents,
                "process instances running              : " + running,
                "  stuck (no open user task)             : " + stuckWithoutTask,
                "  stuck (job overdue > 60 s)            : " + overdueJobs,
                "'recorded' notifications journalled     : " + recordedNotifications + " (incidents notified twice: "
                        + notifiedTwice + ")",
                "verdict                                 : " + (clean() ? "OK" : "DEFECT"));
    }
}
