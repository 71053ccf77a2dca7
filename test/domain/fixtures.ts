// The record input the domain tests fold, plan and validate.
export const sampleInput = {
  guest_name: "Ada Lovelace",
  confirmation_number: "CNF1001",
  check_in: "2026-10-01",
  check_out: "2026-10-03",
  hotel: { name: "Grand Hotel", phone: "+14155550100" },
};
