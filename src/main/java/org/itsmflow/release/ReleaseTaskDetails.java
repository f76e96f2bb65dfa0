package org.itsmflow.release;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.cmdb.MediaEntry;
import org.itsmflow.platform.TaskDisplay;
import org.itsmflow.problem.KnownErrorService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives every user task of the release process what its form shows (R-10.1b, R-10.1d, R-10.1g): the plan, the
 * deliverables with their checksums, the RFCs, known errors and problems, the policy and the waves, and the checks so
 * far. Task-local copies for display, gone when the task completes; the record stays the only source of truth.
 */
@Component
class ReleaseTaskDetails {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm 'UTC'",
            Locale.ENGLISH);

    private final ReleaseService releases;
    private final KnownErrorService knownErrors;
    private final TaskDisplay display;

    ReleaseTaskDetails(TaskDisplay display, ReleaseService releases, KnownErrorService knownErrors) {
        this.display = display;
        this.releases = releases;
        this.knownErrors = knownErrors;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void onCreate(DelegateTask task) {
        if (task.getProcessDefinitionId() == null
                || !task.getProcessDefinitionId().startsWith(ReleaseService.PROCESS_KEY + ":")
                || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
            return;
        }
        String releaseId = ReleaseVariables.releaseId(task);
        if (releaseId != null) {
            ReleaseView view = releases.view(releaseId);
            display.name(task, view.release().id(), view.release().title());
            display.show(task, details(view));
        }
    }

    Map<String, Object> details(ReleaseView view) {
        Release r = view.release();
        Map<String, Object> details = new HashMap<>();
        details.put("releaseTitle", r.id() + " " + r.title());
        details.put("releaseDescription", r.description() == null ? "" : r.description());
        details.put("releaseTypeLabel", r.releaseType().name().charAt(0) + r.releaseType().name().substring(1)
                .toLowerCase(Locale.ROOT) + " release, planned for "
                + SHOWN.format(r.plannedDate().atZone(ZoneOffset.UTC)));
        details.put("plannerText", r.planner());
        details.put("deliverablesText", view.deliverables().stream().map(ReleaseTaskDetails::deliverable)
                .collect(Collectors.joining("\n")));
        details.put("changesText", String.join(", ", view.changeIds()));
        details.put("knownErrorsText", view.knownErrorIds().isEmpty() ? "None" : view.knownErrorIds().stream()
                .map(id -> knownErrors.find(id).map(k -> k.id() + " " + k.title() + " – workaround: "
                        + (k.workaround() == null ? "none" : k.workaround())).orElse(id))
                .collect(Collectors.joining("\n")));
        details.put("problemsText", view.problemIds().isEmpty() ? "None" : String.join(", ", view.problemIds()));
        details.put("cisText", String.join(", ", view.ciIds()));
        details.put("policyText", r.waveCount() == null ? "" : r.waveCount() + " wave(s), canary " + r.canarySize()
                + " site(s), approvals " + r.approvals() + ", watch " + r.watchPeriod() + ", at most "
                + r.incidentThreshold() + " incident(s) after release. " + nz(r.policyReason()));
        details.put("wavesText", view.waves().stream().map(w -> "Wave " + w.waveNo() + ": " + String.join(", ",
                w.sites())).collect(Collectors.joining("\n")));
        details.put("authorisationsText", List.of(nz(r.releaseManagerNote()), nz(r.serviceOwnerNote())).stream()
                .filter(s -> !s.isEmpty()).collect(Collectors.joining("\n")));
        details.put("checksText", view.checks().isEmpty() ? "No checks yet" : view.checks().stream()
                .map(c -> (c.passed() ? "PASSED " : "FAILED ") + c.kind() + " " + c.subject() + ": " + nz(c.detail()))
                .collect(Collectors.joining("\n")));
        return details;
    }

    private static String deliverable(MediaEntry e) {
        return e.id() + " " + e.name() + " " + e.version() + " for " + e.ciId() + " – SHA-256 " + e.sha256() + " at "
                + e.location();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
