/** @jsxImportSource preact */
// Picks a free slot the slot engine offers (lumaleasing/v1/office/slots): a day, then a time.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { formatDay } from "../format.ts";
import { t } from "../i18n.ts";
import type { ToursApi } from "./api.ts";
import type { SlotDay } from "./types.ts";

export const SLOT_DAYS = 14;

interface SlotPickerProps {
  api: ToursApi;
  id: string;
  value: string;
  onChange: (start: string) => void;
  /** Only slots where this agent is free (a reschedule keeps the tour's agent). */
  agentId?: string | null;
  error?: string;
  /** Changes to this number load the slots again (after a 409, say). */
  reloadKey?: number;
}

export function SlotPicker({ api, id, value, onChange, agentId, error, reloadKey = 0 }: SlotPickerProps) {
  const [days, setDays] = useState<SlotDay[] | null>(null);
  const [loadError, setLoadError] = useState("");
  const [date, setDate] = useState("");
  useEffect(() => {
    let live = true;
    setDays(null);
    api.slots("", SLOT_DAYS).then((r) => {
      if (!live) return;
      const usable = r.days
        .map((d) => ({ ...d, slots: agentId ? d.slots.filter((s) => s.agentCalendarIds.includes(agentId)) : d.slots }))
        .filter((d) => d.slots.length > 0);
      setDays(usable);
      const chosen = usable.find((d) => d.slots.some((s) => s.start === value)) ?? usable[0];
      setDate(chosen?.date ?? "");
    }).catch((err) => live && setLoadError(err instanceof ApiError ? err.message : t("The free times could not be loaded.")));
    return () => {
      live = false;
    };
  }, [api, agentId, reloadKey]);

  if (loadError) return <p class="ll-field-error" role="alert">{loadError}</p>;
  if (!days) return <p class="ll-muted">{t("Loading free times…")}</p>;
  if (days.length === 0) return <p class="ll-muted">{t("No free times in the next two weeks.")}</p>;
  const day = days.find((d) => d.date === date) ?? days[0];
  const errorId = `${id}-error`;
  return (
    <div class="ll-slot-picker">
      <p>
        <label for={`${id}-day`}>{t("Day")}</label>
        <select id={`${id}-day`} value={day.date} onChange={(e) => {
          setDate((e.target as HTMLSelectElement).value);
          onChange("");
        }}>
          {days.map((d) => <option key={d.date} value={d.date}>{formatDay(d.date)}</option>)}
        </select>
      </p>
      <p>
        <label for={`${id}-time`}>{t("Time")}</label>
        <select
          id={`${id}-time`}
          value={value}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t("Choose a time")}</option>
          {day.slots.map((s) => <option key={s.start} value={s.start}>{s.time}</option>)}
        </select>
      </p>
      {error && <p id={errorId} class="ll-field-error">{error}</p>}
    </div>
  );
}
