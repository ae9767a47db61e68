// The widget's state (signals) and the actions that do I/O, feeding results into the
// mode machine. Views read signals and call actions; they never fetch.
import { batch, computed, signal, type Signal } from "@preact/signals";
import type { Api, ApiFailure, ApiResult } from "../api/client.ts";
import type { Alternative, AvailabilityResponse, Booking, BookTourRequest, ManagedBooking, WidgetConfigResponse } from "../api/types.ts";
import { emptyForm, validateForm, type BookingForm, type FieldErrors, type FormField } from "../booking/validate.ts";
import { findContact, nameFromReply, splitName, type ContactDetails } from "../chat/contact.ts";
import { matchFaq } from "../chat/faq.ts";
import { detectTourIntent } from "../chat/intent.ts";
import { stringsFor } from "../i18n/index.ts";
import type { Lang } from "../i18n/lang.ts";
import type { PageConfig } from "../loader/config.ts";
import { DEFAULT_BRAND, parseHex } from "../theme/color.ts";
import { dateInZone, formatDateLong, formatTime, visitorZone, zoneName } from "../time/format.ts";
import { uuid } from "../util/id.ts";
import { initialState, transition, type ModeEvent, type ModeState } from "./machine.ts";

export type Resource<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; failure: ApiFailure };

export type QuickReply = "tour" | "pricing" | "pets" | "human";
export type ChatAction = QuickReply | "retryLead";

export interface ChatMessage {
  id: number;
  from: "bot" | "visitor";
  text: string;
  contact?: boolean;
  actions?: ChatAction[];
}

export interface AvailabilityWindow {
  from: string;
  days: number;
  response: AvailabilityResponse;
}

export interface StoreOptions {
  api: Api;
  page: PageConfig;
  lang: Lang;
  /** Locale for dates and times, e.g. "en-US". */
  locale: string;
  /** The locale for another language (the manage page speaks the booking's); default: the language's code. */
  localeFor?: (lang: Lang) => string;
  sessionId: string;
  inline?: boolean;
  now?: () => Date;
  visitorTimeZone?: string;
}

// Words that find the pricing and pet FAQ entries for the quick replies, in both languages.
const QUICK_QUERIES: Record<"pricing" | "pets", string> = {
  pricing: "pricing price prices rent cost precio precios renta costo",
  pets: "pet pets policy dog dogs cat cats mascota mascotas perro perros gato gatos",
};

const IDLE = { status: "idle" } as const;
const LOADING = { status: "loading" } as const;

/** An API result as a resource: ready with `pick(data)`, or the error. */
const settle = <T, R>(result: ApiResult<T>, pick: (data: T) => R): Resource<R> =>
  result.ok ? { status: "ready", data: pick(result.data) } : { status: "error", failure: result };

/** The 409 body's other open times, when a slot was taken meanwhile; else null. */
const takenAlternatives = (result: ApiFailure): Alternative[] | null =>
  result.kind === "http" && result.body?.error.code === "slot_taken" ? result.body.alternatives ?? [] : null;

export type Store = ReturnType<typeof createStore>;

export function createStore(options: StoreOptions) {
  const { api } = options;
  /** The language shown: the page's, until a managed booking says its own. */
  const lang = signal<Lang>(options.lang);
  const tr = () => stringsFor(lang.value);
  const localeOf = (l: Lang) => (l === options.lang ? options.locale : options.localeFor?.(l) ?? l);
  const locale = () => localeOf(lang.value);
  const now = options.now ?? (() => new Date());
  const visitorTz = options.visitorTimeZone ?? visitorZone();

  const state = signal<ModeState>(initialState);
  const isOpen = signal(!!options.inline);
  const config = signal<Resource<WidgetConfigResponse>>(IDLE);
  const messages = signal<ChatMessage[]>([]);
  const draft = signal("");
  const lead = signal<ContactDetails>({});
  const awaitingName = signal(false);
  const availability = signal<Resource<AvailabilityWindow>>(IDLE);
  const selectedDate = signal<string | null>(null);
  const form = signal<BookingForm>(emptyForm());
  const errors = signal<FieldErrors>({});
  const formMessage = signal<string | null>(null);
  const submitting = signal(false);
  const bookingFailure = signal<ApiFailure | null>(null);
  const alternatives = signal<Alternative[]>([]);
  const manageToken = signal<string | null>(null);
  const managed = signal<Resource<ManagedBooking>>(IDLE);
  const manageNotice = signal<string | null>(null);
  const manageBusy = signal(false);
  const manageFailure = signal<ApiFailure | null>(null);
  const announcement = signal("");

  const editedFields = new Set<FormField>();
  let nextMessageId = 1;
  let configPromise: Promise<WidgetConfigResponse | null> | null = null;
  let lastSubmission: { body: string; key: string } | null = null;

  const configData = computed(() => (config.value.status === "ready" ? config.value.data : null));
  const brandColor = computed(() => parseHex(options.page.color) ?? parseHex(configData.value?.widget.brandColor) ?? DEFAULT_BRAND);
  const greeting = computed(() => options.page.greeting ?? configData.value?.widget.greeting ?? tr().defaultGreeting);
  /** The property's zone: from the config, else the managed booking, else the visitor's. */
  const propertyZone = () => {
    const m = managed.value;
    return configData.value?.property.timezone ?? (m.status === "ready" ? m.data.timezone : visitorTz);
  };
  const timeZone = computed(() => {
    const a = availability.value;
    return a.status === "ready" ? a.data.response.timezone : propertyZone();
  });
  const contact = computed(() => ({
    phone: configData.value?.property.phone ?? null,
    email: configData.value?.property.email ?? null,
  }));
  const faqs = () => configData.value?.faqs ?? [];

  // Re-announcing the same text must still change the live region's content.
  let flip = false;
  function announce(text: string) {
    flip = !flip;
    announcement.value = text + (flip ? "\u00a0" : "");
  }

  const dispatch = (event: ModeEvent) => (state.value = transition(state.value, event));

  /** Clears what the last booking or manage attempt left on screen. */
  function clearProblems() {
    alternatives.value = [];
    bookingFailure.value = manageFailure.value = formMessage.value = null;
  }

  /** "Tuesday, December 1, 2026 at 2:00 PM (Central Time)" in the property's zone. */
  const formatWhen = (start: string, zone = timeZone.value): string =>
    `${tr().at(formatDateLong(dateInZone(start, zone), locale()), formatTime(start, zone, locale()))} (${zoneName(zone, locale(), new Date(start))})`;

  function ensureConfig(): Promise<WidgetConfigResponse | null> {
    if (configData.value) return Promise.resolve(configData.value);
    if (!configPromise) {
      config.value = LOADING;
      configPromise = api.config().then((result) => {
        configPromise = null;
        config.value = settle(result, (data) => data);
        return configData.value;
      });
    }
    return configPromise;
  }

  // ---- chat ----

  function say(from: ChatMessage["from"], text: string, extra?: Partial<ChatMessage>) {
    messages.value = [...messages.value, { id: nextMessageId++, from, text, ...extra }];
  }

  async function submitLead() {
    const { firstName, lastName, email, phone } = lead.value;
    const result = await api.lead({ sessionId: options.sessionId, firstName, lastName, email, phone, language: lang.value });
    if (result.ok) say("bot", tr().leadSaved(firstName ?? ""), { actions: ["tour"] });
    else say("bot", tr().leadFailed, { actions: ["retryLead"] });
  }

  function answerQuestion(text: string) {
    const faq = matchFaq(text, faqs());
    if (faq) say("bot", faq.answer, { actions: ["tour"] });
    else say("bot", tr().noAnswer, { contact: true, actions: ["tour", "human"] });
  }

  function send(raw: string) {
    const text = raw.trim();
    if (!text) return;
    batch(() => {
      say("visitor", text);
      draft.value = "";
    });
    const wantsTour = detectTourIntent(text);
    const found = findContact(text);

    if (awaitingName.value) {
      awaitingName.value = false;
      const looksLikeQuestion = wantsTour || text.includes("?") || !!matchFaq(text, faqs());
      const name = looksLikeQuestion ? undefined : nameFromReply(text);
      lead.value = { ...lead.value, ...found, ...(name && splitName(name)) };
      void submitLead();
      if (name) return;
    } else if (found.email || found.phone) {
      lead.value = { ...lead.value, ...found };
      if (!wantsTour && !lead.value.firstName) {
        awaitingName.value = true;
        return say("bot", tr().askName);
      }
      void submitLead();
      if (!wantsTour) return;
    }

    if (wantsTour) {
      say("bot", tr().tourReply);
      startBooking();
    } else answerQuestion(text);
  }

  function quickReply(action: ChatAction) {
    if (action === "retryLead") return void submitLead();
    say("visitor", tr().quick[action]);
    if (action === "tour") startBooking();
    else if (action === "human") say("bot", tr().talkToSomeone, { contact: true });
    else answerQuestion(QUICK_QUERIES[action]);
  }

  // ---- calendar ----

  /** When the visitor first asked for a tour (performance.now()); -1 once its load time is sent. */
  let intentAt = 0;

  /** Once per load: the time from that intent to the calendar on screen, after it has rendered. */
  function reportLoad() {
    const start = intentAt;
    if (start > 0) {
      intentAt = -1;
      setTimeout(() => api.beacon(performance.now() - start));
    }
  }

  async function loadAvailability() {
    availability.value = LOADING;
    announce(tr().loadingTimes);
    const cfg = await ensureConfig();
    const from = dateInZone(now(), propertyZone());
    const days = cfg?.bookingWindowDays ?? 14;
    const result = await api.availability(from, days);
    availability.value = settle(result, (response) => ({ from, days, response }));
    if (result.ok) {
      announce(tr().daysOpen(result.data.availableDates.length));
      reportLoad();
    }
  }

  function startBooking() {
    intentAt ||= performance.now();
    batch(() => {
      isOpen.value = true;
      dispatch({ type: "START_BOOKING" });
    });
    const status = availability.value.status;
    if (status === "ready") reportLoad();
    else if (status !== "loading") void loadAvailability();
  }

  /** Back to the calendar for a new date: forget the chosen day and fetch fresh times. */
  function calendarAgain(event: ModeEvent) {
    batch(() => {
      manageNotice.value = selectedDate.value = null;
      dispatch(event);
    });
    void loadAvailability();
  }

  const pickDate = (date: string) => (selectedDate.value = date);

  /** Lead details typed in the chat fill the form's empty, untouched fields. */
  function prefill() {
    const next = { ...form.value };
    for (const key of ["firstName", "lastName", "email", "phone"] as const) {
      const value = lead.value[key];
      if (value && !editedFields.has(key) && !next[key]) next[key] = value;
    }
    form.value = next;
  }

  function pickSlot(start: string) {
    batch(() => {
      prefill();
      clearProblems();
      dispatch({ type: "PICK_SLOT", start });
    });
  }

  function back() {
    dispatch({ type: "BACK" });
    // A 409 or a booking made the loaded times stale; the calendar fetches them again.
    const a = availability.value.status;
    if (state.value.mode === "calendar" && (a === "idle" || a === "error")) void loadAvailability();
  }

  // ---- confirmation ----

  function setField<K extends FormField>(field: K, value: BookingForm[K]) {
    editedFields.add(field);
    form.value = { ...form.value, [field]: value };
  }

  function setFieldError(field: FormField, message: string | undefined) {
    const next = { ...errors.value, [field]: message };
    if (!message) delete next[field];
    errors.value = next;
  }

  function bookingRequest(start: string): BookTourRequest {
    const f = form.value;
    const questions = configData.value?.leasingQuestions;
    const request: BookTourRequest = {
      start,
      firstName: f.firstName.trim(),
      lastName: f.lastName.trim(),
      email: f.email.trim(),
      smsConsent: f.smsConsent,
      sessionId: options.sessionId,
      website: f.website,
      language: lang.value,
    };
    const phone = f.phone.trim();
    const specialRequests = f.specialRequests.trim();
    const pets = f.pets.trim();
    if (phone) request.phone = phone;
    if (specialRequests) request.specialRequests = specialRequests;
    if (f.smsConsent) request.smsConsentText = configData.value?.smsConsentText ?? "";
    if (questions?.moveInDate && f.moveInDate) request.moveInDate = f.moveInDate;
    if (questions?.bedrooms && f.bedrooms) request.bedrooms = Number(f.bedrooms);
    if (questions?.pets && pets) request.pets = pets;
    return request;
  }

  /** Shows field errors (with one announcement) and returns the first field, for the view to focus. */
  function showErrors(fieldErrors: FieldErrors): FormField | null {
    errors.value = fieldErrors;
    const fields = Object.keys(fieldErrors) as FormField[];
    if (fields.length) announce(tr().fixErrors(fields.length));
    return fields[0] ?? null;
  }

  /** Returns the first field that needs attention, for the view to focus, or null. */
  async function submitBooking(): Promise<FormField | null> {
    const current = state.value;
    if (current.mode !== "confirmation" || submitting.value) return null;
    const invalid = showErrors(validateForm(form.value, tr()));
    if (invalid) return invalid;
    const request = bookingRequest(current.start);
    const body = JSON.stringify(request);
    // A retry of the same submission reuses its key, so a lost response cannot book twice.
    if (lastSubmission?.body !== body) lastSubmission = { body, key: uuid() };
    batch(() => {
      submitting.value = true;
      clearProblems();
    });
    const result = await api.book(request, lastSubmission.key);
    submitting.value = false;
    if (result.ok) {
      batch(() => {
        availability.value = IDLE;
        selectedDate.value = null;
        dispatch({ type: "BOOKED", booking: result.data.booking });
      });
      announce(tr().bookedHeading);
      return null;
    }
    const taken = takenAlternatives(result);
    if (taken) {
      batch(() => {
        alternatives.value = taken;
        availability.value = IDLE;
      });
      announce(tr().slotTaken);
      return null;
    }
    if (result.kind === "http" && result.body?.error.code === "invalid_input") {
      // Errors on fields the form shows go beside them; any others become one message.
      const known: FieldErrors = {};
      const other: string[] = [];
      for (const [field, message] of Object.entries(result.body.error.fields ?? {})) {
        if (field in form.value && field !== "website") known[field as FormField] = message;
        else other.push(message);
      }
      const first = batch(() => {
        formMessage.value = other.length ? other.join(" ") : Object.keys(known).length ? null : result.body?.error.message ?? tr().genericError;
        return showErrors(known);
      });
      if (!first) announce(formMessage.value ?? "");
      return first;
    }
    bookingFailure.value = result;
    return null;
  }

  function chooseAlternative(alternative: Alternative) {
    const inManage = state.value.mode === "manage";
    batch(() => {
      alternatives.value = [];
      dispatch({ type: "PICK_SLOT", start: alternative.start });
    });
    announce(tr().alternativeChosen(formatWhen(alternative.start)));
    if (inManage) manageFailure.value = null;
  }

  // ---- success ----

  function backToChat() {
    const current = state.value;
    batch(() => {
      if (current.mode === "success") say("bot", tr().bookedInChat(formatWhen(current.booking.start, current.booking.timezone)));
      dispatch({ type: "BACK_TO_CHAT" });
    });
  }

  // ---- manage ----

  async function loadManage() {
    const token = manageToken.value;
    if (!token) return;
    managed.value = LOADING;
    const result = await api.manage(token);
    batch(() => {
      // The manage page speaks the booking's language, whatever the page it opened on.
      const language = result.ok ? result.data.booking.language : undefined;
      if (language === "en" || language === "es") lang.value = language;
      managed.value = settle(result, (data) => data.booking);
    });
  }

  function openManage(token: string) {
    batch(() => {
      manageToken.value = token;
      manageNotice.value = manageFailure.value = null;
      isOpen.value = true;
      dispatch({ type: "OPEN_MANAGE" });
    });
    void ensureConfig();
    void loadManage();
  }

  async function runManageAction(call: (token: string) => ReturnType<Api["cancel"]>, notice: (b: ManagedBooking) => string) {
    const token = manageToken.value;
    if (!token || manageBusy.value) return;
    batch(() => {
      manageBusy.value = true;
      manageFailure.value = null;
      alternatives.value = [];
    });
    const result = await call(token);
    manageBusy.value = false;
    if (result.ok) {
      const updated = result.data.booking;
      batch(() => {
        managed.value = { status: "ready", data: updated };
        manageNotice.value = notice(updated);
        availability.value = IDLE;
        dispatch({ type: "MANAGE_DONE" });
      });
      announce(manageNotice.value ?? "");
      return;
    }
    const taken = takenAlternatives(result);
    if (taken) {
      alternatives.value = taken;
      announce(tr().slotTaken);
    } else manageFailure.value = result;
  }

  const confirmCancel = () => runManageAction(api.cancel, () => tr().cancelled);

  const confirmReschedule = () => {
    const current = state.value;
    if (current.mode === "manage" && current.start) {
      const start = current.start;
      return runManageAction(
        (token) => api.reschedule(token, start),
        (b) => tr().rescheduled(formatWhen(b.start, b.timezone)),
      );
    }
  };

  // ---- the dialog ----

  function open(target?: string) {
    isOpen.value = true;
    void ensureConfig();
    const mode = state.value.mode;
    if (target === "calendar" && (mode === "chat" || mode === "success")) startBooking();
  }

  function close() {
    if (!options.inline) isOpen.value = false;
  }

  // Views read `t` and `options.locale` while rendering, so they follow the language.
  const viewOptions: StoreOptions = Object.defineProperty({ ...options }, "locale", { get: locale, enumerable: true });

  return {
    get t() {
      return tr();
    },
    lang,
    options: viewOptions,
    state,
    isOpen,
    configData,
    brandColor,
    greeting,
    timeZone,
    visitorTimeZone: visitorTz,
    contact,
    messages,
    draft,
    lead,
    availability,
    selectedDate,
    form,
    errors,
    formMessage,
    submitting,
    bookingFailure,
    alternatives,
    managed,
    manageToken,
    manageNotice,
    manageBusy,
    manageFailure,
    announcement,
    now,
    formatWhen,
    dispatch,
    ensureConfig,
    send,
    quickReply,
    loadAvailability,
    startBooking,
    pickDate,
    pickSlot,
    back,
    setField,
    setFieldError,
    submitBooking,
    chooseAlternative,
    bookAnother: () => calendarAgain({ type: "START_BOOKING" }),
    backToChat,
    openManage,
    loadManage,
    askCancel: () => dispatch({ type: "ASK_CANCEL" }),
    confirmCancel,
    confirmReschedule,
    startReschedule: () => calendarAgain({ type: "START_RESCHEDULE" }),
    open,
    close,
  };
}

export type { Booking };
