// The page shell: skip link, navigation (what the role may see), the signed-in key and sign-out, and the
// live-update switch. Views are plain functions of data; routes fetch and decide.
import type { Child } from "hono/jsx";
import type { Principal, Role } from "../../http/auth";

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export interface PageCtx {
  principal: Principal;
  csrf: string;
  local: boolean;
  simulation: boolean;
}

/** Whether the signed-in key may act (operator and up): viewers get no action buttons at all. */
export const canAct = (p: PageCtx) => rank[p.principal.role] >= rank.operator;

const NAV: { href: string; label: string; show?: (p: PageCtx) => boolean }[] = [
  { href: "/dash", label: "Overview" },
  { href: "/dash/records", label: "Records" },
  { href: "/dash/calls", label: "Calls" },
  { href: "/dash/escalations", label: "Escalations" },
  { href: "/dash/inbox", label: "Inbox" },
  { href: "/dash/hotels", label: "Hotels" },
  { href: "/dash/messages", label: "Texts" },
  { href: "/dash/outbox", label: "Outbox", show: (p) => p.local },
  { href: "/dash/simulation", label: "Simulation", show: (p) => p.simulation },
];

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Layout(props: { ctx: PageCtx; title: string; active: string; live?: boolean; liveUrl?: string; children?: Child }) {
  const { ctx } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Folio`}</title>
        <link rel="stylesheet" href="/dash/assets/app.css" />
      </head>
      <body data-live={props.live === false ? "off" : "on"} data-live-url={props.liveUrl} data-role={ctx.principal.role}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <strong>Folio</strong>
          <nav aria-label="Main">
            <ul>
              {NAV.filter((n) => !n.show || n.show(ctx)).map((n) => (
                <li>
                  <a href={n.href} aria-current={props.active === n.href ? "page" : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="who">
            <span>
              {ctx.principal.name}{" "}
              <span class="status" data-testid="role">
                {ctx.principal.role}
              </span>
            </span>
            <form method="post" action="/dash/signout" class="inline">
              <Csrf token={ctx.csrf} />
              <button type="submit">Sign out</button>
            </form>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <script src="/dash/assets/app.js" defer></script>
      </body>
    </html>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{status.replaceAll("_", " ")}</span>;
}

export function Flash({ message, error }: { message?: string | null; error?: string | null }) {
  return (
    <>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">—</span>;
  return <time datetime={at}>{at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")}</time>;
}
