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
    if (req.url ~ "^/(admin|django-admin)/" || req.url ~ "^/search/") {
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
