// What a dialog shows after the backend refused an action: its message, the fields it named,
// the free alternatives of a taken slot, and a key that makes the slot picker ask again.
import { useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t } from "../i18n.ts";
import { alternativesOf } from "./api.ts";
import type { Alternative } from "./types.ts";

export function useRefusal() {
  const [error, setError] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [alternatives, setAlternatives] = useState<Alternative[]>([]);
  const [reloadSlots, setReloadSlots] = useState(0);
  return {
    error,
    fields,
    alternatives,
    reloadSlots,
    /** A field the form itself found missing, before asking the backend. */
    setFields,
    clear() {
      setError("");
      setFields({});
      setAlternatives([]);
    },
    show(err: unknown) {
      const e = err instanceof ApiError ? err : null;
      setError(e?.message ?? t("Something went wrong. Please try again."));
      setFields(e?.fields ?? {});
      setAlternatives(alternativesOf(err));
      // The slot was taken meanwhile: the picker shows what is free now.
      if (e?.code === "lumaleasing_slot_taken") setReloadSlots((n) => n + 1);
    },
  };
}
