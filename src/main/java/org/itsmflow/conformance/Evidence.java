package org.itsmflow.conformance;

import java.util.List;

/**
 * What a {@link ConformanceCheck} found: its verdict, the figure in words ("1,204 incidents, all with a record",
 * "97 % of implemented changes reviewed") and the records that fall short ({@code CHG-000102}), at most a
 * readable number of them.
 */
public record Evidence(Verdict verdict, String figure, List<String> shortfalls) {

    public Evidence {
        shortfalls = shortfalls == null ? List.of() : List.copyOf(shortfalls);
    }

    public static Evidence met(String figure) {
        return new Evidence(Verdict.MET, figure, List.of());
    }

    public static Evidence notMet(String figure, List<String> shortfalls) {
        return new Evidence(Verdict.NOT_MET, figure, shortfalls);
    }

    /** Nothing happened in the period that the requirement speaks about (no releases, no complaints). */
    public static Evidence noActivity(String figure) {
        return new Evidence(Verdict.NO_ACTIVITY, figure, List.of());
    }

    public enum Verdict {
        /** The records show the requirement fulfilled for the period. */
        MET,
        /** Some records fall short; {@link #shortfalls()} names them. */
        NOT_MET,
        /** Nothing to judge in the period. */
        NO_ACTIVITY
    }
}
