//! The request context: who is asking (session), in which language, the CSRF token their
//! forms must carry, and where they come from. Resolved once per request by [`resolve`],
//! which also renders every [`Failure`] in the reader's language.

use crate::error::Failure;
use crate::render;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kakehashi_core::accounts::{self, Client, Session};
use kakehashi_core::{Actor, CoreError, Lang};

pub const SESSION_COOKIE: &str = "kk_session";
pub const CSRF_COOKIE: &str = "kk_csrf";
pub const LANG_COOKIE: &str = "kk_lang";
pub use kakehashi_core::sign_in_limit::DEVICE_COOKIE;
/// The header a cookie-authenticated API change carries its CSRF token in.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    pub session: Option<Session>,
    /// The token a form must carry: the session's, or the anonymous visitor's cookie.
    pub csrf: String,
    pub client: Client,
    /// The path of this request, for links back and the language switcher.
    pub path: String,
    pub query: Option<String>,
    pub secure: bool,
    /// The rule tables this server runs with (compiled-in, or `KAKEHASHI_RULES_DIR`).
    pub rules: kakehashi_core::Rules,
}

impl Ctx {
    pub fn actor(&self) -> Option<&Actor> {
        self.session.as_ref().map(|s| &s.actor)
    }

    /// The signed-in actor, or 401.
    pub fn signed_in(&self) -> Result<&Actor, CoreError> {
        self.actor().ok_or(CoreError::Unauthenticated)
    }

    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// A `Set-Cookie` value: HttpOnly and SameSite=Lax always, Secure over https.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).expect("cookie values are token characters")
}

/// The cookies of a session that just started: the session itself, and the known-device
/// cookie that exempts this browser from the shared sign-in limits next time.
pub fn session_cookies(
    state: &AppState,
    ctx: &Ctx,
    start: &accounts::SessionStart,
) -> [HeaderValue; 2] {
    [
        set_cookie(
            SESSION_COOKIE,
            &start.token,
            Some(start.max_age_secs),
            ctx.secure,
        ),
        set_cookie(
            DEVICE_COOKIE,
            &start.device,
            Some(state.core.settings().known_device_secs),
            ctx.secure,
        ),
    ]
}

/// The cookie that remembers the language chosen in this browser.
pub fn lang_cookie(lang: Lang, secure: bool) -> HeaderValue {
    set_cookie(LANG_COOKIE, lang.code(), Some(365 * 24 * 3600), secure)
}

/// The value of `name` in the query string, if present and decodable.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// True when every percent-escape of the query decodes to valid UTF-8.
fn query_is_utf8(query: &str) -> bool {
    query.split('&').all(|pair| {
        let plus = pair.replace('+', " ");
        percent_encoding::percent_decode_str(&plus)
            .decode_utf8()
            .is_ok()
    })
}

/// The entry of a forwarded list (`X-Forwarded-For`, `X-Forwarded-Proto`) that the outermost
/// of our `proxies` wrote: each proxy appends what it saw, so that is the `proxies`-th entry
/// from the right. Entries further left were written by the client and prove nothing. (A
/// shorter list than expected holds only our proxies' entries: its first is the outermost.)
fn forwarded_entry(headers: &HeaderMap, name: &str, proxies: usize) -> Option<String> {
    let entries: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let at = entries.len().saturating_sub(proxies.max(1));
    entries.get(at).map(|e| (*e).to_owned())
}

/// An address as written in `X-Forwarded-For` (`203.0.113.7`, `203.0.113.7:4711`,
/// `[2001:db8::1]:4711`), without its port.
fn forwarded_address(entry: &str) -> Option<std::net::IpAddr> {
    entry
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

fn client_of(state: &AppState, req: &Request) -> Client {
    let forwarded = state
        .config
        .trust_proxy
        .then(|| {
            forwarded_entry(
                req.headers(),
                "x-forwarded-for",
                state.config.trusted_proxies,
            )
        })
        .flatten()
        .and_then(|e| forwarded_address(&e))
        .map(|ip| ip.to_string());
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    Client {
        address: forwarded.or(peer).unwrap_or_default(),
        user_agent: req
            .headers()
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        device: cookie(req.headers(), DEVICE_COOKIE).map(str::to_owned),
    }
}

/// Marks a response made for a signed-in session.
#[derive(Clone, Copy)]
struct ForSession;

/// Middleware: resolves the [`Ctx`], runs the request, renders failures, sets cookies. No
/// cache keeps an API answer, a page shown to a signed-in session or a response that sets a
/// cookie (`Cache-Control: no-store`): they are someone's own.
pub async fn resolve(state: State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let asset = req.uri().path().starts_with("/static/");
    let mut res = resolve_request(state, req, next).await;
    let for_session = res.extensions_mut().remove::<ForSession>().is_some();
    let private = api || (!asset && for_session) || res.headers().contains_key(SET_COOKIE);
    if private {
        res.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
    }
    res
}

async fn resolve_request(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let headers = req.headers().clone();
    let secure = state.config.secure_cookies
        || (state.config.trust_proxy
            && forwarded_entry(&headers, "x-forwarded-proto", state.config.trusted_proxies)
                .is_some_and(|v| v.eq_ignore_ascii_case("https")));
    let client = client_of(&state, &req);
    let mut set_cookies: Vec<HeaderValue> = Vec::new();

    let mut ctx = Ctx {
        lang: Lang::default(),
        session: None,
        csrf: String::new(),
        client,
        path: path.clone(),
        query: query.clone(),
        secure,
        rules: state.core.rules(),
    };
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let early_lang = kakehashi_i18n::negotiate(None, None, cookie(&headers, LANG_COOKIE), accept);
    ctx.lang = early_lang;

    if let Some(q) = &query
        && !query_is_utf8(q)
    {
        return render::failure(&ctx, Failure::new(StatusCode::BAD_REQUEST, "invalid_query"));
    }

    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        match accounts::resume(&state.core, token).await {
            Ok(s) => ctx.session = s,
            Err(e) => return render::failure(&ctx, Failure::from(e)),
        }
    }

    // `?lang=` only remembers the choice in this browser: a GET changes nothing stored. The
    // account's language changes on the account page (or `PUT /api/v1/me/language`).
    let asked = query_param(query.as_deref(), "lang").and_then(|l| Lang::parse(&l));
    if let Some(lang) = asked {
        set_cookies.push(lang_cookie(lang, secure));
    }
    ctx.lang = kakehashi_i18n::negotiate(
        asked.map(Lang::code),
        ctx.session.as_ref().map(|s| s.actor.language.as_str()),
        cookie(&headers, LANG_COOKIE),
        accept,
    );

    ctx.csrf = match (&ctx.session, cookie(&headers, CSRF_COOKIE)) {
        (Some(s), _) => s.csrf_token.clone(),
        (None, Some(c)) if c.len() == 43 => c.to_owned(),
        (None, _) => {
            let token = kakehashi_core::crypto::random_token();
            set_cookies.push(set_cookie(CSRF_COOKIE, &token, None, secure));
            token
        }
    };

    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;

    if let Some(f) = res.extensions_mut().remove::<Failure>() {
        // A session the handler just ended or started is reflected in its own cookies.
        let cookies: Vec<HeaderValue> = res.headers().get_all(SET_COOKIE).iter().cloned().collect();
        res = render::failure(&ctx, f);
        for c in cookies {
            res.headers_mut().append(SET_COOKIE, c);
        }
    } else if res.status().is_client_error() || res.status().is_server_error() {
        // No body of ours: a bare status, or an extractor's plain-text English rejection.
        let bare = res
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
        if bare {
            let code = match res.status() {
                StatusCode::NOT_FOUND => "not_found",
                StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
                StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => "unavailable",
                s if s.is_server_error() => "internal",
                _ => "bad_request",
            };
            res = render::failure(&ctx, Failure::new(res.status(), code));
        }
    }
    for c in set_cookies {
        res.headers_mut().append(SET_COOKIE, c);
    }
    if ctx.session.is_some() {
        res.extensions_mut().insert(ForSession);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_queries() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; kk_lang=ja;b=2"));
        assert_eq!(cookie(&h, LANG_COOKIE), Some("ja"));
        assert_eq!(cookie(&h, "c"), None);
        assert_eq!(
            query_param(Some("x=1&lang=en"), "lang").as_deref(),
            Some("en")
        );
        assert!(query_is_utf8("q=c%C3%B4ng+ty&x="));
        assert!(!query_is_utf8("q=%FF%FE"));
        assert!(!query_is_utf8("q=%C3"));
    }

    #[test]
    fn only_our_proxies_entries_are_believed() {
        let mut h = HeaderMap::new();
        h.append(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 7.7.7.7"),
        );
        h.append("x-forwarded-for", HeaderValue::from_static("203.0.113.7"));
        assert_eq!(
            forwarded_entry(&h, "x-forwarded-for", 1).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_entry(&h, "x-forwarded-for", 2).as_deref(),
            Some("7.7.7.7")
        );
        assert_eq!(
            forwarded_entry(&h, "x-forwarded-for", 9).as_deref(),
            Some("6.6.6.6")
        );
        assert_eq!(
            forwarded_entry(&HeaderMap::new(), "x-forwarded-for", 1),
            None
        );
        assert_eq!(
            forwarded_address("[2001:db8::1]:4711")
                .map(|a| a.to_string())
                .as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            forwarded_address("203.0.113.7:80")
                .map(|a| a.to_string())
                .as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(forwarded_address("unknown"), None);
    }

    #[test]
    fn cookies_are_http_only_and_lax() {
        let c = set_cookie("kk_session", "t", Some(60), true);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
    }
}
