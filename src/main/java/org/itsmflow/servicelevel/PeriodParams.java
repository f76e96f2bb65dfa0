package org.itsmflow.servicelevel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.itsmflow.platform.InvalidFieldException;

/**
 * Reads a reporting period from request parameters {@code from} and {@code to}: a date ({@code 2026-10-01}, midnight
 * UTC) or an ISO instant with offset; {@code to} is exclusive. Both absent: the last full calendar month (UTC) before
 * {@code now}. Bad or empty periods are a 400 naming the field.
 */
public final class PeriodParams {

    private PeriodParams() {
    }

    /** @return {from, to} */
    public static Instant[] parse(String from, String to, Instant now) {
        boolean noFrom = from == null || from.isBlank();
        boolean noTo = to == null || to.isBlank();
        if (noFrom && noTo) {
            YearMonth last = YearMonth.from(now.atOffset(ZoneOffset.UTC)).minusMonths(1);
            return new Instant[] {last.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    last.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)};
        }
        if (noFrom) {
            throw new InvalidFieldException("from", "must be given together with to");
        }
        if (noTo) {
            throw new InvalidFieldException("to", "must be given together with from");
        }
        Instant a = instant("from", from);
        Instant b = instant("to", to);
        if (!b.isAfter(a)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        if (a.plusSeconds(366L * 24 * 3600 * 5).isBefore(b)) {
            throw new InvalidFieldException("to", "the period must not be longer than five years");
        }
        return new Instant[] {a, b};
    }

    static Instant instant(String field, String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "must be a date (2026-10-01) or a date-time with offset "
                    + "(2026-10-01T00:00:00Z), got '" + text + "'");
        }
    }
}
