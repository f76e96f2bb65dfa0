package org.itsmflow.servicelevel;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A date on which a business calendar departs from its weekly hours: a public {@link Kind#HOLIDAY} (no working
 * time), or a make-up {@link Kind#WORKDAY} on a weekend (调休 in Chinese calendars) that works the hours of the
 * weekday {@code worksLike}.
 */
public record ExceptionDay(LocalDate day, Kind kind, DayOfWeek worksLike, String name) {

    public enum Kind { HOLIDAY, WORKDAY }

    public ExceptionDay {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(kind, "kind");
        if (worksLike == null) {
            worksLike = DayOfWeek.MONDAY;
        }
    }

    public static ExceptionDay holiday(LocalDate day, String name) {
        return new ExceptionDay(day, Kind.HOLIDAY, DayOfWeek.MONDAY, name);
    }

    public static ExceptionDay workday(LocalDate day, String name) {
        return new ExceptionDay(day, Kind.WORKDAY, DayOfWeek.MONDAY, name);
    }
}
