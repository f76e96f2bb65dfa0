package org.itsmflow.release;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.validation.Validator;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.change.ChangeStatus;
import org.itsmflow.change.ChangeType;
import org.itsmflow.cmdb.CiChanges;
import org.itsmflow.cmdb.CmdbBaselines;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.cmdb.MediaEntry;
import org.itsmflow.cmdb.MediaLibrary;
import org.itsmflow.improvement.ImprovementRegister;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.platform.Directory;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.Mailer;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.Role;
import org.itsmflow.problem.KnownError;
import org.itsmflow.problem.KnownErrorService;
import org.itsmflow.problem.ProblemService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Release management (ISO/IEC 20000-1 clause 10.1 with 9.1e, 9.1f, 9.2 and 8.2): plans releases with their date,
 * deliverables, RFCs, known errors and problems (R-10.1d), registers the deliverables in the definitive media library
 * (R-9.1f), applies the release policy (R-10.1a), records the authorisations (R-10.1b) and the acceptance test
 * (R-10.1g), takes a CMDB baseline before wave 1 (R-9.1e), rolls out wave by wave verifying every deliverable's
 * checksum and the health of the CIs (R-10.1h), rolls back to the baseline when a wave fails (R-10.1c), updates the
 * CMDB and the change records (R-10.1e), tells incident management (R-10.1d, R-8.2d), and measures the release by the
 * incidents after it (R-10.1i). The process {@code bpmn/ReleaseManagement.bpmn} calls it through thin delegates; the
 * REST API calls it too. "Now" is the engine clock.
 */
@Service
public class ReleaseService {

    public static final String PROCESS_KEY = "ReleaseManagement";
    /** Changes a release may contain: approved and not yet closed or failed (R-9.2d). */
    static final Set<ChangeStatus> RELEASABLE = EnumSet.of(ChangeStatus.APPROVED, ChangeStatus.SCHEDULED,
            ChangeStatus.IMPLEMENTING, ChangeStatus.IMPLEMENTED);
    static final String BOTH_APPROVALS = "RELEASE_MANAGER_AND_SERVICE_OWNER";
    static final String MANAGER_ONLY = "RELEASE_MANAGER";
    static final Set<ReleaseStatus> FINAL = EnumSet.of(ReleaseStatus.SUCCESSFUL, ReleaseStatus.FAILED,
            ReleaseStatus.ROLLED_BACK, ReleaseStatus.TEST_FAILED, ReleaseStatus.REJECTED);

    private final ReleaseStore store;
    private final MediaLibrary library;
    private final CmdbBaselines baselines;
    private final CmdbService cmdb;
    private final ChangeService changes;
    private final KnownErrorService knownErrors;
    private final ProblemService problems;
    private final IncidentService incidents;
    private final ImprovementRegister improvements;
    private final ReleaseMedia media;
    private final HealthProbe health;
    private final RuntimeService runtime;
    private final Directory directory;
    private final Mailer mailer;
    private final EngineUser engineUser;
    private final Validator validator;

    ReleaseService(ReleaseStore store, MediaLibrary library, CmdbBaselines baselines, CmdbService cmdb,
            ChangeService changes, KnownErrorService knownErrors, ProblemService problems, IncidentService incidents,
            ImprovementRegister improvements, ReleaseMedia media, HealthProbe health, RuntimeService runtime,
            Directory directory, Mailer mailer, EngineUser engineUser, Validator validator) {
        this.store = store;
        this.library = library;
        this.baselines = baselines;
        this.cmdb = cmdb;
        this.changes = changes;
        this.knownErrors = knownErrors;
        this.problems = problems;
        this.incidents = incidents;
        this.improvements = improvements;
        this.media = media;
        this.health = health;
        this.runtime = runtime;
        this.directory = directory;
        this.mailer = mailer;
        this.engineUser = engineUser;
        this.validator = validator;
    }

    // --- planning (R-10.1d, R-9.1f, R-10.1f) -------------------------------------------------------------------

    /**
     * Records a release plan and starts its process in one transaction. The process runs synchronously through the
     * release policy up to the release manager's authorisation, so the returned record carries its policy.
     */
    @Transactional
    public Release plan(NewRelease plan, String planner) {
        String id = record(plan, planner, "Release planned");
        Map<String, Object> variables = new LinkedHashMap<>(ReleaseVariables.start(require(id)));
        ProcessInstance instance = runtime.startProcessInstanceByKey(PROCESS_KEY, id, variables);
        store.setProcessInstance(id, instance.getId());
        return require(id);
    }

    /** Records a release whose process was started from Tasklist's start form. */
    @Transactional
    public Release recordFromStartForm(NewRelease plan, String planner, String processInstanceId) {
        validator.validate(plan).stream().findFirst().ifPresent(violation -> {
            throw new InvalidFieldException(violation.getPropertyPath().toString(), violation.getMessage());
        });
        String id = record(plan, planner, "Release planned in Tasklist");
        store.setProcessInstance(id, processInstanceId);
        return require(id);
    }

    private String record(NewRelease plan, String planner, String how) {
        if (planner == null || !directory.userExists(planner)) {
            throw new InvalidFieldException("planner", "is not a known user");
        }
        validate(plan);
        String id = store.nextId();
        Instant now = now();
        store.insert(id, plan, planner, now);
        int position = 0;
        for (NewRelease.Deliverable d : plan.deliverables()) {
            MediaEntry entry = library.register("deliverables[" + position + "]", d.name(), d.version(), d.sha256(),
                    d.location(), d.ciId(), id, planner);
            store.insertItem(id, ReleaseStore.DELIVERABLE, entry.id(), position++);
        }
        insertAll(id, ReleaseStore.CHANGE, plan.changes());
        insertAll(id, ReleaseStore.KNOWN_ERROR, plan.knownErrors());
        insertAll(id, ReleaseStore.PROBLEM, plan.problems());
        insertAll(id, ReleaseStore.CI, plan.cis());
        store.journal(id, planner, ReleaseStatus.PLANNED.name(), how + " by " + planner + " for "
                + plan.plannedDate() + ": " + plan.deliverables().size() + " deliverable(s), RFCs "
                + String.join(", ", plan.changes()), now);
        for (String changeId : plan.changes()) {
            changes.journal(changeId, "RELEASE", "IN_RELEASE", "Planned in release " + id + " (" + plan.title() + ")");
        }
        return id;
    }

    private void insertAll(String id, String kind, List<String> refs) {
        int position = 0;
        for (String ref : refs) {
            store.insertItem(id, kind, ref, position++);
        }
    }

    private void validate(NewRelease plan) {
        boolean emergencyChange = false;
        for (String changeId : plan.changes()) {
            Change change;
            try {
                change = changes.require(changeId);
            } catch (NotFoundException e) {
                throw new NotFoundException("Change", changeId, "changeIds");
            }
            if (!RELEASABLE.contains(change.status())) {
                throw new InvalidFieldException("changeIds", changeId + " is " + change.status()
                        + "; a release may only contain approved changes (APPROVED, SCHEDULED, IMPLEMENTING, IMPLEMENTED)");
            }
            emergencyChange |= change.changeType() == ChangeType.EMERGENCY;
        }
        if (plan.releaseType() == ReleaseType.EMERGENCY && !emergencyChange) {
            throw new InvalidFieldException("changeIds", "an emergency release must contain an approved EMERGENCY change (R-10.1f)");
        }
        for (String keId : plan.knownErrors()) {
            if (knownErrors.find(keId).isEmpty()) {
                throw new NotFoundException("Known error", keId, "knownErrorIds");
            }
        }
        for (String problemId : plan.problems()) {
            try {
                problems.require(problemId);
            } catch (NotFoundException e) {
                throw new NotFoundException("Problem", problemId, "problemIds");
            }
        }
        for (String ciId : plan.cis()) {
            cmdb.require(ciId, "targetCiIds");
        }
        int i = 0;
        for (NewRelease.Deliverable d : plan.deliverables()) {
            cmdb.require(d.ciId(), "deliverables[" + i++ + "].ciId");
        }
    }

    // --- reading ---------------------------------------------------------------------------------------------

    public Release require(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Release", id));
    }

    @Transactional(readOnly = true)
    public ReleaseView view(String id) {
        Release release = require(id);
        return new ReleaseView(release, library.entries(store.items(id, ReleaseStore.DELIVERABLE)),
                store.items(id, ReleaseStore.CHANGE), store.items(id, ReleaseStore.KNOWN_ERROR),
                store.items(id, ReleaseStore.PROBLEM), store.items(id, ReleaseStore.CI), store.waves(id),
                store.checks(id), release.baselineId() == null ? null : baselines.require(release.baselineId()),
                store.restores(id), store.journal(id));
    }

    List<String> ciIds(String id) {
        return store.items(id, ReleaseStore.CI);
    }

    // --- policy (R-10.1a) ------------------------------------------------------------------------------------

    /** The rollout the ReleasePolicy decision chose, as the process needs it. */
    record Rollout(List<Integer> waves, boolean needsServiceOwner, String watchPeriod) {
    }

    /**
     * Records the ReleasePolicy outputs and plans the waves over the sites: wave 1 is the canary ({@code canarySize}
     * sites), the other sites are spread evenly over the remaining waves in the order given; never more waves than
     * sites, and a canary size of 0 spreads every site evenly.
     */
    @Transactional
    public Rollout applyPolicy(String id, int waveCount, int canarySize, String approvals, String watchPeriod,
            int incidentThreshold, String reason) {
        Release release = require(id);
        try {
            Duration.parse(watchPeriod);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalStateException("ReleasePolicy gave no ISO-8601 watch period: " + watchPeriod);
        }
        Instant now = now();
        store.setPolicy(id, waveCount, canarySize, approvals, watchPeriod, incidentThreshold, reason, now);
        List<List<String>> waves = waves(release.sites(), waveCount, canarySize);
        store.deleteWaves(id);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            store.insertWave(id, i + 1, waves.get(i));
            numbers.add(i + 1);
        }
        store.journal(id, EngineUser.SYSTEM, "POLICY", "Release policy for a " + release.releaseType() + " release: "
                + waves.size() + " wave(s) " + waves.stream().map(w -> String.join("+", w)).toList() + ", approvals "
                + approvals + ", watch " + watchPeriod + ", at most " + incidentThreshold + " incident(s). " + reason,
                now);
        return new Rollout(numbers, BOTH_APPROVALS.equals(approvals), watchPeriod);
    }

    static List<List<String>> waves(List<String> sites, int waveCount, int canarySize) {
        List<List<String>> waves = new ArrayList<>();
        int count = Math.max(1, Math.min(waveCount, sites.size()));
        int next = 0;
        if (count > 1 && canarySize > 0) {
            int canary = Math.min(canarySize, sites.size() - (count - 1));
            waves.add(new ArrayList<>(sites.subList(0, canary)));
            next = canary;
            count--;
        }
        int remaining = sites.size() - next;
        for (int w = 0; w < count; w++) {
            int size = remaining / count + (w < remaining % count ? 1 : 0);
            waves.add(new ArrayList<>(sites.subList(next, next + size)));
            next += size;
        }
        return waves;
    }

    /** Whether the release's policy asks the service owner to authorise too (R-10.1b). */
    @Transactional(readOnly = true)
    public boolean needsServiceOwner(String id) {
        return BOTH_APPROVALS.equals(require(id).approvals());
    }

    /** The numbers of the release's planned waves, in order. */
    @Transactional(readOnly = true)
    public List<Integer> waveNumbers(String id) {
        return store.waves(id).stream().map(ReleaseView.Wave::waveNo).toList();
    }

    // --- authorisation (R-10.1b) -----------------------------------------------------------------------------

    /**
     * Records one authorisation: by a release manager ({@code asServiceOwner=false}) or a service owner. The planner
     * never authorises their own release (four-eyes, enforced on the tasks too).
     */
    @Transactional
    public boolean authorise(String id, boolean asServiceOwner, String actor, String decision, String note) {
        Release release = require(id);
        if (decision == null || !List.of("APPROVE", "REJECT").contains(decision)) {
            throw new InvalidFieldException("decision", "must be APPROVE or REJECT");
        }
        if (release.planner().equals(actor)) {
            throw new InvalidFieldException("decision", actor + " planned " + id
                    + " and may not authorise their own release (four-eyes rule)");
        }
        boolean approved = "APPROVE".equals(decision);
        if (!approved && (note == null || note.isBlank())) {
            throw new InvalidFieldException("authorisationNote", "say why the release is not authorised");
        }
        Instant now = now();
        String who = asServiceOwner ? "service owner" : "release manager";
        String text = decision + " by " + who + " " + actor + (note == null || note.isBlank() ? "" : ": " + note);
        if (asServiceOwner) {
            store.setServiceOwner(id, actor, text, now);
        } else {
            store.setReleaseManager(id, actor, text, now);
        }
        store.journal(id, actor, asServiceOwner ? "SERVICE_OWNER_" + decision : "RELEASE_MANAGER_" + decision,
                "Authorisation: " + text, now);
        return approved;
    }

    /** All required authorisations are given. */
    @Transactional
    public void authorised(String id) {
        Instant now = now();
        store.setStatus(id, ReleaseStatus.AUTHORISED, now);
        store.journal(id, EngineUser.SYSTEM, ReleaseStatus.AUTHORISED.name(), "Release authorised", now);
    }

    @Transactional
    public void rejected(String id) {
        Instant now = now();
        store.setOutcome(id, ReleaseStatus.REJECTED, "REJECTED", now);
        store.journal(id, EngineUser.SYSTEM, ReleaseStatus.REJECTED.name(), "Release not authorised; it ends here", now);
    }

    // --- acceptance test (R-10.1g) ---------------------------------------------------------------------------

    /**
     * The automated acceptance checks in the test environment, before any distribution: every master copy in the
     * definitive media library matches its checksum, every RFC is still approved and every target CI exists. Each
     * check is recorded; returns whether all passed.
     */
    @Transactional
    public boolean runAcceptanceChecks(String id) {
        require(id);
        Instant now = now();
        store.setStatus(id, ReleaseStatus.IN_TEST, now);
        boolean all = true;
        for (MediaEntry entry : library.entries(store.items(id, ReleaseStore.DELIVERABLE))) {
            ReleaseMedia.Copy copy = media.master(entry.location());
            boolean ok = entry.sha256().equals(copy.sha256());
            all &= ok;
            store.check(id, null, "ACCEPTANCE", entry.id() + " " + entry.name() + " " + entry.version(), ok,
                    !copy.found() ? "master copy missing at " + copy.where()
                            : ok ? "master copy " + copy.where() + " matches SHA-256 " + entry.sha256()
                                    : "master copy " + copy.where() + " has SHA-256 " + copy.sha256() + ", library says "
                                            + entry.sha256(), now);
        }
        for (String changeId : store.items(id, ReleaseStore.CHANGE)) {
            Change change = changes.require(changeId);
            boolean ok = RELEASABLE.contains(change.status());
            all &= ok;
            store.check(id, null, "ACCEPTANCE", changeId, ok, "change is " + change.status(), now);
        }
        for (String ciId : store.items(id, ReleaseStore.CI)) {
            boolean ok = cmdb.find(ciId).isPresent();
            all &= ok;
            store.check(id, null, "ACCEPTANCE", ciId, ok, ok ? "CI recorded in the CMDB" : "CI missing from the CMDB",
                    now);
        }
        store.journal(id, EngineUser.SYSTEM, all ? "ACCEPTANCE_CHECKS_PASSED" : "ACCEPTANCE_CHECKS_FAILED",
                "Automated acceptance checks " + (all ? "passed" : "failed"), now);
        return all;
    }

    /** The tester's verdict (PASS | FAIL) from the controlled test environment (R-10.1g). */
    @Transactional
    public boolean recordAcceptanceTest(String id, String tester, String result, String note) {
        require(id);
        if (result == null || !List.of("PASS", "FAIL").contains(result)) {
            throw new InvalidFieldException("acceptanceResult", "must be PASS or FAIL");
        }
        if ("FAIL".equals(result) && (note == null || note.isBlank())) {
            throw new InvalidFieldException("acceptanceNote", "say what failed");
        }
        Instant now = now();
        store.setAcceptance(id, result, tester, note, now);
        store.check(id, null, "ACCEPTANCE", "acceptance test by " + tester, "PASS".equals(result), note, now);
        store.journal(id, tester, "ACCEPTANCE_TEST_" + result, "Acceptance test " + result
                + (note == null ? "" : ": " + note), now);
        return "PASS".equals(result);
    }

    /** The release failed its acceptance test and is not distributed. */
    @Transactional
    public void acceptanceFailed(String id) {
        Instant now = now();
        store.setOutcome(id, ReleaseStatus.TEST_FAILED, "TEST_FAILED", now);
        store.journal(id, EngineUser.SYSTEM, ReleaseStatus.TEST_FAILED.name(),
                "Release failed acceptance testing; nothing was distributed", now);
    }

    // --- rollout (R-9.1e, R-10.1h, R-10.1c) ------------------------------------------------------------------

    /** Baseline of every CI the release touches, before wave 1 (R-9.1e). */
    @Transactional
    public String takeBaseline(String id) {
        Release release = require(id);
        if (release.baselineId() != null) {
            return release.baselineId();
        }
        Set<String> cis = new LinkedHashSet<>(store.items(id, ReleaseStore.CI));
        library.entries(store.items(id, ReleaseStore.DELIVERABLE)).forEach(e -> cis.add(e.ciId()));
        CmdbBaselines.Baseline baseline = baselines.take(cis, engineUser.actor(),
                "Before release " + id + ": " + release.title(), id);
        Instant now = now();
        store.setBaseline(id, baseline.id(), now);
        store.journal(id, EngineUser.SYSTEM, "BASELINE", "CMDB baseline " + baseline.id() + " taken of "
                + baseline.items().stream().map(i -> i.ciId() + " v" + i.ciVersion()).collect(Collectors.joining(", ")),
                now);
        return baseline.id();
    }

    /**
     * Verifies the SHA-256 of every deliverable as found at each site of the wave against the definitive media
     * library (R-10.1h). Returns null when all match, else what did not.
     */
    @Transactional
    public String verifyWave(String id, int waveNo) {
        ReleaseView.Wave wave = wave(id, waveNo);
        Instant now = now();
        store.setWave(id, waveNo, "VERIFYING", null, now, false);
        List<String> mismatches = new ArrayList<>();
        for (String site : wave.sites()) {
            for (MediaEntry entry : library.entries(store.items(id, ReleaseStore.DELIVERABLE))) {
                ReleaseMedia.Copy copy = media.atSite(site, entry.location());
                boolean ok = entry.sha256().equals(copy.sha256());
                String detail = !copy.found() ? "no copy at " + copy.where()
                        : ok ? copy.where() + " matches " + entry.sha256()
                                : copy.where() + " has SHA-256 " + copy.sha256() + ", the library says " + entry.sha256();
                store.check(id, waveNo, "CHECKSUM", entry.id() + " " + entry.name() + " at " + site, ok, detail, now);
                if (!ok) {
                    mismatches.add(entry.name() + " at " + site + ": " + detail);
                }
            }
        }
        if (mismatches.isEmpty()) {
            store.setWave(id, waveNo, "VERIFIED", null, now, false);
            return null;
        }
        String note = "Checksum mismatch: " + String.join("; ", mismatches);
        store.setWave(id, waveNo, "FAILED", note, now, true);
        store.journal(id, EngineUser.SYSTEM, "WAVE_FAILED", "Wave " + waveNo + " not installed. " + note, now);
        return note;
    }

    /**
     * Installs a verified wave (the installation itself is a hook; the CMDB records it): every CI of the release gets
     * a new version saying which release and wave it now carries, naming the release in its history.
     */
    @Transactional
    public void installWave(String id, int waveNo) {
        Release release = require(id);
        ReleaseView.Wave wave = wave(id, waveNo);
        List<String> installedSites = store.waves(id).stream().filter(w -> w.waveNo() <= waveNo)
                .flatMap(w -> w.sites().stream()).toList();
        String actor = engineUser.actor();
        for (String ciId : store.items(id, ReleaseStore.CI)) {
            ConfigurationItem ci = cmdb.require(ciId, null);
            Map<String, Object> attributes = new LinkedHashMap<>(ci.attributes() == null ? Map.of() : ci.attributes());
            attributes.put("release", id);
            attributes.put("releaseStatus", "wave " + waveNo + " of " + store.waves(id).size() + " installed");
            attributes.put("releaseSites", String.join(",", installedSites));
            cmdb.update(ciId, CiChanges.against(ci.version()).withAttributes(attributes), actor,
                    "Release " + id + " (" + release.title() + ") wave " + waveNo + " installed at "
                            + String.join(", ", wave.sites()), id);
        }
        Instant now = now();
        store.setWave(id, waveNo, "INSTALLED", null, now, false);
        store.journal(id, EngineUser.SYSTEM, "WAVE_INSTALLED", "Wave " + waveNo + " installed at "
                + String.join(", ", wave.sites()), now);
    }

    /** The health check after installing a wave (R-10.1h); returns null when healthy, else why not. */
    @Transactional
    public String checkWaveHealth(String id, int waveNo) {
        ReleaseView.Wave wave = wave(id, waveNo);
        HealthProbe.Result result = health.check(id, waveNo, wave.sites(), store.items(id, ReleaseStore.CI));
        Instant now = now();
        store.check(id, waveNo, "HEALTH", "wave " + waveNo + " at " + String.join(", ", wave.sites()),
                result.healthy(), result.detail(), now);
        if (result.healthy()) {
            store.setWave(id, waveNo, "DONE", result.detail(), now, true);
            store.journal(id, EngineUser.SYSTEM, "WAVE_DONE", "Wave " + waveNo + " healthy", now);
            return null;
        }
        String note = "Health check failed: " + result.detail();
        store.setWave(id, waveNo, "FAILED", note, now, true);
        store.journal(id, EngineUser.SYSTEM, "WAVE_FAILED", "Wave " + waveNo + ": " + note, now);
        return note;
    }

    /** A release manager's request to roll back a deployed release during its watch period (R-10.1c). */
    public record RollbackRequest(String requestedBy, String reason) {
    }

    /**
     * Rolls the release back (R-10.1c), after a failed wave or because a release manager asked for it during the
     * watch period ({@code request}; the cause recorded names them and their reason): restores every CI of the
     * baseline that moved on, records what was restored, marks the installed waves rolled back.
     */
    @Transactional
    public List<CmdbBaselines.Restored> rollBack(String id, RollbackRequest request) {
        Release release = require(id);
        List<ReleaseView.Wave> waves = store.waves(id);
        String reason = waves.stream().filter(w -> "FAILED".equals(w.status())).map(w -> "wave " + w.waveNo() + ": "
                + w.note()).collect(Collectors.joining("; "));
        Instant now = now();
        if (request != null) {
            reason = "requested by " + request.requestedBy() + " during the watch period: "
                    + (request.reason() == null || request.reason().isBlank() ? "no reason given"
                            : request.reason().strip());
            store.journal(id, request.requestedBy(), "ROLLBACK_REQUESTED", reason, now);
        }
        List<CmdbBaselines.Restored> restored = release.baselineId() == null ? List.of()
                : baselines.restore(release.baselineId(), null, engineUser.actor(), "Release " + id + " rolled back",
                        id);
        for (CmdbBaselines.Restored r : restored) {
            store.restore(id, r.ciId(), r.fromVersion(), r.baselineVersion(), r.restoredVersion(), now);
        }
        List<Integer> undone = new ArrayList<>();
        for (ReleaseView.Wave wave : waves) {
            if (List.of("INSTALLED", "DONE").contains(wave.status())
                    || ("FAILED".equals(wave.status()) && wave.note() != null && wave.note().startsWith("Health"))) {
                store.setWave(id, wave.waveNo(), "ROLLED_BACK", null, now, true);
                undone.add(wave.waveNo());
            }
        }
        store.setRolledBack(id, reason, now);
        String what = restored.stream().filter(CmdbBaselines.Restored::changed)
                .map(r -> r.ciId() + " v" + r.fromVersion() + " → v" + r.restoredVersion() + " (= baseline v"
                        + r.baselineVersion() + ")").collect(Collectors.joining(", "));
        store.journal(id, EngineUser.SYSTEM, ReleaseStatus.ROLLED_BACK.name(), "Rolled back waves " + undone
                + " to baseline " + release.baselineId() + ": " + (what.isEmpty() ? "no CI had changed" : what)
                + ". Cause: " + reason, now);
        for (String changeId : store.items(id, ReleaseStore.CHANGE)) {
            changes.journal(changeId, "RELEASE", "RELEASE_ROLLED_BACK", "Release " + id + " was rolled back: " + reason);
        }
        return restored;
    }

    /** Tells the release managers that the release was rolled back (mail, journalled). */
    @Transactional
    public void notifyRollback(String id) {
        Release release = require(id);
        List<String> to = mailer.addressesOf(List.of(release.planner()), List.of(Role.RELEASE_MANAGERS.groupId()));
        Mailer.Queued mail = mailer.queue(id, "NOTIFIED", to, "[" + id + "] Release rolled back: " + release.title(),
                "Release " + id + " (" + release.title() + ") was rolled back to CMDB baseline " + release.baselineId()
                        + ".\nCause: " + release.rollbackReason() + "\n");
        store.journal(id, EngineUser.SYSTEM, "NOTIFIED", (mail.queued() ? "Rollback mail " + mail.mailId()
                + " queued to " + to : "Rollback not mailed (" + mail.notQueuedBecause() + ")"), now());
    }

    // --- after the rollout (R-10.1e, R-10.1d, R-8.2d) --------------------------------------------------------

    /**
     * The rollout succeeded: each CI of the release gets a new version naming the release and its changes (and the
     * version of each deliverable it references), in history naming the release (R-10.1e, R-9.1b, R-9.1d).
     */
    @Transactional
    public void updateCmdb(String id) {
        Release release = require(id);
        List<String> changeIds = store.items(id, ReleaseStore.CHANGE);
        List<MediaEntry> deliverables = library.entries(store.items(id, ReleaseStore.DELIVERABLE));
        String actor = engineUser.actor();
        for (String ciId : store.items(id, ReleaseStore.CI)) {
            ConfigurationItem ci = cmdb.require(ciId, null);
            Map<String, Object> attributes = new LinkedHashMap<>(ci.attributes() == null ? Map.of() : ci.attributes());
            attributes.remove("releaseStatus");
            attributes.remove("releaseSites");
            attributes.put("release", id);
            attributes.put("releaseChanges", String.join(",", changeIds));
            List<MediaEntry> own = deliverables.stream().filter(d -> d.ciId().equals(ciId)).toList();
            if (!own.isEmpty()) {
                attributes.put("version", own.get(0).version());
                attributes.put("media", own.stream().map(MediaEntry::id).collect(Collectors.joining(",")));
            }
            cmdb.update(ciId, CiChanges.against(ci.version()).withAttributes(attributes), actor,
                    "Release " + id + " (" + release.title() + ") deployed to " + String.join(", ", release.sites())
                            + " implementing " + String.join(", ", changeIds), id);
        }
        store.journal(id, actor, "CMDB_UPDATED", "CMDB updated: " + String.join(", ", store.items(id, ReleaseStore.CI))
                + " now carry release " + id, now());
    }

    /** Each change of the release is told it was implemented by this release (R-10.1e, R-9.2d). */
    @Transactional
    public void updateChangeRecords(String id) {
        Release release = require(id);
        for (String changeId : store.items(id, ReleaseStore.CHANGE)) {
            changes.journal(changeId, "RELEASE", "IMPLEMENTED_BY_RELEASE", "Implemented by release " + id + " ("
                    + release.title() + "), deployed to " + String.join(", ", release.sites()));
        }
        Instant now = now();
        Instant watchEnds = now.plus(Duration.parse(release.watchPeriod()));
        store.setDeployed(id, now, watchEnds);
        store.journal(id, EngineUser.SYSTEM, ReleaseStatus.DEPLOYED.name(), "Deployed; change records "
                + String.join(", ", store.items(id, ReleaseStore.CHANGE)) + " updated; post-release watch until "
                + watchEnds, now);
    }

    /**
     * Incident management is told about the release (R-10.1d, R-8.2d): the service desk gets the release, its CIs and
     * the known errors it ships with, with their workarounds, by mail; the journal records it. The known errors stay
     * in the known-error database, where incident triage finds them by CI and service.
     */
    @Transactional
    public void informIncidentManagement(String id) {
        Release release = require(id);
        List<KnownError> known = store.items(id, ReleaseStore.KNOWN_ERROR).stream()
                .map(knownErrors::require).toList();
        StringBuilder body = new StringBuilder("Release " + id + " (" + release.title() + ", " + release.releaseType()
                + ") is deployed to " + String.join(", ", release.sites()) + ".\nCIs: "
                + String.join(", ", store.items(id, ReleaseStore.CI)) + "\nChanges: "
                + String.join(", ", store.items(id, ReleaseStore.CHANGE)) + "\n");
        if (known.isEmpty()) {
            body.append("It ships with no known errors.\n");
        } else {
            body.append("Known errors it ships with:\n");
            known.forEach(k -> body.append("- ").append(k.id()).append(" ").append(k.title()).append(" (CI ")
                    .append(k.ciId() == null ? "–" : k.ciId()).append("): workaround: ")
                    .append(k.workaround() == null ? "none" : k.workaround()).append('\n'));
        }
        List<String> to = mailer.addressesOf(List.of(), List.of(Role.SERVICE_DESK.groupId()));
        Mailer.Queued mail = mailer.queue(id, "INCIDENT_MANAGEMENT_INFORMED", to,
                "[" + id + "] Release deployed: " + release.title(), body.toString());
        store.journal(id, EngineUser.SYSTEM, "INCIDENT_MANAGEMENT_INFORMED", "Incident management informed"
                + (mail.queued() ? " by mail " + mail.mailId() + " queued to " + to
                        : " (not mailed: " + mail.notQueuedBecause() + ")") + "; known errors: "
                + (known.isEmpty() ? "none" : known.stream().map(KnownError::id).collect(Collectors.joining(", "))),
                now());
    }

    // --- post-release watch (R-10.1i) ------------------------------------------------------------------------

    /**
     * At the end of the watch period: counts the incidents recorded on the release's CIs since deployment; at most
     * the policy's threshold is a successful release, more a failed one. Returns whether it was successful.
     */
    @Transactional
    public boolean measure(String id) {
        Release release = require(id);
        Instant now = now();
        Instant from = release.deployedAt() == null ? release.createdAt() : release.deployedAt();
        Instant to = release.watchEndsAt() == null || release.watchEndsAt().isAfter(now) ? now : release.watchEndsAt();
        List<Incident> found = incidents.reportedOn(store.items(id, ReleaseStore.CI), from, to.plusMillis(1));
        int threshold = release.incidentThreshold() == null ? 0 : release.incidentThreshold();
        boolean successful = found.size() <= threshold;
        store.setMeasured(id, found.size(), successful, now);
        store.journal(id, EngineUser.SYSTEM, successful ? "MEASURED_SUCCESSFUL" : "MEASURED_FAILED",
                found.size() + " incident(s) on the release's CIs in the watch period " + from + " – " + to
                        + " (at most " + threshold + " allowed)" + (found.isEmpty() ? ""
                        : ": " + found.stream().map(i -> i.id() + " " + i.priority()).collect(Collectors.joining(", "))),
                now);
        return successful;
    }

    /** A failed release goes to the service improvement plan (R-10.1i → SIP). */
    @Transactional
    public String proposeImprovement(String id) {
        Release release = require(id);
        if (release.improvementId() != null) {
            return release.improvementId();
        }
        String sip = improvements.add("RELEASE", id, "Release " + id + " failed: " + release.incidentCount()
                + " incidents after release", "Release " + release.title() + " (" + release.releaseType()
                + ") had " + release.incidentCount() + " incident(s) on its CIs in its " + release.watchPeriod()
                + " watch period; the policy allows " + release.incidentThreshold() + ".", "HIGH").id();
        store.setImprovement(id, sip);
        store.journal(id, EngineUser.SYSTEM, "IMPROVEMENT_PROPOSED", "Improvement " + sip + " proposed", now());
        return sip;
    }

    // --- reporting -------------------------------------------------------------------------------------------

    /**
     * Releases planned in [from, to) by type and outcome, with the incidents counted in their watch periods
     * (R-10.1i); the service report reads it.
     */
    @Transactional(readOnly = true)
    public ReleaseSummary summary(Instant from, Instant to) {
        if (from == null || to == null || !to.isAfter(from)) {
            throw new InvalidFieldException("to", "from and to are required and to must be after from");
        }
        List<Release> releases = store.createdIn(from, to);
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> byOutcome = new TreeMap<>();
        int running = 0;
        int incidentsAfter = 0;
        int measured = 0;
        for (Release r : releases) {
            byType.merge(r.releaseType().name(), 1, Integer::sum);
            if (r.outcome() == null) {
                running++;
            } else {
                byOutcome.merge(r.outcome(), 1, Integer::sum);
            }
            if (r.incidentCount() != null) {
                incidentsAfter += r.incidentCount();
                measured++;
            }
        }
        return new ReleaseSummary(from, to, releases.size(), byType, byOutcome, running, incidentsAfter, measured);
    }

    /** Every release planned in [from, to), oldest first: the conformance checks read it. */
    @Transactional(readOnly = true)
    public List<ReleaseView> releasesIn(Instant from, Instant to) {
        return store.createdIn(from, to).stream().map(r -> view(r.id())).toList();
    }

    /**
     * Known errors shipped by deployed releases that installed on this CI, newest release first (R-10.1d, R-8.2d):
     * incident triage can show them next to the known errors recorded on the CI itself.
     */
    @Transactional(readOnly = true)
    public List<KnownError> knownErrorsShippedOn(String ciId) {
        return store.releasesOnCi(ciId).stream()
                .filter(r -> r.deployedAt() != null && r.status() != ReleaseStatus.ROLLED_BACK)
                .flatMap(r -> store.items(r.id(), ReleaseStore.KNOWN_ERROR).stream())
                .distinct().map(knownErrors::find).flatMap(java.util.Optional::stream).toList();
    }

    /** Journals something about the release. */
    @Transactional
    public void journal(String id, String code, String text) {
        store.journal(id, engineUser.actor(), code, text, now());
    }

    private ReleaseView.Wave wave(String id, int waveNo) {
        return store.waves(id).stream().filter(w -> w.waveNo() == waveNo).findFirst()
                .orElseThrow(() -> new IllegalStateException("Release " + id + " has no wave " + waveNo));
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
