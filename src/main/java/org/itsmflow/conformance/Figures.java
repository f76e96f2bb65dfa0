package org.itsmflow.conformance;

import java.util.List;
import java.util.Locale;


/** Small helpers the conformance checks share to word their figures the same way ("1,204", "97 %"). */
public final class Figures {

    private Figures() {
    }

    /** {@code 1204 → "1,204"}. */
    public static String count(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    /** {@code 3, "change" → "3 changes"}, {@code "entry" → "entries"}, {@code "breach" → "breaches"}. */
    public static String count(long n, String singular) {
        if (n == 1) {
            return count(n) + " " + singular;
        }
        String plural;
        if (singular.endsWith("y") && !singular.endsWith("ey")) {
            plural = singular.substring(0, singular.length() - 1) + "ies";
        } else if (singular.endsWith("ch") || singular.endsWith("sh") || singular.endsWith("s")
                || singular.endsWith("x")) {
            plural = singular + "es";
        } else {
            plural = singular + "s";
        }
        return count(n) + " " + plural;
    }

    /** Whole percent, rounded down so 199 of 200 never reads as 100 %. */
    public static String percent(long part, long whole) {
        return whole == 0 ? "–" : (part * 100 / whole) + " %";
    }

    /**
     * The usual verdict: nothing to judge → NO_ACTIVITY with {@code none}; no shortfalls → MET with {@code allMet};
     * otherwise NOT_MET with {@code someMissing} and the shortfalls.
     */
    public static Evidence judge(long total, List<String> shortfalls, String none, String allMet, String someMissing) {
        if (total == 0 && shortfalls.isEmpty()) {
            return Evidence.noActivity(none);
        }
        return shortfalls.isEmpty() ? Evidence.met(allMet) : Evidence.notMet(someMissing, shortfalls);
    }
}
