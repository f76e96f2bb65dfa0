package org.itsmflow.conformance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.itsmflow.conformance.Evidence.Verdict;
import org.itsmflow.conformance.ConformanceReport.Finding;
import org.itsmflow.conformance.ConformanceReport.Row;
import org.itsmflow.conformance.ConformanceReport.Status;
import org.itsmflow.conformance.ConformanceReport.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Builds the conformance report (R-3.2, and the evidence for every requirement id it lists): joins the requirement
 * catalogue with the ids named in the deployed models' documentation ({@link ModelCarriers}) and with every
 * {@link ConformanceCheck} bean of any feature, runs each check over the period, and classifies each requirement as
 * evidenced (with its verdict), carried without evidence, or not carried. A check that fails is reported as NOT_MET
 * with its error, never hidden and never a 500.
 */
@Service
public class ConformanceReporter {

    private static final Logger log = LoggerFactory.getLogger(ConformanceReporter.class);

    private final RequirementCatalogue catalogue;
    private final ModelCarriers models;
    private final ObjectProvider<ConformanceCheck> checks;

    ConformanceReporter(RequirementCatalogue catalogue, ModelCarriers models, ObjectProvider<ConformanceCheck> checks) {
        this.catalogue = catalogue;
        this.models = models;
        this.checks = checks;
    }

    public ConformanceReport report(ReportPeriod period) {
        Map<String, List<Carrier>> modelCarriers = models.carriers();
        Map<String, List<ConformanceCheck>> checksById = new LinkedHashMap<>();
        checks.orderedStream().sorted(Comparator.comparing(ConformanceCheck::carrier))
                .forEach(check -> checksById.computeIfAbsent(check.requirementId(), id -> new ArrayList<>()).add(check));

        List<Row> rows = new ArrayList<>();
        int met = 0;
        int notMet = 0;
        int noActivity = 0;
        int carriedNoEvidence = 0;
        int notCarried = 0;
        for (Requirement requirement : catalogue.all()) {
            List<Carrier> carriers = new ArrayList<>(modelCarriers.getOrDefault(requirement.id(), List.of()));
            List<Finding> findings = new ArrayList<>();
            for (ConformanceCheck check : checksById.getOrDefault(requirement.id(), List.of())) {
                carriers.add(new Carrier(Carrier.Kind.CODE, check.carrier(), null));
                findings.add(new Finding(check.carrier(), evaluate(check, period)));
            }
            Status status;
            Verdict verdict = null;
            if (!findings.isEmpty()) {
                status = Status.EVIDENCED;
                verdict = worst(findings);
                switch (verdict) {
                    case MET -> met++;
                    case NOT_MET -> notMet++;
                    case NO_ACTIVITY -> noActivity++;
                }
            } else if (!carriers.isEmpty()) {
                status = Status.CARRIED_NO_EVIDENCE;
                carriedNoEvidence++;
            } else {
                status = Status.NOT_CARRIED;
                notCarried++;
            }
            rows.add(new Row(requirement, status, verdict, List.copyOf(carriers), List.copyOf(findings)));
        }
        TreeSet<String> unknown = new TreeSet<>();
        modelCarriers.keySet().stream().filter(id -> catalogue.find(id).isEmpty()).forEach(unknown::add);
        checksById.keySet().stream().filter(id -> catalogue.find(id).isEmpty()).forEach(unknown::add);
        Summary summary = new Summary(rows.size(), met + notMet + noActivity, met, notMet, noActivity,
                carriedNoEvidence, notCarried);
        return new ConformanceReport(period, now(), summary, List.copyOf(rows), List.copyOf(unknown));
    }

    private static Evidence evaluate(ConformanceCheck check, ReportPeriod period) {
        try {
            Evidence evidence = check.evaluate(period);
            return evidence == null ? Evidence.notMet("the check returned no evidence", List.of()) : evidence;
        } catch (RuntimeException e) {
            log.warn("Conformance check {} for {} failed", check.carrier(), check.requirementId(), e);
            return Evidence.notMet("the check could not run: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " – " + e.getMessage()), List.of());
        }
    }

    private static Verdict worst(List<Finding> findings) {
        boolean met = false;
        for (Finding finding : findings) {
            if (finding.evidence().verdict() == Verdict.NOT_MET) {
                return Verdict.NOT_MET;
            }
            met |= finding.evidence().verdict() == Verdict.MET;
        }
        return met ? Verdict.MET : Verdict.NO_ACTIVITY;
    }

    private static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
