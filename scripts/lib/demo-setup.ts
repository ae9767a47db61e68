// Puts the demo property in the state a newcomer should see: calendars connected.
export async function connectDemoCalendars(_opts: { adminUrl: string; googleUrl: string; env: Record<string, string>; enabled: boolean }) {
  // Filled in with the Google connection.
}
