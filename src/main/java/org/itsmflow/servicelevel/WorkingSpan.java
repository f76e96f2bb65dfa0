package org.itsmflow.servicelevel;

/**
 * One stretch of working time on a day, in minutes of the day: {@code [startMinute, endMinute)}, 0 = 00:00,
 * 1440 = 24:00 (end of day). A day may have several spans (09:00–12:00 and 13:00–18:00 leaves a lunch break).
 */
public record WorkingSpan(int startMinute, int endMinute) implements Comparable<WorkingSpan> {

    public static final int END_OF_DAY = 24 * 60;

    public WorkingSpan {
        if (startMinute < 0 || endMinute > END_OF_DAY || startMinute >= endMinute) {
            throw new IllegalArgumentException("A working span needs 0 <= start < end <= 1440 minutes, got "
                    + startMinute + ".." + endMinute);
        }
    }

    /** Parses "HH:mm" times; "24:00" is the end of the day. */
    public static WorkingSpan of(String start, String end) {
        return new WorkingSpan(minutes(start), minutes(end));
    }

    public String start() {
        return format(startMinute);
    }

    public String end() {
        return format(endMinute);
    }

    public int minutes() {
        return endMinute - startMinute;
    }

    static int minutes(String hhmm) {
        String[] parts = hhmm.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("Expected HH:mm, got '" + hhmm + "'");
        }
        return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
    }

    static String format(int minuteOfDay) {
        return String.format("%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }

    @Override
    public int compareTo(WorkingSpan other) {
        return Integer.compare(startMinute, other.startMinute);
    }

    @Override
    public String toString() {
        return start() + "-" + end();
    }
}
