package org.itsmflow.servicelevel;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Working time of a service, in the calendar's own time zone: weekly working spans (several per day, so a lunch
 * break is simply a gap), public holidays, and make-up working days on weekends (调休). SLA due times are
 * computed with it (R-6.1a targets, R-6.1d monitoring against them); see {@code docs/adr/0003-sla-business-time.md}.
 *
 * <p>Business time is real elapsed time that falls inside working spans: {@link #plus} walks forward span by span
 * (never minute by minute), {@link #between} sums the overlap of an interval with the spans. A span is placed on the
 * time line through its local date and time in the calendar's zone, so on a daylight-saving change day a
 * 00:00–24:00 span lasts 23 or 25 hours and a 09:00–17:00 span still lasts 8. A start outside working time counts
 * from the next opening. The 24x7 calendar (every day 00:00–24:00, no exceptions) is plain instant arithmetic.
 *
 * <p>Immutable and thread-safe.
 */
public final class BusinessCalendar {

    /** The id of the calendar that is always open; targets with {@code business_hours = false} count on it. */
    public static final String ALWAYS_OPEN_ID = "24x7";

    /** How far {@link #plus} searches for working time before it declares the calendar closed for good. */
    private static final int MAX_DAYS_SEARCHED = 366 * 20;

    private final String id;
    private final String name;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<WorkingSpan>> weeklyHours;
    private final Map<LocalDate, ExceptionDay> exceptionDays;
    private final boolean alwaysOpen;

    private BusinessCalendar(String id, String name, ZoneId zone, Map<DayOfWeek, List<WorkingSpan>> weeklyHours,
            Map<LocalDate, ExceptionDay> exceptionDays) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = name == null ? id : name;
        this.zone = Objects.requireNonNull(zone, "zone");
        EnumMap<DayOfWeek, List<WorkingSpan>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<WorkingSpan> spans = new ArrayList<>(weeklyHours.getOrDefault(day, List.of()));
            Collections.sort(spans);
            for (int i = 1; i < spans.size(); i++) {
                if (spans.get(i).startMinute() < spans.get(i - 1).endMinute()) {
                    throw new IllegalArgumentException("Calendar " + id + ": working spans overlap on " + day
                            + ": " + spans.get(i - 1) + " and " + spans.get(i));
                }
            }
            hours.put(day, List.copyOf(spans));
        }
        if (hours.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("Calendar " + id + " has no working hours on any weekday");
        }
        this.weeklyHours = Collections.unmodifiableMap(hours);
        this.exceptionDays = Collections.unmodifiableMap(new TreeMap<>(exceptionDays));
        this.alwaysOpen = this.exceptionDays.isEmpty() && hours.values().stream()
                .allMatch(spans -> spans.equals(List.of(new WorkingSpan(0, WorkingSpan.END_OF_DAY))));
    }

    /** A calendar open every day all day, with no exceptions: business time equals elapsed time. */
    public static BusinessCalendar alwaysOpen(String id, String name, ZoneId zone) {
        Builder builder = builder(id, name, zone);
        for (DayOfWeek day : DayOfWeek.values()) {
            builder.hours(day, new WorkingSpan(0, WorkingSpan.END_OF_DAY));
        }
        return builder.build();
    }

    /** The built-in 24x7 calendar (UTC). */
    public static BusinessCalendar twentyFourSeven() {
        return alwaysOpen(ALWAYS_OPEN_ID, "Always open (24x7)", ZoneOffset.UTC);
    }

    public static Builder builder(String id, String name, ZoneId zone) {
        return new Builder(id, name, zone);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Weekly working spans, Monday to Sunday, each day's spans sorted. */
    public Map<DayOfWeek, List<WorkingSpan>> weeklyHours() {
        return weeklyHours;
    }

    /** Holidays and make-up working days, by date. */
    public Map<LocalDate, ExceptionDay> exceptionDays() {
        return exceptionDays;
    }

    /** True when every instant is working time (24x7 without exceptions). */
    public boolean isAlwaysOpen() {
        return alwaysOpen;
    }

    /** The working spans of a date: none on a holiday, the {@code worksLike} weekday's on a make-up day. */
    public List<WorkingSpan> spansOn(LocalDate date) {
        ExceptionDay exception = exceptionDays.get(date);
        if (exception == null) {
            return weeklyHours.get(date.getDayOfWeek());
        }
        return exception.kind() == ExceptionDay.Kind.HOLIDAY ? List.of() : weeklyHours.get(exception.worksLike());
    }

    /** Whether {@code instant} lies in working time (a span includes its opening, excludes its closing). */
    public boolean isWorkingTime(Instant instant) {
        if (alwaysOpen) {
            return true;
        }
        LocalDate date = LocalDate.ofInstant(instant, zone);
        for (WorkingSpan span : spansOn(date)) {
            if (!instant.isBefore(opening(date, span)) && instant.isBefore(closing(date, span))) {
                return true;
            }
        }
        return false;
    }

    /** {@code instant} itself when it is working time, otherwise the next opening after it. */
    public Instant nextWorkingInstant(Instant instant) {
        return plus(instant, Duration.ZERO);
    }

    /**
     * The instant at which {@code businessTime} of working time has passed since {@code start}. A start outside
     * working time counts from the next opening; a target that ends exactly at closing time is due at closing
     * time, not at the next opening. A zero duration gives the next working instant.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public Instant plus(Instant start, Duration businessTime) {
        Objects.requireNonNull(start, "start");
        if (businessTime.isNegative()) {
            throw new IllegalArgumentException("Business time must not be negative: " + businessTime);
        }
        if (alwaysOpen) {
            return start.plus(businessTime);
        }
        Duration remaining = businessTime;
        LocalDate date = LocalDate.ofInstant(start, zone);
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, date = date.plusDays(1)) {
            for (WorkingSpan span : spansOn(date)) {
                Instant closing = closing(date, span);
                if (!closing.isAfter(start)) {
                    continue;
                }
                Instant opening = opening(date, span);
                Instant from = opening.isAfter(start) ? opening : start;
                Duration available = Duration.between(from, closing);
                if (remaining.compareTo(available) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("Calendar " + id + " has no working time within " + MAX_DAYS_SEARCHED
                + " days after " + start);
    }

    /**
     * The working time between two instants; negative when {@code to} lies before {@code from}, so "remaining
     * business time until the due time" turns negative once a clock is overdue.
     */
    public Duration between(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return between(to, from).negated();
        }
        if (alwaysOpen) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate date = LocalDate.ofInstant(from, zone); !date.isAfter(last); date = date.plusDays(1)) {
            for (WorkingSpan span : spansOn(date)) {
                Instant opening = opening(date, span);
                Instant closing = closing(date, span);
                Instant a = opening.isAfter(from) ? opening : from;
                Instant b = closing.isBefore(to) ? closing : to;
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
        return total;
    }

    private Instant opening(LocalDate date, WorkingSpan span) {
        return at(date, span.startMinute());
    }

    private Instant closing(LocalDate date, WorkingSpan span) {
        return at(date, span.endMinute());
    }

    /** Local date + minute of day (1440 = next midnight) in the zone; a time in a DST gap moves forward. */
    private Instant at(LocalDate date, int minuteOfDay) {
        return ZonedDateTime.of(LocalDateTime.of(date, java.time.LocalTime.MIDNIGHT).plusMinutes(minuteOfDay), zone)
                .toInstant();
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + id + ", " + zone + "]";
    }

    /** Collects weekly hours and exception days. */
    public static final class Builder {
        private final String id;
        private final String name;
        private final ZoneId zone;
        private final Map<DayOfWeek, List<WorkingSpan>> hours = new EnumMap<>(DayOfWeek.class);
        private final Map<LocalDate, ExceptionDay> exceptions = new TreeMap<>();

        private Builder(String id, String name, ZoneId zone) {
            this.id = id;
            this.name = name;
            this.zone = zone;
        }

        public Builder hours(DayOfWeek day, WorkingSpan... spans) {
            hours.computeIfAbsent(day, d -> new ArrayList<>()).addAll(List.of(spans));
            return this;
        }

        /** The same spans on Monday to Friday. */
        public Builder weekdays(WorkingSpan... spans) {
            for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                hours(day, spans);
            }
            return this;
        }

        public Builder exception(ExceptionDay day) {
            exceptions.put(day.day(), day);
            return this;
        }

        /** Every date from {@code first} to {@code last} (inclusive) a holiday of this name. */
        public Builder holidays(LocalDate first, LocalDate last, String name) {
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                exception(ExceptionDay.holiday(d, name));
            }
            return this;
        }

        public BusinessCalendar build() {
            return new BusinessCalendar(id, name, zone, hours, exceptions);
        }
    }
}
