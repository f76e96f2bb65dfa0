package org.itsmflow.servicelevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Business time for SLA due times (R-6.1a targets in business hours, R-6.1d clocks measured against them), without
 * Spring. The China calendar mirrors the demo data: Mon–Fri 09:00–12:00 and 13:00–18:00 (8 h a day), 2026 PRC
 * holidays and make-up working days.
 */
class BusinessCalendarTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The demo calendar {@code cn-business}, built in memory. */
    static BusinessCalendar cnBusiness2026() {
        return BusinessCalendar.builder("cn-business", "China mainland business hours 2026 (demo)", SHANGHAI)
                .weekdays(WorkingSpan.of("09:00", "12:00"), WorkingSpan.of("13:00", "18:00"))
                .holidays(d("2026-01-01"), d("2026-01-03"), "New Year")
                .exception(ExceptionDay.workday(d("2026-01-04"), "New Year make-up day"))
                .holidays(d("2026-02-15"), d("2026-02-23"), "Spring Festival")
                .exception(ExceptionDay.workday(d("2026-02-14"), "Spring Festival make-up day"))
                .exception(ExceptionDay.workday(d("2026-02-28"), "Spring Festival make-up day"))
                .holidays(d("2026-04-04"), d("2026-04-06"), "Qingming")
                .holidays(d("2026-05-01"), d("2026-05-05"), "Labour Day")
                .exception(ExceptionDay.workday(d("2026-05-09"), "Labour Day make-up day"))
                .holidays(d("2026-06-19"), d("2026-06-21"), "Dragon Boat Festival")
                .holidays(d("2026-09-25"), d("2026-09-27"), "Mid-Autumn Festival")
                .holidays(d("2026-10-01"), d("2026-10-07"), "National Day")
                .exception(ExceptionDay.workday(d("2026-09-20"), "National Day make-up day"))
                .exception(ExceptionDay.workday(d("2026-10-10"), "National Day make-up day"))
                .build();
    }

    static BusinessCalendar berlinOffice() {
        return BusinessCalendar.builder("de-office", "Berlin office", BERLIN)
                .weekdays(WorkingSpan.of("09:00", "17:00"))
                .build();
    }

    final BusinessCalendar cn = cnBusiness2026();

    static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    static Instant sh(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    static Duration hours(long h) {
        return Duration.ofHours(h);
    }

    @Nested
    @DisplayName("R-6.1a plus(): due times in business hours")
    class Plus {

        @Test
        void lunchBreakIsNotWorkingTime() {
            // Tue 2026-03-10: 11:00-12:00 (1 h), lunch, 13:00-14:00 (1 h)
            assertThat(cn.plus(sh("2026-03-10T11:00"), hours(2))).isEqualTo(sh("2026-03-10T14:00"));
            assertThat(cn.plus(sh("2026-03-10T12:30"), Duration.ofMinutes(30))).isEqualTo(sh("2026-03-10T13:30"));
        }

        @Test
        void crossesTheWeekend() {
            // Fri 2026-03-13 17:00: 1 h left on Friday, 1 h on Monday
            assertThat(cn.plus(sh("2026-03-13T17:00"), hours(2))).isEqualTo(sh("2026-03-16T10:00"));
        }

        @Test
        void startOnASaturdayCountsFromMondayMorning() {
            assertThat(cn.plus(sh("2026-03-14T10:00"), Duration.ofMinutes(30))).isEqualTo(sh("2026-03-16T09:30"));
        }

        @Test
        void startExactlyAtClosingTimeCountsFromTheNextOpening() {
            assertThat(cn.plus(sh("2026-03-13T18:00"), Duration.ofMinutes(30))).isEqualTo(sh("2026-03-16T09:30"));
            assertThat(cn.plus(sh("2026-03-10T12:00"), Duration.ofMinutes(30))).isEqualTo(sh("2026-03-10T13:30"));
        }

        @Test
        void targetEndingExactlyAtClosingTimeIsDueAtClosingTime() {
            assertThat(cn.plus(sh("2026-03-13T17:00"), hours(1))).isEqualTo(sh("2026-03-13T18:00"));
        }

        @Test
        void startOnAPublicHolidayCountsFromTheNextWorkingDay() {
            // Mon 2026-04-06 is the last day of Qingming
            assertThat(cn.isWorkingTime(sh("2026-04-06T10:00"))).isFalse();
            assertThat(cn.plus(sh("2026-04-06T10:00"), hours(1))).isEqualTo(sh("2026-04-07T10:00"));
        }

        @Test
        void aHolidayWeekIsSkippedWhole() {
            // Sat 2026-02-14 is a make-up working day, then Spring Festival Feb 15-23, back on Tue Feb 24
            assertThat(cn.plus(sh("2026-02-14T17:00"), hours(2))).isEqualTo(sh("2026-02-24T10:00"));
            // National Day: Wed Sep 30 17:00 + 2 h -> Thu Oct 8 10:00
            assertThat(cn.plus(sh("2026-09-30T17:00"), hours(2))).isEqualTo(sh("2026-10-08T10:00"));
        }

        @Test
        void aMakeUpSaturdayIsWorkedWithWeekdayHours() {
            // Fri 2026-05-08 17:00 + 2 h -> make-up Saturday May 9 10:00 (lunch break as on a weekday)
            assertThat(cn.isWorkingTime(sh("2026-05-09T10:00"))).isTrue();
            assertThat(cn.isWorkingTime(sh("2026-05-09T12:30"))).isFalse();
            assertThat(cn.plus(sh("2026-05-08T17:00"), hours(2))).isEqualTo(sh("2026-05-09T10:00"));
            // an ordinary Saturday is not worked
            assertThat(cn.plus(sh("2026-05-15T17:00"), hours(2))).isEqualTo(sh("2026-05-18T10:00"));
        }

        @Test
        void aMakeUpSundayIsWorked() {
            // New Year: Jan 1-3 holidays, Sun Jan 4 worked
            assertThat(cn.plus(sh("2025-12-31T17:30"), hours(1))).isEqualTo(sh("2026-01-04T09:30"));
        }

        @Test
        void makeUpDayCanWorkTheHoursOfAnotherWeekday() {
            BusinessCalendar shortFridays = BusinessCalendar.builder("short-fri", "Short Fridays", SHANGHAI)
                    .weekdays(WorkingSpan.of("09:00", "18:00"))
                    .exception(new ExceptionDay(d("2026-05-09"), ExceptionDay.Kind.WORKDAY, DayOfWeek.FRIDAY, "x"))
                    .build();
            assertThat(shortFridays.spansOn(d("2026-05-09"))).containsExactly(WorkingSpan.of("09:00", "18:00"));
            assertThat(shortFridays.spansOn(d("2026-05-10"))).isEmpty();
        }

        @Test
        void longTargetsOfFiveBusinessDays() {
            // P4: 5 business days = 40 business hours, Mon 09:00 -> Fri 18:00
            assertThat(cn.plus(sh("2026-03-09T09:00"), hours(40))).isEqualTo(sh("2026-03-13T18:00"));
            // P3: 27 business hours from Wed 10:00: Wed 7 h, Thu 8, Fri 8, Mon 09-12 + 13-14
            assertThat(cn.plus(sh("2026-03-11T10:00"), hours(27))).isEqualTo(sh("2026-03-16T14:00"));
            // across National Day: Sep 29, Sep 30, Oct 8, Oct 9 and make-up Sat Oct 10
            assertThat(cn.plus(sh("2026-09-29T09:00"), hours(40))).isEqualTo(sh("2026-10-10T18:00"));
        }

        @Test
        void veryLongTargetsStepSpanBySpan() {
            // a business year of 2026 demo calendar ends somewhere early 2027 (no 2027 holidays recorded)
            Instant due = cn.plus(sh("2026-01-01T00:00"), hours(2000));
            assertThat(cn.between(sh("2026-01-01T00:00"), due)).isEqualTo(hours(2000));
        }

        @Test
        void zeroDurationGivesTheNextWorkingInstant() {
            assertThat(cn.plus(sh("2026-03-10T10:15"), Duration.ZERO)).isEqualTo(sh("2026-03-10T10:15"));
            assertThat(cn.nextWorkingInstant(sh("2026-03-10T12:15"))).isEqualTo(sh("2026-03-10T13:00"));
        }

        @Test
        void secondsArePreserved() {
            assertThat(cn.plus(sh("2026-03-10T11:59:30"), Duration.ofSeconds(45))).isEqualTo(sh("2026-03-10T13:00:15"));
        }
    }

    @Nested
    @DisplayName("R-6.1d between(): business time elapsed or remaining")
    class Between {

        @Test
        void countsOnlyWorkingSpans() {
            assertThat(cn.between(sh("2026-03-10T11:00"), sh("2026-03-10T14:00"))).isEqualTo(hours(2));
            assertThat(cn.between(sh("2026-03-13T17:00"), sh("2026-03-16T10:00"))).isEqualTo(hours(2));
            assertThat(cn.between(sh("2026-03-09T00:00"), sh("2026-03-16T00:00"))).isEqualTo(hours(40));
        }

        @Test
        void holidaysCountNothing() {
            assertThat(cn.between(sh("2026-02-15T00:00"), sh("2026-02-24T00:00"))).isZero();
            assertThat(cn.between(sh("2026-10-01T08:00"), sh("2026-10-07T20:00"))).isZero();
        }

        @Test
        void isNegativeWhenTheEndLiesBeforeTheStart() {
            assertThat(cn.between(sh("2026-03-10T14:00"), sh("2026-03-10T11:00"))).isEqualTo(hours(-2));
        }

        @Test
        void isTheInverseOfPlus() {
            Random random = new Random(20260101);
            Instant base = sh("2026-01-01T00:00");
            for (int i = 0; i < 2000; i++) {
                Instant start = base.plusSeconds(random.nextInt(365 * 24 * 3600));
                Duration target = Duration.ofMinutes(random.nextInt(60 * 60));
                Instant due = cn.plus(start, target);
                assertThat(cn.between(start, due)).as("start %s target %s", start, target).isEqualTo(target);
                assertThat(due).isAfterOrEqualTo(start);
            }
        }
    }

    @Nested
    @DisplayName("R-6.1a 24x7 and daylight saving")
    class ClocksAndZones {

        @Test
        void twentyFourSevenIsElapsedTime() {
            BusinessCalendar always = BusinessCalendar.twentyFourSeven();
            assertThat(always.isAlwaysOpen()).isTrue();
            Instant start = Instant.parse("2026-03-14T23:50:00Z");
            assertThat(always.plus(start, Duration.ofMinutes(15))).isEqualTo(Instant.parse("2026-03-15T00:05:00Z"));
            assertThat(always.plus(start, hours(4))).isEqualTo(Instant.parse("2026-03-15T03:50:00Z"));
            assertThat(always.between(start, Instant.parse("2026-03-16T23:50:00Z"))).isEqualTo(hours(48));
        }

        @Test
        void officeHoursAcrossTheSpringDaylightSavingChange() {
            // Berlin moves to CEST on Sun 2026-03-29: Friday 16:00 CET is 15:00Z, Monday 10:00 CEST is 08:00Z
            BusinessCalendar office = berlinOffice();
            Instant friday = berlin("2026-03-27T16:00");
            Instant due = office.plus(friday, hours(2));
            assertThat(due).isEqualTo(berlin("2026-03-30T10:00")).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
            assertThat(office.between(friday, due)).isEqualTo(hours(2));
            // a whole week of office hours is still 40 h, in spring and in autumn
            assertThat(office.between(berlin("2026-03-23T00:00"), berlin("2026-03-30T23:00"))).isEqualTo(hours(48));
            assertThat(office.between(berlin("2026-10-19T00:00"), berlin("2026-10-26T00:00"))).isEqualTo(hours(40));
        }

        @Test
        void aWholeDaySpanLastsTwentyThreeOrTwentyFiveHoursOnChangeDays() {
            BusinessCalendar berlinAllDay = BusinessCalendar.builder("de-all-day", "Berlin all day", BERLIN)
                    .weekdays(new WorkingSpan(0, WorkingSpan.END_OF_DAY))
                    .hours(DayOfWeek.SUNDAY, new WorkingSpan(0, WorkingSpan.END_OF_DAY))
                    .build();
            assertThat(berlinAllDay.between(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00"))).isEqualTo(hours(23));
            assertThat(berlinAllDay.between(berlin("2026-10-25T00:00"), berlin("2026-10-26T00:00"))).isEqualTo(hours(25));
            // 4 h from Sunday 00:30 CET reach 05:30 CEST (02:00-03:00 does not exist that night)
            assertThat(berlinAllDay.plus(berlin("2026-03-29T00:30"), hours(4))).isEqualTo(berlin("2026-03-29T05:30"));
            // Saturday is closed: Friday 22:00 + 3 h -> Sunday 01:00
            assertThat(berlinAllDay.plus(berlin("2026-03-27T22:00"), hours(3))).isEqualTo(berlin("2026-03-29T01:00"));
        }
    }

    @Nested
    @DisplayName("Calendar definitions that cannot work are refused")
    class Validation {

        @Test
        void overlappingSpansAreRefused() {
            assertThatThrownBy(() -> BusinessCalendar.builder("x", "x", SHANGHAI)
                    .hours(DayOfWeek.MONDAY, WorkingSpan.of("09:00", "12:00"), WorkingSpan.of("11:00", "13:00")).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
        }

        @Test
        void aCalendarWithoutWorkingHoursIsRefused() {
            assertThatThrownBy(() -> BusinessCalendar.builder("x", "x", SHANGHAI).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no working hours");
        }

        @Test
        void spansMustLieWithinTheDay() {
            assertThatThrownBy(() -> WorkingSpan.of("18:00", "09:00")).isInstanceOf(IllegalArgumentException.class);
            assertThat(WorkingSpan.of("00:00", "24:00")).isEqualTo(new WorkingSpan(0, 1440));
            assertThat(new WorkingSpan(0, 1440).end()).isEqualTo("24:00");
        }

        @Test
        void negativeBusinessTimeIsRefused() {
            assertThatThrownBy(() -> BusinessCalendarTest.cnBusiness2026().plus(Instant.EPOCH, Duration.ofMinutes(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
