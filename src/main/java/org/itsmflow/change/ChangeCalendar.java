package org.itsmflow.change;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.stereotype.Component;

/**
 * The forward schedule of change as an iCalendar feed (RFC 5545, R-9.2g) that calendars can subscribe to: one VEVENT
 * per change, its UID the change id, so a calendar updates the event when the window moves. Written by ical4j
 * (docs/adr/0005-ical4j-for-the-change-schedule.md), never by hand.
 */
@Component
class ChangeCalendar {

    static final String PRODUCT = "-//ITSM Flow//Forward schedule of change//EN";

    String render(List<ScheduledChange> changes, Instant stamp) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        for (ScheduledChange change : changes) {
            VEvent event = new VEvent(change.plannedStart(), change.plannedEnd(), change.id() + " " + change.title());
            event.replace(new DtStamp(stamp));
            event.add(new Uid(change.id()));
            event.add(new Description(change.changeType() + " change, class " + change.changeClass() + ", risk "
                    + change.riskLevel() + ", " + change.status()
                    // a customer's feed names neither requester nor CIs (ChangeController)
                    + (change.requester() == null ? "" : "; requested by " + change.requester()
                            + "; CIs: " + (change.affectedCiIds().isEmpty() ? "none"
                                    : String.join(", ", change.affectedCiIds())))));
            event.add(new Categories(change.changeType().name()));
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the change calendar", e);
        }
        return out.toString();
    }
}
