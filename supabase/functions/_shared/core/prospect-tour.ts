// The facts about a tour that the prospect's messages and the HubSpot meeting both start from.

/** Who asked for the tour, and when it is. */
export interface ProspectTour {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  specialRequests: string | null;
  startAt: Date;
  endAt: Date;
  previousStartAt: Date | null;
}
