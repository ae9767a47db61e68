// A property's manager emails: stored in properties.manager_email, comma-separated; the
// alert emails go to each of them.

export function managerList(stored: string | null | undefined): string[] {
  return (stored ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function storedManagers(list: string[]): string | null {
  return list.length ? list.join(", ") : null;
}
