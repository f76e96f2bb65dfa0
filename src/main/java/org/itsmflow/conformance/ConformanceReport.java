package org.itsmflow.conformance;

import java.time.Instant;
import java.util.List;


/**
 * The conformance report for one period: for every requirement of the catalogue, what carries it (models and code)
 * and what the records show, with the gaps listed rather than hidden.
 *
 * @param unknownIds requirement ids that models or checks name but the catalogue does not know (typos, stale ids)
 */
public record ConformanceReport(ReportPeriod period, Instant generatedAt, Summary summary, List<Row> rows,
        List<String> unknownIds) {

    /** Where a requirement stands. */
    public enum Status {
        /** Carried, and at least one check gathered evidence for the period (see the verdict). */
        EVIDENCED("carried, with evidence"),
        /** A model carries it but nothing measures it: a gap. */
        CARRIED_NO_EVIDENCE("carried, no evidence"),
        /** Nothing carries it: a gap. */
        NOT_CARRIED("not carried");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean gap() {
            return this != EVIDENCED;
        }
    }

    /** One check's finding for the requirement. */
    public record Finding(String check, Evidence evidence) {
    }

    /**
     * One requirement's line.
     *
     * @param verdict the worst verdict of its findings (NOT_MET over MET over NO_ACTIVITY); null when not evidenced
     */
    public record Row(Requirement requirement, Status status, Evidence.Verdict verdict, List<Carrier> carriers,
            List<Finding> findings) {
    }

    /** The counts at the top of the report. */
    public record Summary(int requirements, int evidenced, int met, int notMet, int noActivity,
            int carriedNoEvidence, int notCarried) {

        public int gaps() {
            return carriedNoEvidence + notCarried;
        }
    }
}
