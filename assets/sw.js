/* 民政一键通 — service worker (registered by js/pwa.js, scope "/").
 *
 * - Precaches the offline shell: offline.html, its script and styles, the 长辈版 script, manifest
 *   and icons.
 * - Pages (navigations): network first, revalidated (never a stale copy from the HTTP cache).
 *   When the network fails the fallback is offline.html, which shows the hotline, the saved
 *   copy of the guide asked for and the list of guides opened before. Those copies are the page
 *   cache: js/pwa.js saves the text of each guide, bundle and policy page the user opens (cache
 *   "mz-snapshots-v1"). Reflex pages get their content over the websocket, so a stored page HTML
 *   would open offline as an empty shell; the stored text does not. Pages with personal data
 *   (applications, 我的办件, sign-in …) are never stored anywhere.
 * - Build assets under /assets/ have content hashes in their names: cache first (bounded).
 * - /api/*, the websocket and everything else: network only, never cached.
 *
 * The hotline is written as the mark app.core.config.HOTLINE_MARK: the build (rxconfig.py,
 * HotlineAssets) serves this file with Settings.hotline (HOTLINE) in its place.
 */
"use strict";

var VERSION = "mz-v1";
var SHELL_CACHE = VERSION + "-shell";
var ASSET_CACHE = "mz-assets-v1";
var SNAPSHOTS = "mz-snapshots-v1"; // written by js/pwa.js, read by js/offline.js
var KEEP = [SHELL_CACHE, ASSET_CACHE, SNAPSHOTS];
var OFFLINE_URL = "/offline.html";
var SHELL = [
  OFFLINE_URL, "/js/offline.js", "/js/mode.js", "/js/readaloud.js", "/app.css", "/elder.css", "/manifest.webmanifest",
  "/icons/icon-192.png", "/icons/icon-512.png", "/icons/favicon-64.png",
];
var MAX_ASSETS = 80;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return Promise.all(SHELL.map(function (url) {
        return fetch(url, { cache: "no-cache" }).then(function (resp) {
          if (resp.ok) return cache.put(url, resp);
        }).catch(function () { /* one missing file must not block the rest */ });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("mz-") === 0 && KEEP.indexOf(n) < 0;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function trim(cacheName, max) {
  return caches.open(cacheName).then(function (cache) {
    return cache.keys().then(function (keys) {
      var drops = [];
      for (var i = 0; i < keys.length - max; i++) drops.push(cache.delete(keys[i]));
      return Promise.all(drops);
    });
  });
}

function offlinePage() {
  return caches.open(SHELL_CACHE).then(function (cache) { return cache.match(OFFLINE_URL); })
    .then(function (resp) {
      return resp || new Response(
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>没有网络</title>" +
        "<h1>您现在没有连上网络</h1><p>请联网后再试，或拨打 <a href=\"tel:%HOTLINE%\">%HOTLINE%</a> 咨询。</p></html>",
        { headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
}

function page(event) {
  // cache: "no-cache" — revalidate with the server: a page shell from the HTTP cache would open
  // offline without its data (the server sends no Cache-Control, so browsers guess a lifetime).
  return fetch(event.request, { cache: "no-cache" }).catch(offlinePage);
}

function asset(event) {
  return caches.open(ASSET_CACHE).then(function (cache) {
    return cache.match(event.request).then(function (hit) {
      if (hit) return hit;
      return fetch(event.request).then(function (resp) {
        if (resp.ok && resp.type === "basic") {
          cache.put(event.request, resp.clone());
          event.waitUntil(trim(ASSET_CACHE, MAX_ASSETS));
        }
        return resp;
      });
    });
  });
}

function shellFile(event) {
  // stale-while-revalidate for the small shell files
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(event.request, { ignoreSearch: true }).then(function (hit) {
      var fresh = fetch(event.request).then(function (resp) {
        if (resp.ok) cache.put(event.request, resp.clone());
        return resp;
      });
      if (hit) {
        event.waitUntil(fresh.catch(function () {}));
        return hit;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/api/") === 0 || url.pathname.indexOf("/_") === 0) return;
  if (req.mode === "navigate") return event.respondWith(page(event));
  if (url.pathname.indexOf("/assets/") === 0) return event.respondWith(asset(event));
  if (SHELL.indexOf(url.pathname) >= 0) return event.respondWith(shellFile(event));
});
