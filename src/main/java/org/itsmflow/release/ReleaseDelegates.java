package org.itsmflow.release;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.FormValues;
import org.itsmflow.platform.DecisionResults;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.Role;
import org.springframework.stereotype.Component;

/**
 * The release process's service tasks. Each reads what it needs, calls one {@link ReleaseService} method and writes
 * back only routing variables (names in {@link ReleaseVariables}).
 */
final class ReleaseDelegates {

    /** BPMN error thrown by a wave whose checksum or health check failed; the rollout's boundary event catches it. */
    static final String WAVE_FAILED = "WAVE_FAILED";
    /** Start form fields that leave the process once the record holds them. */
    static final List<String> START_FORM_FIELDS = List.of("title", "description", "plannedDate", "deliverables",
            "changeIds", "knownErrorIds", "problemIds", "targetCiIds", "sites");

    private ReleaseDelegates() {
    }

    /** ServiceTask_RecordRelease (R-10.1d): records a release planned with Tasklist's start form. */
    @Component("recordReleaseDelegate")
    static class Record implements JavaDelegate {
        private final ReleaseService releases;
        private final IdentityService identity;

        Record(ReleaseService releases, IdentityService identity) {
            this.releases = releases;
            this.identity = identity;
        }

        @Override
        public void execute(DelegateExecution execution) {
            if (execution.hasVariable(ReleaseVariables.RELEASE_ID)) {
                return;
            }
            var caller = identity.getCurrentAuthentication();
            List<String> groups = caller == null || caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
            if (caller != null && !groups.contains(Role.RELEASE_MANAGERS.groupId())
                    && !groups.contains(Role.ADMIN_GROUP)) {
                throw new InvalidFieldException("planner", "only release managers plan releases");
            }
            String planner = FormValues.text(execution, ReleaseVariables.PLANNER);
            NewRelease plan = new NewRelease(FormValues.text(execution, "title"),
                    FormValues.text(execution, "description"), releaseType(execution),
                    date(execution, "plannedDate"), deliverables(FormValues.text(execution, "deliverables")),
                    list(execution, "changeIds"), list(execution, "knownErrorIds"), list(execution, "problemIds"),
                    list(execution, "targetCiIds"), list(execution, "sites"));
            Release release = releases.recordFromStartForm(plan, planner, execution.getProcessInstanceId());
            execution.setProcessBusinessKey(release.id());
            execution.setVariables(ReleaseVariables.start(release));
            START_FORM_FIELDS.forEach(execution::removeVariable);
        }

        private static ReleaseType releaseType(DelegateExecution execution) {
            String value = FormValues.text(execution, ReleaseVariables.RELEASE_TYPE);
            try {
                return value == null ? null : ReleaseType.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("releaseType", "must be one of " + Arrays.toString(ReleaseType.values()));
            }
        }

        static List<String> list(DelegateExecution execution, String name) {
            return FormValues.ids(FormValues.text(execution, name));
        }

        /** One deliverable a line: {@code name; version; sha256; location; ciId}. */
        static List<NewRelease.Deliverable> deliverables(String text) {
            List<NewRelease.Deliverable> deliverables = new ArrayList<>();
            if (text == null) {
                return deliverables;
            }
            int line = 0;
            for (String row : text.split("\\R")) {
                if (row.isBlank()) {
                    continue;
                }
                String[] parts = row.split(";");
                if (parts.length != 5) {
                    throw new InvalidFieldException("deliverables", "line " + (line + 1)
                            + " must read: name; version; sha256; location; CI id");
                }
                deliverables.add(new NewRelease.Deliverable(parts[0].trim(), parts[1].trim(), parts[2].trim(),
                        parts[3].trim(), parts[4].trim()));
                line++;
            }
            return deliverables;
        }

        static Instant date(DelegateExecution execution, String name) {
            Object raw = execution.getVariable(name);
            if (raw instanceof java.util.Date date) {
                return date.toInstant();
            }
            String value = FormValues.text(execution, name);
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notLocal) {
                    try {
                        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException e) {
                        throw new InvalidFieldException(name, "must be an ISO-8601 date or date and time");
                    }
                }
            }
        }
    }

    /** ServiceTask_ApplyReleasePolicy (R-10.1a): records the policy, plans the waves, sets the routing flags. */
    @Component("applyReleasePolicyDelegate")
    static class ApplyPolicy implements JavaDelegate {
        private final ReleaseService releases;

        ApplyPolicy(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> out = DecisionResults.singleResult(execution, "ReleasePolicy", ReleaseVariables.POLICY_DECISION);
            ReleaseService.Rollout rollout = releases.applyPolicy(ReleaseVariables.releaseId(execution),
                    ((Number) out.get("waveCount")).intValue(), ((Number) out.get("canarySize")).intValue(),
                    (String) out.get("approvals"), (String) out.get("watchPeriod"),
                    ((Number) out.get("incidentThreshold")).intValue(), (String) out.get("policyReason"));
            execution.setVariable(ReleaseVariables.WAVES, new ArrayList<>(rollout.waves()));
            execution.setVariable(ReleaseVariables.NEEDS_SERVICE_OWNER, rollout.needsServiceOwner());
            execution.setVariable(ReleaseVariables.WATCH_PERIOD, rollout.watchPeriod());
        }
    }

    /** ServiceTask_RecordManagerAuthorisation / ServiceTask_RecordOwnerAuthorisation (R-10.1b). */
    @Component("recordReleaseAuthorisationDelegate")
    static class RecordAuthorisation implements JavaDelegate {
        private final ReleaseService releases;
        private final EngineUser engineUser;

        RecordAuthorisation(ReleaseService releases, EngineUser engineUser) {
            this.releases = releases;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            boolean asOwner = "SERVICE_OWNER".equals(FormValues.text(execution, "authority"));
            String decision = FormValues.text(execution, "authorisation");
            String note = FormValues.text(execution, "authorisationNote");
            String actor = FormValues.text(execution, "authorisedBy");
            boolean approved = releases.authorise(ReleaseVariables.releaseId(execution), asOwner,
                    actor == null ? engineUser.actor() : actor, decision, note);
            execution.setVariable(ReleaseVariables.APPROVED, approved);
            // routing comes from the record, never from what a task completion may have submitted
            execution.setVariable(ReleaseVariables.NEEDS_SERVICE_OWNER, releases.needsServiceOwner(
                    ReleaseVariables.releaseId(execution)));
            execution.removeVariable("authorisation");
            execution.removeVariable("authorisationNote");
            execution.removeVariable("authorisedBy");
            if (approved && (asOwner || !releases.needsServiceOwner(ReleaseVariables.releaseId(execution)))) {
                releases.authorised(ReleaseVariables.releaseId(execution));
            }
        }
    }

    /** ServiceTask_RecordRejection. */
    @Component("rejectReleaseDelegate")
    static class Reject implements JavaDelegate {
        private final ReleaseService releases;

        Reject(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.rejected(ReleaseVariables.releaseId(execution));
        }
    }

    /** ServiceTask_RunAcceptanceChecks (R-10.1g, R-10.1h). */
    @Component("runAcceptanceChecksDelegate")
    static class AcceptanceChecks implements JavaDelegate {
        private final ReleaseService releases;

        AcceptanceChecks(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(ReleaseVariables.CHECKS_PASSED,
                    releases.runAcceptanceChecks(ReleaseVariables.releaseId(execution)));
        }
    }

    /** ServiceTask_RecordAcceptanceTest (R-10.1g): the tester's verdict. */
    @Component("recordAcceptanceTestDelegate")
    static class RecordAcceptanceTest implements JavaDelegate {
        private final ReleaseService releases;
        private final EngineUser engineUser;

        RecordAcceptanceTest(ReleaseService releases, EngineUser engineUser) {
            this.releases = releases;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String tester = FormValues.text(execution, "tester");
            boolean passed = releases.recordAcceptanceTest(ReleaseVariables.releaseId(execution),
                    tester == null ? engineUser.actor() : tester, FormValues.text(execution, "acceptanceResult"),
                    FormValues.text(execution, "acceptanceNote"));
            execution.setVariable(ReleaseVariables.TEST_PASSED, passed);
            execution.removeVariable("acceptanceResult");
            execution.removeVariable("acceptanceNote");
            execution.removeVariable("tester");
        }
    }

    /** ServiceTask_RecordAcceptanceFailure (R-10.1g). */
    @Component("recordAcceptanceFailureDelegate")
    static class AcceptanceFailure implements JavaDelegate {
        private final ReleaseService releases;

        AcceptanceFailure(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.acceptanceFailed(ReleaseVariables.releaseId(execution));
        }
    }

    /** ServiceTask_TakeBaseline (R-9.1e). */
    @Component("takeReleaseBaselineDelegate")
    static class TakeBaseline implements JavaDelegate {
        private final ReleaseService releases;

        TakeBaseline(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String id = ReleaseVariables.releaseId(execution);
            releases.takeBaseline(id);
            // the waves and the watch period come from the record, never from what a task completion submitted
            execution.setVariable(ReleaseVariables.WAVES, new ArrayList<>(releases.waveNumbers(id)));
            execution.setVariable(ReleaseVariables.WATCH_PERIOD, releases.require(id).watchPeriod());
        }
    }

    /** ServiceTask_VerifyChecksums (R-10.1h): a mismatch ends the wave with {@value #WAVE_FAILED}. */
    @Component("verifyWaveChecksumsDelegate")
    static class VerifyChecksums implements JavaDelegate {
        private final ReleaseService releases;

        VerifyChecksums(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String failure = releases.verifyWave(ReleaseVariables.releaseId(execution), wave(execution));
            if (failure != null) {
                throw new BpmnError(WAVE_FAILED, failure);
            }
        }
    }

    /** ServiceTask_InstallWave. */
    @Component("installWaveDelegate")
    static class InstallWave implements JavaDelegate {
        private final ReleaseService releases;

        InstallWave(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.installWave(ReleaseVariables.releaseId(execution), wave(execution));
        }
    }

    /** ServiceTask_CheckHealth (R-10.1h): an unhealthy wave ends with {@value #WAVE_FAILED}. */
    @Component("checkWaveHealthDelegate")
    static class CheckHealth implements JavaDelegate {
        private final ReleaseService releases;

        CheckHealth(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String failure = releases.checkWaveHealth(ReleaseVariables.releaseId(execution), wave(execution));
            if (failure != null) {
                throw new BpmnError(WAVE_FAILED, failure);
            }
        }
    }

    /**
     * ServiceTask_RollBackRelease (R-10.1c): after a failed wave, or when a release manager completed
     * UserTask_WatchRelease (its form's {@code rollbackReason} is then the cause recorded).
     */
    @Component("rollBackReleaseDelegate")
    static class RollBack implements JavaDelegate {
        private final ReleaseService releases;

        RollBack(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String requestedBy = FormValues.text(execution, ReleaseVariables.ROLLBACK_REQUESTED_BY);
            releases.rollBack(ReleaseVariables.releaseId(execution), requestedBy == null ? null
                    : new ReleaseService.RollbackRequest(requestedBy,
                            FormValues.text(execution, ReleaseVariables.ROLLBACK_REASON)));
        }
    }

    /** ServiceTask_NotifyRollback. */
    @Component("notifyReleaseRollbackDelegate")
    static class NotifyRollback implements JavaDelegate {
        private final ReleaseService releases;

        NotifyRollback(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.notifyRollback(ReleaseVariables.releaseId(execution));
        }
    }

    /** ServiceTask_UpdateCmdb (R-10.1e, R-9.1b, R-9.1d). */
    @Component("updateCmdbForReleaseDelegate")
    static class UpdateCmdb implements JavaDelegate {
        private final ReleaseService releases;

        UpdateCmdb(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.updateCmdb(ReleaseVariables.releaseId(execution));
        }
    }

    /** ServiceTask_UpdateChangeRecords (R-10.1e). */
    @Component("updateChangeRecordsDelegate")
    static class UpdateChangeRecords implements JavaDelegate {
        private final ReleaseService releases;

        UpdateChangeRecords(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.updateChangeRecords(ReleaseVariables.releaseId(execution));
        }
    }

    /** ServiceTask_InformIncidentManagement (R-10.1d, R-8.2d). */
    @Component("informIncidentManagementDelegate")
    static class InformIncidentManagement implements JavaDelegate {
        private final ReleaseService releases;

        InformIncidentManagement(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.informIncidentManagement(ReleaseVariables.releaseId(execution));
        }
    }

    /** ServiceTask_MeasureRelease (R-10.1i). */
    @Component("measureReleaseDelegate")
    static class Measure implements JavaDelegate {
        private final ReleaseService releases;

        Measure(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(ReleaseVariables.SUCCESSFUL, releases.measure(ReleaseVariables.releaseId(execution)));
        }
    }

    /** ServiceTask_ProposeImprovement (R-10.1i → SIP). */
    @Component("proposeReleaseImprovementDelegate")
    static class ProposeImprovement implements JavaDelegate {
        private final ReleaseService releases;

        ProposeImprovement(ReleaseService releases) {
            this.releases = releases;
        }

        @Override
        public void execute(DelegateExecution execution) {
            releases.proposeImprovement(ReleaseVariables.releaseId(execution));
        }
    }

    static int wave(DelegateExecution execution) {
        return ((Number) execution.getVariable(ReleaseVariables.WAVE)).intValue();
    }
}
