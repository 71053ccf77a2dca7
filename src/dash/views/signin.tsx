// Sign-in: an API key, exchanged for a session cookie. The key is never stored in the browser.
export function SignInPage(props: { csrf: string; next: string; error?: string | null; message?: string | null }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · Folio</title>
        <link rel="stylesheet" href="/dash/assets/app.css" />
      </head>
      <body data-live="off">
        <main id="main" style="max-width:420px">
          <h1>Sign in to Folio</h1>
          {props.message ? (
            <p class="notice" role="status">
              {props.message}
            </p>
          ) : null}
          {props.error ? (
            <p class="notice error" role="alert">
              {props.error}
            </p>
          ) : null}
          <form method="post" action="/dash/signin" class="card">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <label for="key">API key</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%" autofocus />
            <p class="muted">Any Folio API key works; what you can do follows its role (viewer, operator, admin).</p>
            <button type="submit">Sign in</button>
          </form>
        </main>
      </body>
    </html>
  );
}
