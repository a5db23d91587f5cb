#!/usr/bin/env node
/* eslint-disable */
'use strict';
/**
 * Generates src/parse/directive-table.generated.ts: for every known nginx directive, the list of
 * crossplane-style bit masks (allowed contexts | argument counts | BLOCK | FLAG) that
 * src/parse/analyzer.ts checks statements against.
 *
 *   node scripts/generate-directives.js            write the table
 *   node scripts/generate-directives.js --compare  also print every difference with crossplane
 *   node scripts/generate-directives.js --check    exit 1 when the committed table is stale
 *
 * Sources, in the order their masks are listed for a directive (the order matters: crossplane
 * takes the error text of the first mask that matches the context):
 *   1. crossplane's own DIRECTIVES table (crossplane/analyzer.py, transcribed below in
 *      CROSSPLANE; the table is the same in every recent version of that file), so every
 *      statement crossplane accepts is accepted and every error it reports has its text;
 *   2. @nginx/reference-lib (the official docs, machine-readable): contexts become context bits,
 *      the syntax strings become argument-count bits (see syntaxToArgBits), isBlock becomes BLOCK;
 *      corrected by OVERRIDES where the prose syntax says less than the nginx source;
 *   3. LUA_HTTP, LUA_STREAM, HEADERS_MORE: third-party modules the reference does not document
 *      (lua-nginx-module, stream-lua-nginx-module, headers-more), so they are known in strict
 *      mode and never errors in their normal contexts.
 * Masks with the same argument bits are merged where that keeps, for every context, the first
 * matching mask's argument bits (hence the error texts) unchanged.
 *
 * Deltas against crossplane's table (run with --compare for the full list; 634 directives in
 * crossplane's table, 630 of them in the reference, 904 in ours). Since crossplane's masks are
 * kept, the reference can only make the table accept MORE, never less, and every error crossplane
 * reports for a directive it knows keeps its text:
 *  - 174 directives crossplane does not know (newer nginx and nginx-plus): http2/http3/quic_*,
 *    ssl_conf_command, ssl_reject_handshake, ssl_ocsp*, ssl_certificate_cache, *_ssl_key_log,
 *    js_import, js_fetch_*, js_var, js_periodic, js_shared_dict_zone, keepalive_time,
 *    keepalive_min_timeout, auth_delay, early_hints, proxy_cookie_flags, proxy_pass_trailers,
 *    *_socket_rcvbuf/sndbuf, *_bind_dynamic, tunnel_*, mqtt*, otel_*, num_map, pass (stream),
 *    acme_*, oidc (auth_oidc, oidc_provider), mgmt, ... crossplane ignores unknown directives in
 *    non-strict mode; we check their contexts and arguments. Directives only valid inside blocks
 *    crossplane has no context for (acme_issuer, oidc_provider, mgmt) get no context bit: known in
 *    strict mode, never checked where they belong, "not allowed here" anywhere else.
 *  - directives both know, where the reference (a newer nginx/njs/nginx-plus) accepts more:
 *      auth_jwt, auth_jwt_key_file, auth_jwt_key_request  also in limit_except
 *      js_access     also in http location / if / limit_except (crossplane: stream only)
 *      js_content    also in if-in-location;   js_path  also in server, location, stream server
 *      js_set        `$var function [nocache]` TAKE23 (crossplane TAKE2), also in server/location
 *      keepalive     (upstream) `connections [local]` TAKE12 (crossplane TAKE1)
 *      proxy_protocol  stream: `on | off | v2` TAKE1 (crossplane FLAG); also in mail
 *      resolver, resolver_timeout  also in stream upstream (resolver_timeout: http upstream too)
 *      server_name, server_names_hash_*, set, ssl_stapling*  also in stream
 *      set_real_ip_from  also in mail
 *  - where the reference is STRICTER than crossplane (crossplane's mask wins, no new errors):
 *      limit_conn_dry_run, limit_req_dry_run, uwsgi_cache_background_update  FLAG (crossplane
 *        TAKE1; nginx's source says FLAG, the last one is a crossplane typo)
 *      fastcgi_split_path_info, secure_link_secret  location only (crossplane http/server too)
 *      status_zone   not in stream server;   stub_status  no argument (crossplane 0 or 1)
 *  - only in crossplane, kept: memcached_force_ranges, spdy_chunk_size, spdy_headers_comp,
 *    sticky_cookie_insert.
 *  - OVERRIDES fixes the docs' syntax lines that undersell the source (access_log, error_log,
 *    keyval_zone, sticky, js_shared_dict_zone: 1MORE; *_store_access, dav_access: TAKE123;
 *    keepalive_disable, geoip_*: TAKE12; if: BLOCK|1MORE; perl, perl_set; js_periodic: ANY;
 *    ssl_ocsp_cache: TAKE1). Without them 17 more directives would differ from crossplane.
 *  - third-party: crossplane's table has no lua directive (its Lua extension only registers a
 *    lexer). *_by_lua_block statements arrive as `name <body>;` (its lexer turns the block into
 *    one argument; set_by_lua_block: `name $var <body>;`) or, for the blocks that lexer does not
 *    know (precontent_by_lua_block, ssl_client_hello_by_lua_block, ...), as `name {`: both forms
 *    are accepted. stream-lua-nginx-module directives are accepted in stream contexts.
 */

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'src', 'parse', 'directive-table.generated.ts');

// --- crossplane's bit masks (analyzer.py) ----------------------------------------------------
const NOARGS = 0x00000001;
const TAKE = [NOARGS, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80]; // TAKE[n] = n arguments
const BLOCK = 0x00000100;
const FLAG = 0x00000200;
const ANY = 0x00000400;
const MORE1 = 0x00000800;
const MORE2 = 0x00001000;
const ARG_BITS = 0x1fff;

const CTX = {
  M: 0x00040000, // main
  E: 0x00080000, // events
  mm: 0x00100000, // mail
  ms: 0x00200000, // mail > server
  sm: 0x00400000, // stream
  ss: 0x00800000, // stream > server
  su: 0x01000000, // stream > upstream
  hm: 0x02000000, // http
  hs: 0x04000000, // http > server
  hl: 0x08000000, // http > location
  hu: 0x10000000, // http > upstream
  si: 0x20000000, // http > server > if
  li: 0x40000000, // http > location > if
  lm: 0x80000000, // http > location > limit_except
};
const CTX_ANY =
  CTX.M | CTX.E | CTX.mm | CTX.ms | CTX.sm | CTX.ss | CTX.su | CTX.hm | CTX.hs | CTX.hl | CTX.hu;
const CTX_ALIASES = {
  H: CTX.hm | CTX.hs | CTX.hl,
  S: CTX.sm | CTX.ss,
  ML: CTX.mm | CTX.ms,
  ANY: CTX_ANY,
};
const CTX_BITS = Object.values(CTX);

const u32 = (n) => n >>> 0;

/** "H.li" → context bits. */
function parseCtx(spec) {
  let bits = 0;
  for (const t of spec.split('.')) {
    const b = CTX[t] ?? CTX_ALIASES[t];
    if (b === undefined) throw new Error(`bad context token ${t} in ${spec}`);
    bits |= b;
  }
  return u32(bits);
}

/** "b12" → BLOCK|TAKE1|TAKE2; digits TAKEn (0 = NOARGS), b BLOCK, f FLAG, a ANY, + 1MORE, * 2MORE. */
function parseArgs(spec) {
  let bits = 0;
  for (const c of spec) {
    if (c >= '0' && c <= '7') bits |= TAKE[+c];
    else if (c === 'b') bits |= BLOCK;
    else if (c === 'f') bits |= FLAG;
    else if (c === 'a') bits |= ANY;
    else if (c === '+') bits |= MORE1;
    else if (c === '*') bits |= MORE2;
    else throw new Error(`bad argument spec ${spec}`);
  }
  return bits;
}

function argsToSpec(bits) {
  let s = '';
  if (bits & BLOCK) s += 'b';
  for (let n = 0; n <= 7; n++) if (bits & TAKE[n]) s += n;
  if (bits & FLAG) s += 'f';
  if (bits & ANY) s += 'a';
  if (bits & MORE1) s += '+';
  if (bits & MORE2) s += '*';
  return s;
}

function ctxToSpec(bits) {
  const names = [];
  for (const [k, v] of Object.entries(CTX)) if (u32(bits & v)) names.push(k);
  return names.join('.');
}

/** "H.li +; S +" → masks. */
function parseMaskList(text) {
  return text.split(';').map((part) => {
    const [ctx, args] = part.trim().split(/\s+/);
    return u32(parseCtx(ctx) | parseArgs(args));
  });
}

// --- 1. crossplane's DIRECTIVES (analyzer.py), transcribed; NGX_DIRECT_CONF dropped -----------
// Format: name contexts args[; contexts args]...  (H = http+server+location, S = stream+server,
// ML = mail+server; see parseCtx/parseArgs).
const CROSSPLANE = `
absolute_redirect H f
accept_mutex E f
accept_mutex_delay E 1
access_log H.li.lm +; S +
add_after_body H 1
add_before_body H 1
add_header H.li 23
add_trailer H.li 23
addition_types H +
aio H 1
aio_write H f
alias hl 1
allow H.lm 1; S 1
ancient_browser H +
ancient_browser_value H 1
auth_basic H.lm 1
auth_basic_user_file H.lm 1
auth_http ML 1
auth_http_header ML 2
auth_http_pass_client_cert ML f
auth_http_timeout ML 1
auth_request H 1
auth_request_set H 2
autoindex H f
autoindex_exact_size H f
autoindex_format H 1
autoindex_localtime H f
break hs.si.hl.li 0
charset H.li 1
charset_map hm b2
charset_types H +
chunked_transfer_encoding H f
client_body_buffer_size H 1
client_body_in_file_only H 1
client_body_in_single_buffer H f
client_body_temp_path H 1234
client_body_timeout H 1
client_header_buffer_size hm.hs 1
client_header_timeout hm.hs 1
client_max_body_size H 1
connection_pool_size hm.hs 1
create_full_put_path H f
daemon M f
dav_access H 123
dav_methods H +
debug_connection E 1
debug_points M 1
default_type H 1
deny H.lm 1; S 1
directio H 1
directio_alignment H 1
disable_symlinks H 12
empty_gif hl 0
env M 1
error_log M +; H +; ML +; S +
error_page H.li *
etag H f
events M b0
expires H.li 12
fastcgi_bind H 12
fastcgi_buffer_size H 1
fastcgi_buffering H f
fastcgi_buffers H 2
fastcgi_busy_buffers_size H 1
fastcgi_cache H 1
fastcgi_cache_background_update H f
fastcgi_cache_bypass H +
fastcgi_cache_key H 1
fastcgi_cache_lock H f
fastcgi_cache_lock_age H 1
fastcgi_cache_lock_timeout H 1
fastcgi_cache_max_range_offset H 1
fastcgi_cache_methods H +
fastcgi_cache_min_uses H 1
fastcgi_cache_path hm *
fastcgi_cache_revalidate H f
fastcgi_cache_use_stale H +
fastcgi_cache_valid H +
fastcgi_catch_stderr H 1
fastcgi_connect_timeout H 1
fastcgi_force_ranges H f
fastcgi_hide_header H 1
fastcgi_ignore_client_abort H f
fastcgi_ignore_headers H +
fastcgi_index H 1
fastcgi_intercept_errors H f
fastcgi_keep_conn H f
fastcgi_limit_rate H 1
fastcgi_max_temp_file_size H 1
fastcgi_next_upstream H +
fastcgi_next_upstream_timeout H 1
fastcgi_next_upstream_tries H 1
fastcgi_no_cache H +
fastcgi_param H 23
fastcgi_pass hl.li 1
fastcgi_pass_header H 1
fastcgi_pass_request_body H f
fastcgi_pass_request_headers H f
fastcgi_read_timeout H 1
fastcgi_request_buffering H f
fastcgi_send_lowat H 1
fastcgi_send_timeout H 1
fastcgi_socket_keepalive H f
fastcgi_split_path_info H 1
fastcgi_store H 1
fastcgi_store_access H 123
fastcgi_temp_file_write_size H 1
fastcgi_temp_path H 1234
flv hl 0
geo hm b12; sm b12
geoip_city hm 12; sm 12
geoip_country hm 12; sm 12
geoip_org hm 12; sm 12
geoip_proxy hm 1
geoip_proxy_recursive hm f
google_perftools_profiles M 1
grpc_bind H 12
grpc_buffer_size H 1
grpc_connect_timeout H 1
grpc_hide_header H 1
grpc_ignore_headers H +
grpc_intercept_errors H f
grpc_next_upstream H +
grpc_next_upstream_timeout H 1
grpc_next_upstream_tries H 1
grpc_pass hl.li 1
grpc_pass_header H 1
grpc_read_timeout H 1
grpc_send_timeout H 1
grpc_set_header H 2
grpc_socket_keepalive H f
grpc_ssl_certificate H 1
grpc_ssl_certificate_key H 1
grpc_ssl_ciphers H 1
grpc_ssl_crl H 1
grpc_ssl_name H 1
grpc_ssl_password_file H 1
grpc_ssl_protocols H +
grpc_ssl_server_name H f
grpc_ssl_session_reuse H f
grpc_ssl_trusted_certificate H 1
grpc_ssl_verify H f
grpc_ssl_verify_depth H 1
gunzip H f
gunzip_buffers H 2
gzip H.li f
gzip_buffers H 2
gzip_comp_level H 1
gzip_disable H +
gzip_http_version H 1
gzip_min_length H 1
gzip_proxied H +
gzip_static H 1
gzip_types H +
gzip_vary H f
hash hu 12; su 12
http M b0
http2_body_preread_size hm.hs 1
http2_chunk_size H 1
http2_idle_timeout hm.hs 1
http2_max_concurrent_pushes hm.hs 1
http2_max_concurrent_streams hm.hs 1
http2_max_field_size hm.hs 1
http2_max_header_size hm.hs 1
http2_max_requests hm.hs 1
http2_push H 1
http2_push_preload H f
http2_recv_buffer_size hm 1
http2_recv_timeout hm.hs 1
if hs.hl b+
if_modified_since H 1
ignore_invalid_headers hm.hs f
image_filter hl 123
image_filter_buffer H 1
image_filter_interlace H f
image_filter_jpeg_quality H 1
image_filter_sharpen H 1
image_filter_transparency H f
image_filter_webp_quality H 1
imap_auth ML +
imap_capabilities ML +
imap_client_buffer ML 1
include ANY 1
index H +
internal hl 0
ip_hash hu 0
keepalive hu 1
keepalive_disable H 12
keepalive_requests H 1; hu 1
keepalive_timeout H 12; hu 1
large_client_header_buffers hm.hs 2
least_conn hu 0; su 0
limit_conn H 2; S 2
limit_conn_dry_run H 1; S 1
limit_conn_log_level H 1; S 1
limit_conn_status H 1
limit_conn_zone hm 2; sm 2
limit_except hl b+
limit_rate H.li 1
limit_rate_after H.li 1
limit_req H 123
limit_req_dry_run H 1
limit_req_log_level H 1
limit_req_status H 1
limit_req_zone hm 34
lingering_close H 1
lingering_time H 1
lingering_timeout H 1
listen hs +; ms +; ss +
load_module M 1
location hs.hl b12
lock_file M 1
log_format hm *; sm *
log_not_found H f
log_subrequest H f
mail M b0
map hm b2; sm b2
map_hash_bucket_size hm 1; sm 1
map_hash_max_size hm 1; sm 1
master_process M f
max_ranges H 1
memcached_bind H 12
memcached_buffer_size H 1
memcached_connect_timeout H 1
memcached_gzip_flag H 1
memcached_next_upstream H +
memcached_next_upstream_timeout H 1
memcached_next_upstream_tries H 1
memcached_pass hl.li 1
memcached_read_timeout H 1
memcached_send_timeout H 1
memcached_socket_keepalive H f
merge_slashes hm.hs f
min_delete_depth H 1
mirror H 1
mirror_request_body H f
modern_browser H 12
modern_browser_value H 1
mp4 hl 0
mp4_buffer_size H 1
mp4_max_buffer_size H 1
msie_padding H f
msie_refresh H f
multi_accept E f
open_file_cache H 12
open_file_cache_errors H f
open_file_cache_min_uses H 1
open_file_cache_valid H 1
open_log_file_cache H 1234; S 1234
output_buffers H 2
override_charset H.li f
pcre_jit M f
perl hl.lm 1
perl_modules hm 1
perl_require hm 1
perl_set hm 2
pid M 1
pop3_auth ML +
pop3_capabilities ML +
port_in_redirect H f
postpone_output H 1
preread_buffer_size S 1
preread_timeout S 1
protocol ms 1
proxy_bind H 12; S 12
proxy_buffer ML 1
proxy_buffer_size H 1; S 1
proxy_buffering H f
proxy_buffers H 2
proxy_busy_buffers_size H 1
proxy_cache H 1
proxy_cache_background_update H f
proxy_cache_bypass H +
proxy_cache_convert_head H f
proxy_cache_key H 1
proxy_cache_lock H f
proxy_cache_lock_age H 1
proxy_cache_lock_timeout H 1
proxy_cache_max_range_offset H 1
proxy_cache_methods H +
proxy_cache_min_uses H 1
proxy_cache_path hm *
proxy_cache_revalidate H f
proxy_cache_use_stale H +
proxy_cache_valid H +
proxy_connect_timeout H 1; S 1
proxy_cookie_domain H 12
proxy_cookie_path H 12
proxy_download_rate S 1
proxy_force_ranges H f
proxy_headers_hash_bucket_size H 1
proxy_headers_hash_max_size H 1
proxy_hide_header H 1
proxy_http_version H 1
proxy_ignore_client_abort H f
proxy_ignore_headers H +
proxy_intercept_errors H f
proxy_limit_rate H 1
proxy_max_temp_file_size H 1
proxy_method H 1
proxy_next_upstream H +; S f
proxy_next_upstream_timeout H 1; S 1
proxy_next_upstream_tries H 1; S 1
proxy_no_cache H +
proxy_pass hl.li.lm 1; ss 1
proxy_pass_error_message ML f
proxy_pass_header H 1
proxy_pass_request_body H f
proxy_pass_request_headers H f
proxy_protocol S f
proxy_protocol_timeout S 1
proxy_read_timeout H 1
proxy_redirect H 12
proxy_request_buffering H f
proxy_requests S 1
proxy_responses S 1
proxy_send_lowat H 1
proxy_send_timeout H 1
proxy_set_body H 1
proxy_set_header H 2
proxy_socket_keepalive H f; S f
proxy_ssl S f
proxy_ssl_certificate H 1; S 1
proxy_ssl_certificate_key H 1; S 1
proxy_ssl_ciphers H 1; S 1
proxy_ssl_crl H 1; S 1
proxy_ssl_name H 1; S 1
proxy_ssl_password_file H 1; S 1
proxy_ssl_protocols H +; S +
proxy_ssl_server_name H f; S f
proxy_ssl_session_reuse H f; S f
proxy_ssl_trusted_certificate H 1; S 1
proxy_ssl_verify H f; S f
proxy_ssl_verify_depth H 1; S 1
proxy_store H 1
proxy_store_access H 123
proxy_temp_file_write_size H 1
proxy_temp_path H 1234
proxy_timeout ML 1; S 1
proxy_upload_rate S 1
random hu 012; su 012
random_index hl f
read_ahead H 1
real_ip_header H 1
real_ip_recursive H f
recursive_error_pages H f
referer_hash_bucket_size hs.hl 1
referer_hash_max_size hs.hl 1
request_pool_size hm.hs 1
reset_timedout_connection H f
resolver H +; hu +; ML +; S +
resolver_timeout H 1; ML 1; S 1
return hs.si.hl.li 12; ss 1
rewrite hs.si.hl.li 23
rewrite_log hm.hs.si.hl.li f
root H.li 1
satisfy H 1
scgi_bind H 12
scgi_buffer_size H 1
scgi_buffering H f
scgi_buffers H 2
scgi_busy_buffers_size H 1
scgi_cache H 1
scgi_cache_background_update H f
scgi_cache_bypass H +
scgi_cache_key H 1
scgi_cache_lock H f
scgi_cache_lock_age H 1
scgi_cache_lock_timeout H 1
scgi_cache_max_range_offset H 1
scgi_cache_methods H +
scgi_cache_min_uses H 1
scgi_cache_path hm *
scgi_cache_revalidate H f
scgi_cache_use_stale H +
scgi_cache_valid H +
scgi_connect_timeout H 1
scgi_force_ranges H f
scgi_hide_header H 1
scgi_ignore_client_abort H f
scgi_ignore_headers H +
scgi_intercept_errors H f
scgi_limit_rate H 1
scgi_max_temp_file_size H 1
scgi_next_upstream H +
scgi_next_upstream_timeout H 1
scgi_next_upstream_tries H 1
scgi_no_cache H +
scgi_param H 23
scgi_pass hl.li 1
scgi_pass_header H 1
scgi_pass_request_body H f
scgi_pass_request_headers H f
scgi_read_timeout H 1
scgi_request_buffering H f
scgi_send_timeout H 1
scgi_socket_keepalive H f
scgi_store H 1
scgi_store_access H 123
scgi_temp_file_write_size H 1
scgi_temp_path H 1234
secure_link H 1
secure_link_md5 H 1
secure_link_secret H 1
send_lowat H 1
send_timeout H 1
sendfile H.li f
sendfile_max_chunk H 1
server hm b0; hu +; mm b0; sm b0; su +
server_name hs +; ML 1
server_name_in_redirect H f
server_names_hash_bucket_size hm 1
server_names_hash_max_size hm 1
server_tokens H 1
set hs.si.hl.li 2
set_real_ip_from H 1; S 1
slice H 1
smtp_auth ML +
smtp_capabilities ML +
smtp_client_buffer ML 1
smtp_greeting_delay ML 1
source_charset H.li 1
spdy_chunk_size H 1
spdy_headers_comp hm.hs 1
split_clients hm b2; sm b2
ssi H.li f
ssi_last_modified H f
ssi_min_file_chunk H 1
ssi_silent_errors H f
ssi_types H +
ssi_value_length H 1
ssl hm.hs f; ML f
ssl_buffer_size hm.hs 1
ssl_certificate hm.hs 1; ML 1; S 1
ssl_certificate_key hm.hs 1; ML 1; S 1
ssl_ciphers hm.hs 1; ML 1; S 1
ssl_client_certificate hm.hs 1; ML 1; S 1
ssl_crl hm.hs 1; ML 1; S 1
ssl_dhparam hm.hs 1; ML 1; S 1
ssl_early_data hm.hs f
ssl_ecdh_curve hm.hs 1; ML 1; S 1
ssl_engine M 1
ssl_handshake_timeout S 1
ssl_password_file hm.hs 1; ML 1; S 1
ssl_prefer_server_ciphers hm.hs f; ML f; S f
ssl_preread S f
ssl_protocols hm.hs +; ML +; S +
ssl_session_cache hm.hs 12; ML 12; S 12
ssl_session_ticket_key hm.hs 1; ML 1; S 1
ssl_session_tickets hm.hs f; ML f; S f
ssl_session_timeout hm.hs 1; ML 1; S 1
ssl_stapling hm.hs f
ssl_stapling_file hm.hs 1
ssl_stapling_responder hm.hs 1
ssl_stapling_verify hm.hs f
ssl_trusted_certificate hm.hs 1; ML 1; S 1
ssl_verify_client hm.hs 1; ML 1; S 1
ssl_verify_depth hm.hs 1; ML 1; S 1
starttls ML 1
stream M b0
stub_status hs.hl 01
sub_filter H 2
sub_filter_last_modified H f
sub_filter_once H f
sub_filter_types H +
subrequest_output_buffer_size H 1
tcp_nodelay H f; S f
tcp_nopush H f
thread_pool M 23
timeout ML 1
timer_resolution M 1
try_files hs.hl *
types H b0
types_hash_bucket_size H 1
types_hash_max_size H 1
underscores_in_headers hm.hs f
uninitialized_variable_warn hm.hs.si.hl.li f
upstream hm b1; sm b1
use E 1
user M 12
userid H 1
userid_domain H 1
userid_expires H 1
userid_mark H 1
userid_name H 1
userid_p3p H 1
userid_path H 1
userid_service H 1
uwsgi_bind H 12
uwsgi_buffer_size H 1
uwsgi_buffering H f
uwsgi_buffers H 2
uwsgi_busy_buffers_size H 1
uwsgi_cache H 1
uwsgi_cache_background_update H 1
uwsgi_cache_bypass H +
uwsgi_cache_key H 1
uwsgi_cache_lock H f
uwsgi_cache_lock_age H 1
uwsgi_cache_lock_timeout H 1
uwsgi_cache_max_range_offset H 1
uwsgi_cache_methods H +
uwsgi_cache_min_uses H 1
uwsgi_cache_path hm *
uwsgi_cache_revalidate H f
uwsgi_cache_use_stale H +
uwsgi_cache_valid H +
uwsgi_connect_timeout H 1
uwsgi_force_ranges H f
uwsgi_hide_header H 1
uwsgi_ignore_client_abort H f
uwsgi_ignore_headers H +
uwsgi_intercept_errors H f
uwsgi_limit_rate H 1
uwsgi_max_temp_file_size H 1
uwsgi_modifier1 H 1
uwsgi_modifier2 H 1
uwsgi_next_upstream H +
uwsgi_next_upstream_timeout H 1
uwsgi_next_upstream_tries H 1
uwsgi_no_cache H +
uwsgi_param H 23
uwsgi_pass hl.li 1
uwsgi_pass_header H 1
uwsgi_pass_request_body H f
uwsgi_pass_request_headers H f
uwsgi_read_timeout H 1
uwsgi_request_buffering H f
uwsgi_send_timeout H 1
uwsgi_socket_keepalive H f
uwsgi_ssl_certificate H 1
uwsgi_ssl_certificate_key H 1
uwsgi_ssl_ciphers H 1
uwsgi_ssl_crl H 1
uwsgi_ssl_name H 1
uwsgi_ssl_password_file H 1
uwsgi_ssl_protocols H +
uwsgi_ssl_server_name H f
uwsgi_ssl_session_reuse H f
uwsgi_ssl_trusted_certificate H 1
uwsgi_ssl_verify H f
uwsgi_ssl_verify_depth H 1
uwsgi_store H 1
uwsgi_store_access H 123
uwsgi_temp_file_write_size H 1
uwsgi_temp_path H 1234
valid_referers hs.hl +
variables_hash_bucket_size hm 1; sm 1
variables_hash_max_size hm 1; sm 1
worker_aio_requests E 1
worker_connections E 1
worker_cpu_affinity M +
worker_priority M 1
worker_processes M 1
worker_rlimit_core M 1
worker_rlimit_nofile M 1
worker_shutdown_timeout M 1
working_directory M 1
xclient ML f
xml_entities H 1
xslt_last_modified H f
xslt_param H 2
xslt_string_param H 2
xslt_stylesheet hl +
xslt_types H +
zone hu 12; su 12
api hl 01
auth_jwt H 12
auth_jwt_claim_set hm *
auth_jwt_header_set hm *
auth_jwt_key_file H 1
auth_jwt_key_request H 1
auth_jwt_leeway H 1
f4f hl 0
f4f_buffer_size H 1
fastcgi_cache_purge H +
health_check hl a; ss a
health_check_timeout S 1
hls hl 0
hls_buffers H 2
hls_forward_args H f
hls_fragment H 1
hls_mp4_buffer_size H 1
hls_mp4_max_buffer_size H 1
js_access S 1
js_content hl.lm 1
js_filter S 1
js_include hm 1; sm 1
js_path hm 1
js_preread S 1
js_set hm 2; sm 2
keyval hm 3; sm 3
keyval_zone hm +; sm +
least_time hu 12; su 12
limit_zone hm 3
match hm b1; sm b1
memcached_force_ranges H f
mp4_limit_rate H 1
mp4_limit_rate_after H 1
ntlm hu 0
proxy_cache_purge H +
queue hu 12
scgi_cache_purge H +
session_log H 1
session_log_format hm *
session_log_zone hm 23456
state hu 1; su 1
status hl 0
status_format H 12
status_zone hs 1; ss 1; hl 1; li 1
sticky hu +
sticky_cookie_insert hu 1234
upstream_conf hl 0
uwsgi_cache_purge H +
zone_sync ss 0
zone_sync_buffers S 2
zone_sync_connect_retry_interval S 1
zone_sync_connect_timeout S 1
zone_sync_interval S 1
zone_sync_recv_buffer_size S 1
zone_sync_server ss 12
zone_sync_ssl S f
zone_sync_ssl_certificate S 1
zone_sync_ssl_certificate_key S 1
zone_sync_ssl_ciphers S 1
zone_sync_ssl_crl S 1
zone_sync_ssl_name S 1
zone_sync_ssl_password_file S 1
zone_sync_ssl_protocols S +
zone_sync_ssl_server_name S f
zone_sync_ssl_trusted_certificate S 1
zone_sync_ssl_verify S f
zone_sync_ssl_verify_depth S 1
zone_sync_timeout S 1
`;

function loadCrossplane() {
  const table = new Map();
  for (const line of CROSSPLANE.split('\n')) {
    const l = line.trim();
    if (!l) continue;
    const sp = l.indexOf(' ');
    table.set(l.slice(0, sp), parseMaskList(l.slice(sp + 1)));
  }
  return table;
}

// --- 2. @nginx/reference-lib ------------------------------------------------------------------
async function loadReference() {
  const lib = await import('@nginx/reference-lib');
  const pkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules', '@nginx', 'reference-lib', 'package.json'), 'utf8'),
  );
  return { directives: lib.getDirectives(lib.Format.Markdown), version: pkg.version };
}

function familyOf(module) {
  if (module.startsWith('ngx_http_') || module === 'ngx_otel_module') return 'http';
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  return 'core'; // "Core functionality", ngx_google_perftools_module, ngx_mgmt_module
}

// Context names of the docs → crossplane context bits, per module family. Blocks crossplane has no
// context for (acme_issuer, oidc_provider, mgmt) map to 0: crossplane does not check inside them.
const CONTEXT_MAP = {
  http: {
    main: CTX.M, http: CTX.hm, server: CTX.hs, location: CTX.hl, 'if in location': CTX.li,
    if: CTX.si | CTX.li, limit_except: CTX.lm, upstream: CTX.hu,
    acme_issuer: 0, oidc_provider: 0,
  },
  stream: { main: CTX.M, stream: CTX.sm, server: CTX.ss, upstream: CTX.su },
  mail: { main: CTX.M, mail: CTX.mm, server: CTX.ms },
  core: {
    main: CTX.M, events: CTX.E, http: CTX.hm, mail: CTX.mm, stream: CTX.sm,
    server: CTX.hs | CTX.ms | CTX.ss, location: CTX.hl, '': CTX_ANY, mgmt: 0,
  },
};

// Tokens of a Markdown syntax line: words (one argument each; `a`[=`b`] and `x`|`y` written
// without spaces stay one word), '[', ']', '|', '...'.
function tokenizeSyntax(s) {
  s = s.replace(/`\{\.\.\.\}`/g, ' ');
  const toks = [];
  let word = '';
  let inTick = false;
  let depth = 0; // brackets inside a word
  const flush = () => {
    if (word) toks.push(word === '...' ? { t: '...' } : { t: 'w', v: word });
    word = '';
    depth = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inTick) {
      if (c === '`') inTick = false;
      else if (/\s/.test(c)) flush(); // `export_name from module.js` is three words
      else word += c;
      continue;
    }
    if (c === '`') { inTick = true; continue; }
    if (c === '*') continue;
    if (/\s/.test(c)) { flush(); continue; }
    if (c === '[') {
      // `[x]y` (an optional prefix glued to the next word) is part of that word, like `y[x]`
      if (word || gluedAfter(s, i)) { word += c; depth++; } else toks.push({ t: '[' });
      continue;
    }
    if (c === ']') {
      if (depth > 0) { word += c; depth--; } else { flush(); toks.push({ t: ']' }); }
      continue;
    }
    if (c === '|') {
      const spaced = !word || i + 1 >= s.length || /\s/.test(s[i + 1]);
      if (spaced) { flush(); toks.push({ t: '|' }); } else word += c;
      continue;
    }
    word += c;
  }
  flush();
  // a placeholder named in the plural ("[parameters]") stands for several arguments
  for (let i = toks.length - 1; i >= 0; i--) {
    if (toks[i].t === 'w' && toks[i].v === 'parameters' && !(toks[i + 1] && toks[i + 1].t === '...')) {
      toks.splice(i + 1, 0, { t: '...' });
    }
  }
  return toks;
}

/** Is the '[' at s[i] closed by a ']' that a non-blank character follows? */
function gluedAfter(s, i) {
  let depth = 0;
  let inTick = false;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (inTick) { if (c === '`') inTick = false; continue; }
    if (c === '`') inTick = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) {
      const next = s[j + 1];
      return next !== undefined && !/[\s\]|]/.test(next);
    }
  }
  return false;
}

const CAP = 16; // argument counts are tracked up to CAP; CAP itself means "CAP or more"
const add = (a, b) => {
  const r = new Set();
  for (const x of a) for (const y of b) r.add(Math.min(x + y, CAP));
  return r;
};
const union = (a, b) => new Set([...a, ...b]);
function repeat(s) {
  let r = new Set(s);
  for (;;) {
    const n = union(r, add(r, s));
    if (n.size === r.size) return r;
    r = n;
  }
}

/** Possible argument counts of a token list (alternatives of sequences of items). */
function countsOf(toks) {
  let pos = 0;
  function alt() {
    let res = seq();
    while (pos < toks.length && toks[pos].t === '|') {
      pos++;
      res = union(res, seq());
    }
    return res;
  }
  function seq() {
    let res = new Set([0]);
    let items = 0;
    let optional = 0;
    while (pos < toks.length && toks[pos].t !== '|' && toks[pos].t !== ']') {
      let item;
      let isOpt = false;
      const tok = toks[pos++];
      if (tok.t === 'w') item = new Set([1]);
      else if (tok.t === '[') {
        item = union(new Set([0]), alt());
        if (toks[pos] && toks[pos].t === ']') pos++;
        isOpt = true;
      } else if (tok.t === '...') {
        continue; // a stray ellipsis (already applied)
      } else throw new Error('unexpected token ' + tok.t);
      if (toks[pos] && toks[pos].t === '...') {
        pos++;
        item = repeat(item);
      }
      items++;
      if (isOpt) optional++;
      res = add(res, item);
    }
    // "[a] [b]" means at least one of them; "[a] [b] [c] ..." lists (protocols) take 1 or more.
    if (items >= 2 && optional === items) {
      res.delete(0);
      if (items >= 3) res = new Set(Array.from({ length: CAP }, (_, i) => i + 1));
    }
    return res;
  }
  return alt();
}

function isFlagSyntax(syntax) {
  if (syntax.length !== 1) return false;
  const t = tokenizeSyntax(syntax[0]);
  if (t.length === 1 && t[0].t === 'w') return t[0].v === 'on|off' || t[0].v === 'off|on';
  return (
    t.length === 3 && t[1].t === '|' && t[0].t === 'w' && t[2].t === 'w' &&
    [t[0].v, t[2].v].sort().join() === 'off,on'
  );
}

function syntaxToArgBits(syntax) {
  if (isFlagSyntax(syntax)) return FLAG;
  let counts = new Set();
  for (const line of syntax) counts = union(counts, countsOf(tokenizeSyntax(line)));
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  if (max > 7) return min === 0 ? ANY : min === 1 ? MORE1 : MORE2;
  let bits = 0;
  for (const n of counts) bits |= TAKE[n];
  return bits;
}

// Where the docs' syntax line says less (or other) than the nginx source. Key: name,
// name@family (http, stream, mail, core) or name@module. Value: argument spec (see parseArgs); it replaces the derived argument bits.
const OVERRIDES = {
  // prose syntax that a parser cannot read
  if: 'b+', // "(condition)" is one or more tokens
  perl: '1', // "module::function|'sub { ... }'"
  perl_set: '2',
  // the syntax line lists the known parameters; nginx takes any number of them (NGX_CONF_1MORE)
  access_log: '+',
  error_log: '+',
  keyval_zone: '+',
  sticky: '+',
  // "users:permissions ..." is at most three words in the source (NGX_CONF_TAKE123)
  dav_access: '123',
  fastcgi_store_access: '123',
  proxy_store_access: '123',
  scgi_store_access: '123',
  uwsgi_store_access: '123',
  // NGX_CONF_TAKE12 in the source: "none | browser ..." / "file [utf8]"
  keepalive_disable: '12',
  geoip_country: '12',
  geoip_city: '12',
  geoip_org: '12',
  js_shared_dict_zone: '+',
  js_periodic: 'a', // NGX_CONF_ANY in njs
  ssl_ocsp_cache: '1', // "off | [shared:name:size]" is one word either way
};

function referenceMasks(directives) {
  const table = new Map();
  const unknownCtx = new Set();
  for (const d of directives) {
    const fam = familyOf(d.module);
    let ctx = 0;
    for (const c of d.contexts) {
      const b = CONTEXT_MAP[fam][c];
      if (b === undefined) unknownCtx.add(`${fam}:${c}`);
      else ctx |= b;
    }
    let args = OVERRIDES[`${d.name}@${d.module}`] ?? OVERRIDES[`${d.name}@${fam}`] ?? OVERRIDES[d.name];
    args = args !== undefined ? parseArgs(args) : syntaxToArgBits(d.syntax);
    if (d.isBlock) args |= BLOCK;
    const list = table.get(d.name) ?? [];
    list.push({ mask: u32(ctx | args), module: d.module });
    table.set(d.name, list);
  }
  if (unknownCtx.size) throw new Error('unmapped contexts: ' + [...unknownCtx].join(', '));
  return table;
}

// --- 3. third-party modules the reference does not document ----------------------------------
// lua-nginx-module (contexts and argument counts from its source, as nginx-go-crossplane has
// them) and stream-lua-nginx-module (same names in stream contexts). A *_by_lua_block is lexed by
// crossplane's Lua extension into `name <body>;` (set_by_lua_block: `name $var <body>;`), so it
// takes 1 (2) arguments; the `{` form is also accepted for blocks that lexer does not know.
const LUA_HTTP = `
access_by_lua H.li 1
access_by_lua_block H.li 1
access_by_lua_file H.li 1
access_by_lua_no_postpone hm f
balancer_by_lua_block hu 1
balancer_by_lua_file hu 1
balancer_keepalive hu 1
body_filter_by_lua H.li 1
body_filter_by_lua_block H.li 1
body_filter_by_lua_file H.li 1
content_by_lua hl.li 1
content_by_lua_block hl.li 1
content_by_lua_file hl.li 1
exit_worker_by_lua_block hm 1
exit_worker_by_lua_file hm 1
header_filter_by_lua H.li 1
header_filter_by_lua_block H.li 1
header_filter_by_lua_file H.li 1
init_by_lua hm 1
init_by_lua_block hm 1
init_by_lua_file hm 1
init_worker_by_lua hm 1
init_worker_by_lua_block hm 1
init_worker_by_lua_file hm 1
log_by_lua H.li 1
log_by_lua_block H.li 1
log_by_lua_file H.li 1
lua_capture_error_log hm 1
lua_check_client_abort H.li f
lua_code_cache H.li f
lua_http10_buffering H.li f
lua_load_resty_core hm f
lua_malloc_trim hm 1
lua_max_pending_timers hm 1
lua_max_running_timers hm 1
lua_need_request_body H.li f
lua_package_cpath hm 1
lua_package_path hm 1
lua_regex_cache_max_entries hm 1
lua_regex_match_limit hm 1
lua_sa_restart hm f
lua_shared_dict hm 2
lua_socket_buffer_size H.li 1
lua_socket_connect_timeout H.li 1
lua_socket_keepalive_timeout H.li 1
lua_socket_log_errors H.li f
lua_socket_pool_size H.li 1
lua_socket_read_timeout H.li 1
lua_socket_send_lowat H.li 1
lua_socket_send_timeout H.li 1
lua_ssl_certificate H 1
lua_ssl_certificate_key H 1
lua_ssl_ciphers H 1
lua_ssl_conf_command H 2
lua_ssl_crl H 1
lua_ssl_key_log H 1
lua_ssl_protocols H +
lua_ssl_trusted_certificate H 1
lua_ssl_verify_depth H 1
lua_thread_cache_max_entries hm 1
lua_transform_underscores_in_response_headers H.li f
lua_upstream_skip_openssl_default_verify hl.li f
lua_use_default_type H.li f
lua_worker_thread_vm_pool_size hm 1
precontent_by_lua_block H.li 1
precontent_by_lua_file H.li 1
precontent_by_lua_no_postpone hm f
proxy_ssl_certificate_by_lua_block hl.li 1
proxy_ssl_certificate_by_lua_file hl.li 1
proxy_ssl_verify_by_lua_block hl.li 1
proxy_ssl_verify_by_lua_file hl.li 1
rewrite_by_lua H.li 1
rewrite_by_lua_block H.li 1
rewrite_by_lua_file H.li 1
rewrite_by_lua_no_postpone hm f
server_rewrite_by_lua_block hm.hs 1
server_rewrite_by_lua_file hm.hs 1
set_by_lua hs.si.hl.li *
set_by_lua_block hs.si.hl.li 2
set_by_lua_file hs.si.hl.li *
ssl_certificate_by_lua_block hm.hs 1
ssl_certificate_by_lua_file hm.hs 1
ssl_client_hello_by_lua_block hm.hs 1
ssl_client_hello_by_lua_file hm.hs 1
ssl_session_fetch_by_lua_block hm 1
ssl_session_fetch_by_lua_file hm 1
ssl_session_store_by_lua_block hm 1
ssl_session_store_by_lua_file hm 1
`;
// stream-lua-nginx-module: the directives it shares with lua-nginx-module plus its own.
const LUA_STREAM = `
content_by_lua_block ss 1
content_by_lua_file ss 1
preread_by_lua_block S 1
preread_by_lua_file S 1
preread_by_lua_no_postpone sm f
log_by_lua_block S 1
log_by_lua_file S 1
init_by_lua_block sm 1
init_by_lua_file sm 1
init_worker_by_lua_block sm 1
init_worker_by_lua_file sm 1
exit_worker_by_lua_block sm 1
exit_worker_by_lua_file sm 1
balancer_by_lua_block su 1
balancer_by_lua_file su 1
ssl_certificate_by_lua_block S 1
ssl_certificate_by_lua_file S 1
ssl_client_hello_by_lua_block S 1
ssl_client_hello_by_lua_file S 1
lua_add_variable sm 1
lua_capture_error_log sm 1
lua_check_client_abort S f
lua_code_cache S f
lua_load_resty_core sm f
lua_malloc_trim sm 1
lua_max_pending_timers sm 1
lua_max_running_timers sm 1
lua_package_cpath sm 1
lua_package_path sm 1
lua_regex_cache_max_entries sm 1
lua_regex_match_limit sm 1
lua_sa_restart sm f
lua_shared_dict sm 2
lua_socket_buffer_size S 1
lua_socket_connect_timeout S 1
lua_socket_keepalive_timeout S 1
lua_socket_log_errors S f
lua_socket_pool_size S 1
lua_socket_read_timeout S 1
lua_socket_send_lowat S 1
lua_socket_send_timeout S 1
lua_ssl_certificate S 1
lua_ssl_certificate_key S 1
lua_ssl_ciphers S 1
lua_ssl_conf_command S 2
lua_ssl_crl S 1
lua_ssl_key_log S 1
lua_ssl_protocols S +
lua_ssl_trusted_certificate S 1
lua_ssl_verify_depth S 1
lua_thread_cache_max_entries sm 1
lua_worker_thread_vm_pool_size sm 1
`;
// headers-more-nginx-module.
const HEADERS_MORE = `
more_clear_headers H.li +
more_clear_input_headers H.li +
more_set_headers H.li +
more_set_input_headers H.li +
`;

function loadThirdParty() {
  const table = new Map();
  const put = (name, masks) => table.set(name, [...(table.get(name) ?? []), ...masks]);
  for (const text of [LUA_HTTP, LUA_STREAM, HEADERS_MORE]) {
    for (const line of text.split('\n')) {
      const l = line.trim();
      if (!l) continue;
      const sp = l.indexOf(' ');
      const name = l.slice(0, sp);
      const masks = parseMaskList(l.slice(sp + 1));
      put(name, masks);
      if (name.endsWith('_by_lua_block')) {
        // the `name {` form: a block with no arguments (set_by_lua_block: one, the variable)
        const n = name === 'set_by_lua_block' ? TAKE[1] : NOARGS;
        put(name, masks.map((m) => u32((m & ~ARG_BITS) | BLOCK | n)));
      }
    }
  }
  return table;
}

// --- combining, merging, comparing -------------------------------------------------------------
/** For every context bit, the argument bits of the first mask that has it (crossplane's error
 * text depends only on those) and the union of all argument bits (acceptance). */
function semantics(masks) {
  const out = [];
  for (const c of CTX_BITS) {
    const m = masks.filter((x) => u32(x & c));
    if (!m.length) continue;
    const all = [...new Set(m.map((x) => x & ARG_BITS))].sort((a, b) => a - b);
    out.push(`${c}:${m[0] & ARG_BITS}:${all.join(',')}`);
  }
  return out.join(' ');
}

/** Merge masks with equal argument bits while the semantics stay the same. */
function mergeMasks(masks) {
  const want = semantics(masks);
  let cur = [...new Set(masks)];
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < cur.length; i++) {
      for (let j = i + 1; j < cur.length; j++) {
        if ((cur[i] & ARG_BITS) !== (cur[j] & ARG_BITS)) continue;
        const merged = u32(cur[i] | cur[j]);
        const tryList = cur.slice();
        tryList[i] = merged;
        tryList.splice(j, 1);
        if (semantics(tryList) === want) {
          cur = tryList;
          changed = true;
          break outer;
        }
        const tryList2 = cur.slice();
        tryList2[j] = merged;
        tryList2.splice(i, 1);
        if (semantics(tryList2) === want) {
          cur = tryList2;
          changed = true;
          break outer;
        }
      }
    }
  }
  return cur;
}

/** Does a mask list accept `n` arguments with terminator term (flag: the argument is on/off)? */
function accepts(masks, ctxBit, n, term, flagOk) {
  for (const mask of masks) {
    if (!u32(mask & ctxBit)) continue;
    if (mask & BLOCK ? term !== '{' : term !== ';') continue;
    if (
      (n <= 7 && mask & TAKE[n]) ||
      (mask & FLAG && n === 1 && flagOk) ||
      mask & ANY ||
      (mask & MORE1 && n >= 1) ||
      (mask & MORE2 && n >= 2)
    )
      return true;
  }
  return false;
}

function describe(masks, ctxBit) {
  const specs = masks.filter((m) => u32(m & ctxBit)).map((m) => argsToSpec(m & ARG_BITS));
  return specs.length ? specs.join('|') : '-';
}

function compare(xp, ref) {
  const lines = [];
  const both = [...xp.keys()].filter((k) => ref.has(k)).sort();
  for (const name of both) {
    const a = xp.get(name);
    const b = ref.get(name);
    const diffs = [];
    for (const [cname, c] of Object.entries(CTX)) {
      let differs = false;
      for (const term of [';', '{'])
        for (let n = 0; n <= 9; n++)
          for (const f of n === 1 ? [true, false] : [true])
            if (accepts(a, c, n, term, f) !== accepts(b, c, n, term, f)) differs = true;
      if (differs) diffs.push(`${cname}: crossplane ${describe(a, c)} reference ${describe(b, c)}`);
    }
    if (diffs.length) lines.push(`${name}\n    ${diffs.join('\n    ')}`);
  }
  const onlyXp = [...xp.keys()].filter((k) => !ref.has(k)).sort();
  const onlyRef = [...ref.keys()].filter((k) => !xp.has(k)).sort();
  return { lines, onlyXp, onlyRef, both };
}

// --- encoding ------------------------------------------------------------------------------------
function encode(table, meta) {
  // distinct masks, most used first
  const use = new Map();
  for (const masks of table.values()) for (const m of masks) use.set(m, (use.get(m) ?? 0) + 1);
  const maskList = [...use.keys()].sort((a, b) => use.get(b) - use.get(a) || a - b);
  const idx = new Map(maskList.map((m, i) => [m, i]));
  // group names by their list of mask indexes
  const groups = new Map();
  for (const [name, masks] of [...table.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const key = masks.map((m) => idx.get(m).toString(36)).join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(name);
  }
  const groupLines = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([key, names]) => `  '${key}:${frontCode(names)}',`);
  const hex = (m) => '0x' + m.toString(16).padStart(8, '0');
  return `// Generated by scripts/generate-directives.js — do not edit; run \`npm run generate:directives\`.
// Sources: crossplane's analyzer table, @nginx/reference-lib ${meta.version}, third-party modules
// (lua-nginx-module, stream-lua-nginx-module, headers-more). ${table.size} directives.

/** Distinct crossplane bit masks (context bits | argument bits), most used first. */
export const DIRECTIVE_MASKS: readonly number[] = [
${chunk(maskList.map(hex), 6).map((l) => '  ' + l.join(', ') + ',').join('\n')}
];

/**
 * Groups of directives sharing a mask list: \`i,j,...:names\`, where i, j are base-36 indexes into
 * DIRECTIVE_MASKS (in crossplane's order) and names are sorted and front-coded: each name is
 * written as one base-36 digit (characters shared with the previous name) and the rest, names
 * separated by spaces.
 */
export const DIRECTIVE_GROUPS: readonly string[] = [
${groupLines.join('\n')}
];
`;
}

function frontCode(names) {
  let prev = '';
  return names
    .map((n) => {
      let k = 0;
      while (k < 35 && k < prev.length && k < n.length && prev[k] === n[k]) k++;
      prev = n;
      return k.toString(36) + n.slice(k);
    })
    .join(' ');
}

function chunk(a, n) {
  const out = [];
  for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const xp = loadCrossplane();
  const ref = await loadReference();
  const refTable = referenceMasks(ref.directives);
  const refMasks = new Map([...refTable].map(([k, v]) => [k, v.map((x) => x.mask)]));
  const third = loadThirdParty();

  const table = new Map();
  const names = new Set([...xp.keys(), ...refMasks.keys(), ...third.keys()]);
  for (const name of names) {
    const masks = [...(xp.get(name) ?? []), ...(refMasks.get(name) ?? []), ...(third.get(name) ?? [])];
    table.set(name, mergeMasks(masks));
  }

  if (args.includes('--compare')) {
    const { lines, onlyXp, onlyRef, both } = compare(xp, refMasks);
    console.log(`# ${both.length} directives in both; ${lines.length} differ:\n`);
    console.log(lines.join('\n'));
    console.log(`\n# only in crossplane (${onlyXp.length}): ${onlyXp.join(' ')}`);
    console.log(`\n# only in the reference (${onlyRef.length}): ${onlyRef.join(' ')}`);
  }
  if (args.includes('--dump')) {
    for (const [name, masks] of [...table].sort()) {
      console.log(name.padEnd(40), masks.map((m) => `${ctxToSpec(m)} ${argsToSpec(m & ARG_BITS)}`).join('; '));
    }
  }

  const text = encode(table, ref);
  if (args.includes('--check')) {
    const old = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (old !== text) {
      console.error(`${path.relative(ROOT, OUT)} is stale: run node scripts/generate-directives.js`);
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${table.size} directives, ${Buffer.byteLength(text)} bytes`);
}

module.exports = {
  CTX,
  loadCrossplane,
  loadThirdParty,
  tokenizeSyntax,
  countsOf,
  syntaxToArgBits,
  parseMaskList,
  mergeMasks,
  semantics,
};

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
