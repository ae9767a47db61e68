// Success mode: a calm confirmation and add-to-calendar links.
import { googleCalendarUrl, icsDataUrl, icsFile, type CalendarEvent } from "../booking/addToCalendar.ts";
import type { Store } from "../state/store.ts";

export function SuccessView({ store }: { store: Store }) {
  const { t } = store;
  const state = store.state.value;
  if (state.mode !== "success") return null;
  const booking = state.booking;
  const property = store.configData.value?.property;
  const name = property?.name ?? "";
  const event: CalendarEvent = {
    // The emailed invitation's UID: a calendar holding both keeps one event.
    uid: `tour-${booking.id}@lumaleasing`,
    title: t.eventTitle(name),
    start: booking.start,
    end: booking.end,
    details: t.eventDetails(booking.manageUrl),
    location: property?.address || name,
    url: booking.manageUrl,
  };
  return (
    <div class="ll-success">
      <svg class="ll-tick" viewBox="0 0 52 52" aria-hidden="true">
        <circle cx="26" cy="26" r="24" />
        <path d="M15 27l7 7 15-16" />
      </svg>
      <h3 data-focus tabIndex={-1}>{t.bookedHeading}</h3>
      <p>{t.bookedBody(store.formatWhen(booking.start, booking.timezone))}</p>
      <p class="ll-stack">
        <a class="ll-btn" href={googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer">
          {t.addToGoogle}
        </a>
        <a class="ll-btn" href={icsDataUrl(icsFile(event, store.now()))} download="tour.ics">
          {t.downloadIcs}
        </a>
      </p>
      <p class="ll-stack">
        <button type="button" class="ll-primary" onClick={store.bookAnother}>
          {t.bookAnother}
        </button>
        <button type="button" class="ll-btn" onClick={store.backToChat}>
          {t.backToChat}
        </button>
      </p>
    </div>
  );
}
