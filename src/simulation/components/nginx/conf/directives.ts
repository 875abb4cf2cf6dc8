/**
 * The nginx directives the nginx.conf reader knows: the ones Stackscope models (with nginx's
 * contexts and argument counts, from nginx.org/en/docs), the ones it understands and ignores,
 * and the other real nginx directives, so a misspelling can be told from a directive that
 * exists but is not modelled.
 */

export type Context = 'main' | 'events' | 'http' | 'server' | 'location' | 'upstream';

export interface DirectiveSpec {
  readonly contexts: readonly Context[];
  /** A block directive (`name … { … }`) rather than one ended by `;`. */
  readonly block: boolean;
  /** How many arguments it takes, after its name. */
  readonly min: number;
  readonly max: number;
}

const MANY = Number.POSITIVE_INFINITY;
const spec = (contexts: readonly Context[], min: number, max: number, block = false): DirectiveSpec => ({ contexts, block, min, max });
const HSL: readonly Context[] = ['http', 'server', 'location'];

/** Directives Stackscope reads into the node's config, or understands and deliberately ignores. */
export const KNOWN: Readonly<Record<string, DirectiveSpec>> = {
  // Read into the config.
  http: spec(['main'], 0, 0, true),
  server: spec(['http'], 0, 0, true),
  upstream: spec(['http'], 1, 1, true),
  location: spec(['server', 'location'], 1, 2, true),
  listen: spec(['server'], 1, MANY),
  server_name: spec(['server'], 1, MANY),
  ssl_certificate: spec(['http', 'server'], 1, 1),
  ssl_certificate_key: spec(['http', 'server'], 1, 1),
  ssl_protocols: spec(['http', 'server'], 1, MANY),
  root: spec(HSL, 1, 1),
  index: spec(HSL, 1, MANY),
  try_files: spec(['server', 'location'], 2, MANY),
  proxy_pass: spec(['location'], 1, 1),
  return: spec(['server', 'location'], 1, 2),
  proxy_http_version: spec(HSL, 1, 1),
  proxy_set_header: spec(HSL, 2, 2),
  proxy_connect_timeout: spec(HSL, 1, 1),
  proxy_read_timeout: spec(HSL, 1, 1),
  proxy_next_upstream: spec(HSL, 1, MANY),
  keepalive_timeout: spec(HSL, 1, 2),
  keepalive_requests: spec(HSL, 1, 1),
  log_format: spec(['http'], 2, MANY),
  least_conn: spec(['upstream'], 0, 0),
  ip_hash: spec(['upstream'], 0, 0),
  // Understood, and ignored with a note.
  user: spec(['main'], 1, 2),
  worker_processes: spec(['main'], 1, 1),
  worker_rlimit_nofile: spec(['main'], 1, 1),
  pid: spec(['main'], 1, 1),
  events: spec(['main'], 0, 0, true),
  include: spec(['main', 'events', 'http', 'server', 'location', 'upstream'], 1, 1),
  default_type: spec(HSL, 1, 1),
  sendfile: spec(HSL, 1, 1),
  tcp_nopush: spec(HSL, 1, 1),
  tcp_nodelay: spec(HSL, 1, 1),
  types: spec(HSL, 0, 0, true),
  access_log: spec(HSL, 1, MANY),
  error_log: spec(['main', 'http', 'server', 'location'], 1, 2),
  ssl_session_cache: spec(['http', 'server'], 1, 2),
  ssl_session_timeout: spec(['http', 'server'], 1, 1),
  ssl_prefer_server_ciphers: spec(['http', 'server'], 1, 1),
  ssl_ciphers: spec(['http', 'server'], 1, 1),
};

/** Directives that only tune how nginx answers (buffers, compression, headers, caching): dropped with a warning. */
export const UNMODELLED_TUNING = new Set(
  `gzip gzip_types gzip_vary gzip_proxied gzip_comp_level gzip_min_length gzip_disable gzip_buffers gzip_http_version gzip_static gunzip
  proxy_buffering proxy_buffers proxy_buffer_size proxy_busy_buffers_size proxy_request_buffering proxy_max_temp_file_size proxy_temp_path
  proxy_cache proxy_cache_path proxy_cache_valid proxy_cache_key proxy_cache_bypass proxy_no_cache proxy_cache_use_stale proxy_cache_lock
  proxy_redirect proxy_next_upstream_tries proxy_next_upstream_timeout proxy_hide_header proxy_pass_header
  proxy_ignore_headers proxy_intercept_errors proxy_send_timeout proxy_ssl_server_name proxy_ssl_verify proxy_ssl_name
  proxy_cookie_domain proxy_cookie_path proxy_socket_keepalive proxy_bind proxy_headers_hash_max_size proxy_headers_hash_bucket_size
  proxy_pass_request_headers proxy_pass_request_body proxy_set_body proxy_method
  add_header add_trailer expires etag charset source_charset client_max_body_size client_body_buffer_size client_body_timeout
  client_header_timeout client_header_buffer_size large_client_header_buffers client_body_temp_path send_timeout server_tokens
  ssl_session_tickets ssl_stapling ssl_stapling_verify ssl_trusted_certificate ssl_dhparam ssl_ecdh_curve ssl_early_data
  ssl_buffer_size ssl_verify_client ssl_client_certificate ssl_password_file ssl_conf_command ssl_reject_handshake
  resolver resolver_timeout set map geo split_clients error_page autoindex sub_filter sub_filter_once sub_filter_types
  types_hash_max_size types_hash_bucket_size server_names_hash_bucket_size server_names_hash_max_size variables_hash_max_size
  variables_hash_bucket_size map_hash_bucket_size map_hash_max_size open_file_cache open_file_cache_valid open_file_cache_min_uses
  open_file_cache_errors open_log_file_cache reset_timedout_connection lingering_close lingering_time lingering_timeout keepalive_time
  keepalive_disable http2 http3 quic_retry real_ip_header set_real_ip_from real_ip_recursive limit_req_zone limit_conn_zone limit_rate
  limit_rate_after limit_req_status limit_conn_status aio directio output_buffers postpone_output chunked_transfer_encoding
  absolute_redirect port_in_redirect server_name_in_redirect merge_slashes underscores_in_headers ignore_invalid_headers
  recursive_error_pages log_not_found log_subrequest rewrite_log ssi mirror stub_status msie_padding if_modified_since
  load_module daemon master_process env timer_resolution worker_cpu_affinity worker_priority worker_shutdown_timeout thread_pool
  pcre_jit accept_mutex multi_accept worker_connections use stream mail zone keepalive queue ntlm sticky_cookie_insert
  uwsgi_param fastcgi_param scgi_param uwsgi_read_timeout fastcgi_read_timeout fastcgi_index fastcgi_split_path_info
  http2_push http2_max_concurrent_streams send_lowat sendfile_max_chunk`.split(/\s+/),
);

/** Directives that decide what answers a request (routing, rewriting, access control): refused with an error. */
export const UNMODELLED_ROUTING = new Set(
  `rewrite if break internal alias auth_basic auth_basic_user_file auth_request allow deny limit_except limit_req limit_conn satisfy
  hash random sticky fastcgi_pass uwsgi_pass scgi_pass grpc_pass memcached_pass`.split(/\s+/),
);

const ALL_NAMES = [...Object.keys(KNOWN), ...UNMODELLED_TUNING, ...UNMODELLED_ROUTING];

export function isRealDirective(name: string): boolean {
  return name in KNOWN || UNMODELLED_TUNING.has(name) || UNMODELLED_ROUTING.has(name);
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The nearest real directive name to a misspelt one, if one is close; the modelled ones win ties. */
export function didYouMean(name: string): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of ALL_NAMES) {
    const d = distance(name.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Why a directive Stackscope understands has no effect on the simulation. */
export const IGNORED_NOTE: Readonly<Record<string, string>> = {
  user: 'the user the worker processes run as',
  worker_processes: 'Stackscope runs one worker process (worker_processes 1)',
  worker_rlimit_nofile: 'the simulation has no file-descriptor limit',
  pid: 'there is no pid file',
  events: 'the connection-processing settings (worker_connections, use, multi_accept) have no effect on the simulation',
  default_type: 'the type of a served file comes from its name',
  sendfile: 'how a file is copied to the socket does not change what is sent',
  tcp_nopush: 'how packets are filled does not change what is sent',
  tcp_nodelay: 'how packets are filled does not change what is sent',
  types: 'the MIME types are nginx\'s usual ones',
  error_log: 'the node keeps one error log, shown in the event log',
  ssl_session_cache: 'TLS sessions are not resumed',
  ssl_session_timeout: 'TLS sessions are not resumed',
  ssl_prefer_server_ciphers: 'the cipher suite is not modelled',
  ssl_ciphers: 'the cipher suite is not modelled',
};

/** nginx's wording for a context, as in its docs. */
export const CONTEXT_NAMES: Readonly<Record<Context, string>> = {
  main: 'the main context',
  events: 'events',
  http: 'http',
  server: 'server',
  location: 'location',
  upstream: 'upstream',
};
