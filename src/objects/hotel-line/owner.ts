// The name HotelLine goes by as a call's owner (src/objects/call-owners.ts). Stored in every call it
// places, so it never changes.
export const HOTEL_LINE_OWNER = "hotel-line";
