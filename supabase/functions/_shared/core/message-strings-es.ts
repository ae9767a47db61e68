// The prospect's messages in Spanish (tú, as the widget speaks). SMS templates use only
// GSM-7 letters (é ñ ¿ ¡ are in it; á í ó ú are not), so a Spanish text stays one segment;
// dates in SMS are transliterated ("sáb" → "sab").
import { es as esLocale } from "date-fns/locale/es";
import type { MessageStrings } from "./message-strings.ts";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const es: MessageStrings = {
  lang: "es",
  locale: esLocale,
  dates: {
    full: "EEEE, d 'de' MMMM 'de' yyyy 'a las' h:mm aaaa {zone}",
    fullNoYear: "EEEE d 'de' MMMM 'a las' h:mm aaaa {zone}",
    short: "EEE d 'de' MMM, h:mm aaaa {zone}",
    time: "h:mm aaaa {zone}",
    smsWhen: "EEE d 'de' MMM, h:mm aaa {zone}",
    smsShort: "d/M h:mmaaa {zone}",
    smsTime: "h:mm aaa {zone}",
  },
  // One o'clock is singular: "a la 1:00 p.m.".
  fixDate: (text) => text.replace(/\ba las 1:/g, "a la 1:"),
  duration: (hours, minutes) =>
    [...(hours ? [plural(hours, "hora", "horas")] : []), ...(minutes ? [plural(minutes, "minuto", "minutos")] : [])].join(" y "),
  withDuration: (when, duration) => `${when} (${duration})`,
  defaultWhatToBring: "una identificación con foto",
  hi: (first) => (first ? `Hola, ${first}` : "Hola"),
  facts: {
    when: "Cuándo",
    where: "Dónde",
    openMaps: "Abrir en Google Maps",
    guide: "Te atiende",
    whatToBring: "Qué traer",
    questions: "Preguntas",
    cancelledTour: "Visita cancelada",
    previously: "Antes",
  },
  contact: (phone, email) =>
    phone && email ? `Llama al ${phone} o escribe a ${email}` : phone ? `Llama al ${phone}` : email ? `Escribe a ${email}` : "",
  manageLabel: "Cambiar o cancelar",
  openLink: "O abre este enlace:",
  confirmation: {
    subject: (name, short) => `Visita confirmada: ${name}, ${short}`,
    preheader: (when, address) => (address ? `Te esperamos el ${when} en ${address}.` : `Te esperamos el ${when}.`),
    heading: "Tu visita está confirmada",
    intro: (hi, name) => `${hi}, gracias por agendar una visita en ${name}. Será un gusto conocerte.`,
    manageHint: "¿Necesitas cambiar o cancelar? Usa este enlace en cualquier momento antes de tu visita.",
    invite: "Agrega la visita a tu calendario con la invitación adjunta.",
  },
  reminder24h: {
    subject: (name, short) => `Recordatorio: tu visita en ${name} es el ${short}`,
    preheader: (when, bring) => `Tu visita es el ${when}. Trae ${bring}.`,
    heading: "Tu visita se acerca",
    intro: (hi, name, full) => `${hi}, te recordamos tu visita en ${name} el ${full}.`,
  },
  reminder1h: {
    subject: (name, time) => fixOne(`Muy pronto: tu visita en ${name} a las ${time}`),
    preheader: (time, address) =>
      fixOne(address ? `Tu visita empieza a las ${time} en ${address}.` : `Tu visita empieza a las ${time}.`),
    heading: "Tu visita empieza pronto",
    intro: (hi, name, time) => fixOne(`${hi}, te recordamos que tu visita en ${name} empieza a las ${time}.`),
  },
  reminderManageHint: "¿Cambiaron tus planes? Aquí puedes cambiar o cancelar tu visita.",
  cancelled: {
    subject: (name, short) => `Visita cancelada: ${name}, ${short}`,
    preheader: (when) => `Tu visita del ${when} fue cancelada.`,
    heading: "Tu visita fue cancelada",
    intro: (hi, name, full, byProperty) =>
      byProperty
        ? `${hi}, lo sentimos: el equipo de arrendamiento de ${name} tuvo que cancelar tu visita del ${full}.`
        : `${hi}, tu visita en ${name} del ${full} fue cancelada.`,
    again: "Nos encantaría mostrarte la comunidad. Elige un nuevo horario cuando te convenga.",
    bookAgain: "Agendar otro horario",
  },
  rescheduled: {
    subject: (name, short) => `Visita reprogramada: ${name}, ahora el ${short}`,
    preheader: (when) => `Tu visita ahora es el ${when}.`,
    heading: "Tu visita tiene un nuevo horario",
    intro: (hi, name, full) => `${hi}, tu visita en ${name} ahora es el ${full}.`,
    manageHint: "¿Necesitas otro horario? Aquí puedes cambiar o cancelar tu visita.",
    invite: "La invitación adjunta actualiza el evento en tu calendario.",
  },
  followUp: {
    subject: (name) => `Gracias por visitar ${name}`,
    preheader: (name) => `¿Listo para vivir en ${name}? Solicita en línea en unos minutos.`,
    heading: "Gracias por tu visita",
    intro: (hi, name) => `${hi}, gracias por visitar ${name}. Fue un gusto mostrarte la comunidad.`,
    next: "Si te gustó lo que viste, el siguiente paso es una breve solicitud en línea.",
    apply: "Solicitar ahora",
    applyHint: "¿Preguntas sobre la solicitud? La oficina de arrendamiento con gusto te ayuda.",
  },
  sms: {
    fallbackName: "Visita",
    confirmation: [
      (w) => `${w.n}: confirmamos tu visita para el ${w.when}. Cambiar o cancelar: ${w.url}`,
      (w) => `${w.n}: visita confirmada el ${w.when}. Cambios: ${w.url}`,
      (w) => `${w.n}: visita ${w.short}. ${w.url}`,
    ],
    reminder24h: [
      (w) => `${w.n}: recordatorio, tu visita es el ${w.when}. Cambiar o cancelar: ${w.url}`,
      (w) => `${w.n}: recordatorio, visita el ${w.when}. Cambios: ${w.url}`,
      (w) => `${w.n}: recordatorio, visita ${w.short}. ${w.url}`,
    ],
    reminder1h: [
      (w) => fixOne(`${w.n}: recordatorio, tu visita empieza a las ${w.time}. ¡Te esperamos! Cambios: ${w.url}`),
      (w) => fixOne(`${w.n}: recordatorio, visita a las ${w.time}. Cambios: ${w.url}`),
      (w) => `${w.n}: recordatorio, visita ${w.time}. ${w.url}`,
    ],
    cancelled: [
      (w) => `${w.n}: tu visita del ${w.when} fue cancelada. Agenda otro horario: ${w.url}`,
      (w) => `${w.n}: visita del ${w.when} cancelada. Reagendar: ${w.url}`,
      (w) => `${w.n}: visita ${w.short} cancelada. ${w.url}`,
    ],
    rescheduled: [
      (w) => `${w.n}: tu visita ahora es el ${w.when}. Cambiar o cancelar: ${w.url}`,
      (w) => `${w.n}: visita ahora el ${w.when}. Cambios: ${w.url}`,
      (w) => `${w.n}: visita ahora ${w.short}. ${w.url}`,
    ],
  },
  ics: {
    summary: (name) => `Visita - ${name}`,
    description: (name, url) => `Tu visita al departamento en ${name}. Cambiar o cancelar: ${url}`,
    alarmDay: "Visita al departamento mañana",
    alarmHour: "Visita al departamento en 1 hora",
  },
};

/** "a las 1:00" → "a la 1:00" where a time follows "a las" in a template. */
function fixOne(text: string): string {
  return text.replace(/\ba las 1:/g, "a la 1:");
}
