package org.itsmflow.conformance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Component;

/**
 * Evidence from the engine history for conformance checks (R-3.2: every process instance's history is the record),
 * read as the system so the report's reader needs no engine read rights on every instance.
 */
@Component
public class ProcessTrace {

    /** Engine queries take at most this many ids at a time. */
    static final int CHUNK = 500;

    private final HistoryService history;
    private final EngineUser engineUser;

    ProcessTrace(HistoryService history, EngineUser engineUser) {
        this.history = history;
        this.engineUser = engineUser;
    }

    /** An instance of a process started in the period: its id and business key (null when it has none). */
    public record Started(String instanceId, String businessKey) {
    }

    /** Every instance of the process (any version) started in the period. */
    public List<Started> started(String processKey, ReportPeriod period) {
        return engineUser.asSystem(() -> history.createHistoricProcessInstanceQuery().processDefinitionKey(processKey)
                .startedAfter(Date.from(period.from().minusMillis(1))).startedBefore(Date.from(period.to()))
                .list().stream()
                // startedAfter/startedBefore are strict; the period is half-open [from, to)
                .filter(pi -> period.contains(pi.getStartTime().toInstant()))
                .map(pi -> new Started(pi.getId(), pi.getBusinessKey())).toList());
    }

    /**
     * Compares the records created in the period with the instances of their process started in the period, both
     * ways: each instance must carry a record's id as business key, each record must name an existing instance.
     *
     * @param records        record id → process instance id of the records created in the period
     * @param recordsExisting which of the given record ids exist (any time), for instances whose record is older
     * @return the shortfalls, worded for the report
     */
    public List<String> recordsVersusInstances(String processKey, ReportPeriod period, Map<String, String> records,
            Function<List<String>, Set<String>> recordsExisting, String recordNoun) {
        List<String> shortfalls = new ArrayList<>();
        List<Started> instances = started(processKey, period);
        List<String> others = instances.stream().map(Started::businessKey)
                .filter(k -> k != null && !records.containsKey(k)).distinct().toList();
        Set<String> older = others.isEmpty() ? Set.of() : recordsExisting.apply(others);
        for (Started pi : instances) {
            if (pi.businessKey() == null || !(records.containsKey(pi.businessKey()) || older.contains(pi.businessKey()))) {
                shortfalls.add("process instance " + pi.instanceId() + " without " + recordNoun);
            }
        }
        Set<String> live = existing(records.values());
        records.forEach((id, pid) -> {
            if (pid == null || !live.contains(pid)) {
                shortfalls.add(id + " without a process instance");
            }
        });
        return shortfalls;
    }

    /** Which of these process instance ids exist in the engine history. */
    public Set<String> existing(Collection<String> instanceIds) {
        Set<String> found = new HashSet<>();
        List<String> ids = instanceIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            Set<String> chunk = new HashSet<>(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            engineUser.asSystem(() -> history.createHistoricProcessInstanceQuery().processInstanceIds(chunk).list())
                    .stream().map(HistoricProcessInstance::getId).forEach(found::add);
        }
        return found;
    }

    /** Which of these process instances have completed an activity with this id (a review task, for instance). */
    public Set<String> completedActivity(Collection<String> instanceIds, String activityId) {
        Set<String> done = new HashSet<>();
        List<String> ids = new ArrayList<>(new HashSet<>(instanceIds));
        ids.removeIf(id -> id == null);
        for (String id : ids) {
            long n = engineUser.asSystem(() -> history.createHistoricActivityInstanceQuery().processInstanceId(id)
                    .activityId(activityId).finished().count());
            if (n > 0) {
                done.add(id);
            }
        }
        return done;
    }
}
