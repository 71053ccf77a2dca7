// Found by the hostile-input drill: the dashboard's form posts answer a broken multipart body with a
// 500 (the form parser throws "No initial boundary string"). Bad input must be a 4xx (DESIGN §8).
import { describe, expect, it } from "vitest";
import { call } from "../helpers";

describe("dashboard forms with a broken body", () => {
  for (const path of ["/dash/signin", "/dash/signout"]) {
    it(`POST ${path} with a multipart body that does not match its boundary is a 4xx`, async () => {
      const r = await call("POST", path, {
        key: null,
        body: '--wrong\r\nContent-Disposition: form-data; name="key"\r\n\r\nx\r\n--wrong--',
        headers: { "content-type": "multipart/form-data; boundary=expected" },
      });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    });
  }
});
