#!/usr/bin/env bash
# Runs docs/deploy/nginx/council.conf for real, from a temporary prefix, in front of two real `council serve`
# instances (SQLite each: enough to check the proxy, not one service), and checks what must pass through it:
# /healthz, /readyz, a pack route, an admin upload, a WebSocket upgrade that syncs, and a graceful drain of one
# instance while the proxy keeps answering from the other. Run from the repository root after `npm ci`:
#   bash docs/deploy/check-nginx.sh
# Needs nginx (apt-get install -y nginx-light), openssl, curl. Leaves nothing behind; ports are overridable.
set -euo pipefail

P1=${P1:-18081} P2=${P2:-18082} HTTP=${HTTP:-18080} HTTPS=${HTTPS:-18443}
NAME=hop.example.gov.vn
ADMIN=check-nginx-admin-token-0123456789abcdef
T=$(mktemp -d /tmp/council-nginx-check.XXXXXX)
PIDS=()
cleanup() {
  [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
ok() { printf '  ok   %s\n' "$*"; }
fail() { printf '  FAIL %s\n' "$*"; exit 1; }

# ---- two instances, as the systemd units start them (but on temporary data dirs and ports)
for port in "$P1" "$P2"; do
  COUNCIL_ADMIN_TOKEN=$ADMIN node bin/council.mjs serve --data "$T/data-$port" --host 127.0.0.1 --port "$port" \
    --trusted-proxy 127.0.0.1 --drain-seconds 3 >"$T/serve-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "$P1" "$P2"; do
  for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || fail "instance $port did not start: $(cat "$T/serve-$port.log")"
done

# ---- the site file, with the test's ports, a self-signed certificate and temp paths
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$NAME" -addext "subjectAltName=DNS:$NAME" \
  -keyout "$T/privkey.pem" -out "$T/fullchain.pem" 2>/dev/null
mkdir -p "$T/www"
sed -e "s#127.0.0.1:8081#127.0.0.1:$P1#; s#127.0.0.1:8082#127.0.0.1:$P2#" \
    -e "s#listen 80;#listen 127.0.0.1:$HTTP;#; s#listen \[::\]:80;##" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$HTTPS ssl http2;#; s#listen \[::\]:443 ssl http2;##" \
    -e "s#/etc/letsencrypt/live/$NAME/#$T/#; s#/var/www/certbot#$T/www#; s#/var/log/nginx/council\.#$T/#g" \
    docs/deploy/nginx/council.conf >"$T/council.conf"
cat >"$T/nginx.conf" <<EOF
worker_processes 1;
pid $T/nginx.pid;
error_log $T/error.log warn;
events { worker_connections 256; }
http {
  access_log $T/access.log;
  client_body_temp_path $T/client_body; proxy_temp_path $T/proxy;
  fastcgi_temp_path $T/fastcgi; uwsgi_temp_path $T/uwsgi; scgi_temp_path $T/scgi;
  include $T/council.conf;
}
EOF
chmod 755 "$T"
nginx -t -p "$T" -c "$T/nginx.conf" 2>&1 | sed 's/^/  /'
nginx -p "$T" -c "$T/nginx.conf"
for _ in $(seq 50); do [ -f "$T/nginx.pid" ] && break; sleep 0.1; done

BASE="https://$NAME:$HTTPS"
CURL=(curl -sS --resolve "$NAME:$HTTPS:127.0.0.1" --cacert "$T/fullchain.pem")

echo "through nginx ($BASE):"
[ "$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "$NAME:$HTTP:127.0.0.1" "http://$NAME:$HTTP/x")" = "301 https://$NAME/x" ] \
  && ok "http:// redirects to https://" || fail "no redirect to https"
body=$("${CURL[@]}" "$BASE/healthz"); echo "$body" | grep -q '"ok":true' && ok "/healthz: $body" || fail "/healthz: $body"
body=$("${CURL[@]}" "$BASE/readyz"); echo "$body" | grep -q '"state":"ready"' && ok "/readyz: $body" || fail "/readyz: $body"
code=$("${CURL[@]}" -o "$T/me.json" -w '%{http_code}' -H 'Authorization: Bearer wrong' "$BASE/api/me")
[ "$code" = 401 ] && grep -q '"code":"UNAUTHORIZED"' "$T/me.json" && ok "GET /api/me with a wrong token: 401 UNAUTHORIZED (the server's JSON)" || fail "/api/me: $code"
# An admin upload of 4 MiB of JSON: passes client_max_body_size and is answered by an instance.
node -e 'const h=[];for(let i=0;i<60000;i++)h.push(require("crypto").createHash("sha256").update(String(i)).digest("hex"));process.stdout.write(JSON.stringify({hashes:h}))' >"$T/missing.json"
code=$("${CURL[@]}" -o "$T/missing.out" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' --data-binary "@$T/missing.json" "$BASE/api/chunks/missing")
[ "$code" = 200 ] && ok "POST /api/chunks/missing, $(wc -c <"$T/missing.json") bytes, admin: 200" || fail "admin upload: $code $(head -c 300 "$T/missing.out")"

# ---- a member in both instances (same token: they are two stores here, one in production), then a WebSocket
node --input-type=module -e "
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
const hash = crypto.createHash('sha256').update('check-member-token').digest('hex');
for (const port of ['$P1', '$P2']) {
  const db = new Database('$T/data-' + port + '/council-server.sqlite');
  db.prepare(\"INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES ('ky-hop-1', 'k', 0, ?)\").run(new Date().toISOString());
  db.prepare(\"INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES ('ky-hop-1', 'd01', 'chair', ?)\").run(hash);
  db.close();
}"
# The real y-websocket client, run from the repository root (so its imports resolve), through the proxy.
WS_CHECK=$(cat <<'EOF'
import fs from 'node:fs';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
const { WS_BASE, WS_CA, WS_NAME } = process.env;
const ca = fs.readFileSync(WS_CA);
// The certificate's name, resolved to 127.0.0.1 (what curl --resolve does).
const lookup = (_host, _opts, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
class ProxyWs extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { ca, servername: WS_NAME, lookup });
  }
}
const provider = new WebsocketProvider(`${WS_BASE}/sync`, 'm/ky-hop-1/state', new Y.Doc(), { params: { token: 'check-member-token' }, WebSocketPolyfill: ProxyWs, disableBc: true });
const timer = setTimeout(() => { console.log('no sync in 10 s'); process.exit(1); }, 10_000);
provider.on('sync', (synced) => {
  if (!synced) return;
  clearTimeout(timer);
  console.log('synced');
  provider.destroy();
  process.exit(0);
});
EOF
)
ws_sync() { WS_BASE="wss://$NAME:$HTTPS" WS_CA="$T/fullchain.pem" WS_NAME=$NAME node --input-type=module -e "$WS_CHECK"; }
ws_sync | grep -q synced && ok "wss://…/sync/m/ky-hop-1/state: upgraded through nginx, y-websocket synced" || fail "WebSocket through nginx"
line=$(grep '/sync/' "$T/access.log" | tail -1)
echo "  log  $line"
echo "$line" | grep -q 'token' && fail "the access log holds the token" || ok "the access log holds no token"

# Two clients stay connected (least_conn puts one on each instance); the one on the drained instance must get
# 1001 and come back, through nginx, on the other, synced again.
WS_RECONNECT=$(cat <<'EOF'
import fs from 'node:fs';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
const { WS_BASE, WS_CA, WS_NAME } = process.env;
const ca = fs.readFileSync(WS_CA);
const lookup = (_host, _opts, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
class ProxyWs extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { ca, servername: WS_NAME, lookup });
  }
}
setTimeout(() => { console.log('no reconnect in 30 s'); process.exit(1); }, 30_000);
let connected = 0;
for (let i = 0; i < 2; i++) {
  const p = new WebsocketProvider(`${WS_BASE}/sync`, 'm/ky-hop-1/state', new Y.Doc(), { params: { token: 'check-member-token' }, WebSocketPolyfill: ProxyWs, disableBc: true });
  let closedWith;
  p.on('connection-close', (e) => { closedWith = e?.code; console.log(`client ${i}: closed ${closedWith}`); });
  p.on('sync', (synced) => {
    if (!synced) return;
    if (closedWith === undefined) { if (++connected === 2) console.log('both connected'); return; }
    console.log(`client ${i}: synced again after ${closedWith}`);
    process.exit(closedWith === 1001 ? 0 : 1);
  });
}
EOF
)
WS_BASE="wss://$NAME:$HTTPS" WS_CA="$T/fullchain.pem" WS_NAME=$NAME node --input-type=module -e "$WS_RECONNECT" >"$T/reconnect.log" 2>&1 &
RECONNECT=$!
for _ in $(seq 100); do grep -q 'both connected' "$T/reconnect.log" && break; sleep 0.1; done
grep -q 'both connected' "$T/reconnect.log" || fail "two clients did not connect: $(cat "$T/reconnect.log")"
ok "two y-websocket clients connected and synced through nginx (nginx logs a WebSocket when it ends)"

# ---- drain one instance: SIGTERM, and the proxy keeps serving from the other
kill -TERM "${PIDS[0]}"
for _ in $(seq 50); do grep -q 'Draining' "$T/serve-$P1.log" && break; sleep 0.1; done
direct=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P1/readyz")
[ "$direct" = 503 ] && ok "instance $P1 draining: its own /readyz 503" || fail "instance $P1 /readyz during drain: $direct"
all=""
for _ in 1 2 3 4; do all="$all $("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE/readyz")"; done
[ "$all" = " 200 200 200 200" ] && ok "through nginx /readyz stays 200 (503 retried on $P2):$all" || fail "proxy /readyz during drain:$all"
ws_sync | grep -q synced && ok "a new WebSocket during the drain syncs (on $P2)" || fail "WebSocket during drain"
wait "${PIDS[0]}" && ok "instance $P1 exited 0 after its drain" || fail "instance $P1 exit code $?"
for _ in 1 2 3; do
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE/healthz")
  [ "$code" = 200 ] || fail "after $P1 stopped, /healthz through nginx: $code"
done
ok "with $P1 stopped, nginx answers from $P2"
if wait "$RECONNECT"; then ok "the client on $P1 got 1001 and synced again through nginx: $(grep 'synced again' "$T/reconnect.log")"; else fail "reconnect: $(cat "$T/reconnect.log")"; fi
grep -E 'disabled|connect\(\) failed' "$T/error.log" | tail -2 | sed 's/^/  log  /' || true
echo "all checks passed"
