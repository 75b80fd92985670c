vcl 4.1;
# Varnish in front of Newsroom's gunicorn processes.
#
# Readers share one cached copy of each page: their cookies are dropped, and
# the app's Cache-Control (public, s-maxage) decides what is kept and for how
# long. Editors (a session cookie) and the admin always reach the app.
# Publishing sends PURGE for each affected URL (wagtail.contrib.frontend_cache
# HTTPBackend); a purge bans every cached variant of that path (any ?query).
# A PURGE with "X-Purge-Scope: site" (articles.purge.RetryingHTTPBackend sends
# one for the URL "https://host/*" when a story is taken down) bans every page
# of the host.

import std;
# Debian's varnish-modules: the search rate is refused here, before it costs
# the app anything.
import vsthrottle;

backend default {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# The app servers, which purge on publish. Behind a TLS proxy on this host every
# reader comes from 127.0.0.1 too: have the proxy refuse PURGE.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # One cached copy, and one purge, whatever case or trailing dot a client
    # writes the host with. Other names and ports get the app's redirect to the
    # Site's own address (articles.middleware.CanonicalURLMiddleware), and a
    # cached redirect never goes stale.
    set req.http.host = std.tolower(regsub(req.http.host, "\.(:[0-9]+)?$", "\1"));
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging not allowed"));
        }
        # A story taken down may be on any page (other stories' related lists):
        # the app asks for every page of the host, static files and media aside.
        if (req.http.X-Purge-Scope == "site") {
            if (std.ban("obj.http.x-host == " + req.http.host
                    + {" && obj.http.x-url-path !~ "^/(static|media)/""})) {
                return (synth(200, "Purged site"));
            }
            return (synth(400, std.ban_error()));
        }
        # std.ban() (ban() is deprecated) reports a malformed ban instead of
        # dropping it silently: the purge then fails loudly, in Wagtail's log.
        if (std.ban("obj.http.x-url-path == " + regsub(req.url, "\?.*$", "")
                + " && obj.http.x-host == " + req.http.host)) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)/") {
        return (pass);
    }
    # An embargoed story for a preview link's holder (articles.views.shared_story):
    # the app marks it private, no-store, and it is never looked up or kept here
    # either, so a revoked link stops at once.
    if (req.url ~ "^/shared/") {
        return (pass);
    }
    if (req.url ~ "^/search/") {
        # Searches are never cached, so a flood of distinct ones would all reach
        # the app and take the CPU that cached pages are served with. The app
        # limits the searches it runs per address (NEWSROOM_SEARCH_RATE, 30 a
        # minute by default and 5 in any 10 seconds, counting only searches its
        # cache cannot answer); this outer wall, at twice that, refuses the rest
        # at almost no cost. Its bucket holds 10 and refills one a second: 60 a
        # minute, but never a minute's worth at once, so a flood's addresses
        # cannot all spend theirs in its first second.
        # Raise both together. A reader behind a proxy on this host (TLS) is
        # the address that proxy appended to X-Forwarded-For, before Varnish's
        # own entry; anyone else is the address that connected.
        set req.http.x-throttle-key = client.ip;
        if (client.ip ~ purgers && req.http.X-Forwarded-For ~ ",") {
            set req.http.x-throttle-key = regsub(
                req.http.X-Forwarded-For, "^(?:.*,)?\s*([^,\s]+)\s*,[^,]*$", "\1");
        }
        if (vsthrottle.is_denied("search:" + req.http.x-throttle-key, 10, 10s)) {
            unset req.http.x-throttle-key;
            return (synth(429, "Too many searches"));
        }
        unset req.http.x-throttle-key;
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    unset req.http.Cookie;
    # Campaign and click ids (articles.text.TRACKING_PARAMETER) are no page's:
    # dropped, so a shared link is the page every reader gets from the cache.
    if (req.url ~ "[?&](utm_[A-Za-z0-9_]*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|twclid|igshid|mc_cid|mc_eid|_ga|_gl)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[A-Za-z0-9_]*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|twclid|igshid|mc_cid|mc_eid|_ga|_gl)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    return (hash);
}

sub vcl_backend_response {
    # Remembered on the object so a PURGE can ban by path, whatever the query.
    set beresp.http.x-url-path = regsub(bereq.url, "\?.*$", "");
    set beresp.http.x-host = bereq.http.host;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Only what the app marked public is cached; everything else passes.
    if (!beresp.http.Cache-Control ~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url-path;
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    if (resp.status == 429) {
        # What the app's own 429 says (articles/search_paused.html), without
        # asking the app: a short page, never stored.
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Cache-Control = "no-store";
        set resp.http.Retry-After = "10";
        set resp.http.Content-Security-Policy = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        set resp.http.X-Content-Type-Options = "nosniff";
        set resp.http.Referrer-Policy = "same-origin";
        set resp.body = {"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Too many searches</title></head>
<body><main><h1>Too many searches</h1>
<p role="alert">Too many searches from your address in a few seconds. Please wait 10 seconds and search again.</p>
<p><a href="/">Front page</a></p></main></body>
</html>
"};
        return (deliver);
    }
}
