package org.itsmflow.servicelevel;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.itsmflow.platform.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Loads {@link BusinessCalendar}s from {@code business_calendar}, {@code calendar_working_hours} and
 * {@code calendar_exception_day}. Calendars are immutable once loaded and are kept for
 * {@code itsm.calendars.cache-seconds} (60 s; 0 reads them afresh on every call): an incident's intake computed
 * its SLA clocks from three queries per calendar read, several reads per incident (issue 9). Code that writes the
 * calendar tables calls {@link #evict()}; an edit made in SQL takes effect within the cache time.
 */
@Service
public class BusinessCalendars {

    private record Cached(Optional<BusinessCalendar> calendar, long expiresAtNanos) {
    }

    private final JdbcClient jdbc;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    BusinessCalendars(JdbcClient jdbc, @Value("${itsm.calendars.cache-seconds:60}") long cacheSeconds) {
        this.jdbc = jdbc;
        this.cacheNanos = TimeUnit.SECONDS.toNanos(cacheSeconds);
    }

    /** Forgets the loaded calendars: the next call reads them afresh. */
    public void evict() {
        cache.clear();
    }

    public Optional<BusinessCalendar> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (cacheNanos <= 0) {
            return load(id);
        }
        long now = System.nanoTime();
        Cached cached = cache.get(id);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.calendar();
        }
        Optional<BusinessCalendar> calendar = load(id);
        cache.put(id, new Cached(calendar, now + cacheNanos));
        return calendar;
    }

    private Optional<BusinessCalendar> load(String id) {
        Optional<String[]> head = jdbc.sql("select id, name, time_zone from business_calendar where id = ?")
                .param(id)
                .query((rs, n) -> new String[] {rs.getString("id"), rs.getString("name"), rs.getString("time_zone")})
                .optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(head.get()[2]);
        } catch (DateTimeException e) {
            throw new IllegalStateException("Calendar " + id + " has an unknown time zone '" + head.get()[2] + "'", e);
        }
        BusinessCalendar.Builder builder = BusinessCalendar.builder(head.get()[0], head.get()[1], zone);
        jdbc.sql("select day_of_week, start_minute, end_minute from calendar_working_hours where calendar_id = ?")
                .param(id)
                .query(rs -> {
                    builder.hours(DayOfWeek.of(rs.getInt("day_of_week")),
                            new WorkingSpan(rs.getInt("start_minute"), rs.getInt("end_minute")));
                });
        List<ExceptionDay> exceptions = jdbc.sql("""
                select exception_date, kind, works_like, name from calendar_exception_day where calendar_id = ?
                """)
                .param(id)
                .query((rs, n) -> new ExceptionDay(rs.getObject("exception_date", LocalDate.class),
                        ExceptionDay.Kind.valueOf(rs.getString("kind")), DayOfWeek.of(rs.getInt("works_like")),
                        rs.getString("name")))
                .list();
        exceptions.forEach(builder::exception);
        return Optional.of(builder.build());
    }

    /** @throws NotFoundException naming the calendar */
    public BusinessCalendar require(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("Business calendar", id));
    }

    /** The always-open calendar: the stored {@code 24x7} row, or the built-in one if that row was removed. */
    public BusinessCalendar twentyFourSeven() {
        return find(BusinessCalendar.ALWAYS_OPEN_ID).orElseGet(BusinessCalendar::twentyFourSeven);
    }
}
