/**
 * From the directive tree of an nginx.conf to the nginx node's config (the input of
 * nginxConfigSchema), with nginx's own checks and words: unknown directives, directives in the
 * wrong context, wrong argument counts, duplicates. Settings that nginx inherits (proxy_*,
 * root, index, ssl_*) are written at http or server level and apply to the blocks inside.
 */
import { NEXT_UPSTREAM_CONDITIONS, type NextUpstreamCondition, type NginxConfig, type ServerBlock } from '../config.ts';
import { didYouMean, IGNORED_NOTE, KNOWN, UNMODELLED_ROUTING, UNMODELLED_TUNING, type Context, type DirectiveSpec } from './directives.ts';
import type { Arg, Directive, NginxConfigInput } from './parser.ts';
import type { ConfProblem, Position } from './tokenizer.ts';
import { CATCH_ALL_NAME, NGINX_PREFIX, parseTime, readListen, readReturn, readServerName, readUpstreamServer, sourceAt } from './values.ts';

/** Where a field of the config was set: the directive (or its argument) that set it. */
export interface Source extends Position {
  readonly directive: string;
}

export interface MapResult {
  readonly input: NginxConfigInput;
  /** By config path (servers.0.locations.1.proxy_pass), the place that set it. */
  readonly sources: Map<string, Source>;
  readonly problems: ConfProblem[];
}

export { CATCH_ALL_NAME, NGINX_PREFIX, parseTime } from './values.ts';

type ServerInput = NonNullable<NginxConfigInput['servers']>[number];
type LocationInput = NonNullable<ServerInput['locations']>[number];
type UpstreamInput = NonNullable<NginxConfigInput['upstreams']>[number];

interface Setting<T> {
  readonly value: T;
  readonly at: Source;
}

/** The settings nginx inherits from http to server to location. */
interface Scope {
  proxy_http_version?: Setting<'1.0' | '1.1'>;
  proxy_set_header?: Setting<{ name: string; value: string; at: Source }[]>;
  proxy_connect_timeout?: Setting<number>;
  proxy_read_timeout?: Setting<number>;
  proxy_next_upstream?: Setting<NextUpstreamCondition[]>;
  root?: Setting<string>;
  index?: Setting<string[]>;
  ssl_certificate?: Setting<string>;
  ssl_certificate_key?: Setting<string>;
  ssl_protocols?: Setting<('TLSv1.2' | 'TLSv1.3')[]>;
  /** The settings written at this level (the rest came from the level above). */
  own: Set<string>;
}

const UPSTREAM_SERVER: DirectiveSpec = { contexts: ['upstream'], block: false, min: 1, max: Number.POSITIVE_INFINITY };
class Reader {
  readonly problems: ConfProblem[] = [];
  readonly sources = new Map<string, Source>();
  private readonly accessLogs: Directive[] = [];
  private readonly formats = new Map<string, Setting<string>>();
  private readonly upstreams: UpstreamInput[] = [];
  private readonly servers: { input: ServerInput; sources: Map<string, Source>; port: number; defaultServer?: Source }[] = [];
  private keepaliveTimeout?: number;
  private keepaliveRequests?: number;
  private seen = new Set<string>();

  constructor(private readonly previous: NginxConfig | undefined) {}

  private report(severity: ConfProblem['severity'], at: Position, message: string, directive?: string): void {
    this.problems.push({ line: at.line, column: at.column, severity, message, ...(directive === undefined ? {} : { directive }) });
  }
  error = (at: Position, message: string, directive?: string) => this.report('error', at, message, directive);
  warn = (at: Position, message: string, directive?: string) => this.report('warning', at, message, directive);
  info = (at: Position, message: string, directive?: string) => this.report('info', at, message, directive);

  /** nginx's checks of a directive in a context (ngx_conf_handler); the spec when it is one Stackscope reads. */
  private check(d: Directive, context: Context): DirectiveSpec | undefined {
    const name = d.name;
    const known = context === 'upstream' && name === 'server' ? UPSTREAM_SERVER : Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
    if (!known) {
      if (UNMODELLED_ROUTING.has(name)) {
        this.error(d, `"${name}" is not modelled by Stackscope: it decides what answers a request, so the simulation would differ from this nginx. Remove it to use the rest.`, name);
      } else if (UNMODELLED_TUNING.has(name)) {
        this.warn(d, `"${name}" is not modelled by Stackscope and is left out: the simulated nginx behaves as if it were not there.`, name);
      } else {
        const hint = didYouMean(name);
        this.error(d, `unknown directive "${name}"${hint ? `: did you mean "${hint}"?` : ''}`, name);
      }
      return undefined;
    }
    if (!known.contexts.includes(context)) {
      this.error(d, `"${name}" directive is not allowed here`, name);
      return undefined;
    }
    if (!known.block && d.block) {
      this.error(d, `directive "${name}" is not terminated by ";"`, name);
      return undefined;
    }
    if (known.block && !d.block) {
      this.error(d, `directive "${name}" has no opening "{"`, name);
      return undefined;
    }
    if (d.args.length < known.min || d.args.length > known.max) {
      this.error(d, `invalid number of arguments in "${name}" directive`, name);
      return undefined;
    }
    return known;
  }

  /** Once per block for the directives nginx keeps one value of: `"root" directive is duplicate`. */
  private once(d: Directive, scope: Scope): boolean {
    if (scope.own.has(d.name)) {
      this.error(d, `"${d.name}" directive is duplicate`, d.name);
      return false;
    }
    scope.own.add(d.name);
    return true;
  }

  private time(d: Directive, arg: Arg): number | undefined {
    const value = parseTime(arg.value);
    if (value === undefined) this.error(arg, `"${d.name}" directive invalid value "${arg.value}": a time such as 60s, 500ms or 1m`, d.name);
    return value;
  }

  /** The directives that mean the same in http, server and location (nginx merges them downwards). Whether `d` was one. */
  private setting(d: Directive, scope: Scope, context: Context): boolean {
    const at = sourceAt(d, d.name);
    const [first] = d.args;
    switch (d.name) {
      case 'proxy_http_version':
        if (!this.once(d, scope)) return true;
        if (first!.value !== '1.0' && first!.value !== '1.1') this.error(first!, `invalid value "${first!.value}" in "proxy_http_version" directive: it must be 1.0 or 1.1`, d.name);
        else scope.proxy_http_version = { value: first!.value, at };
        return true;
      case 'proxy_set_header': {
        const header = { name: first!.value, value: d.args[1]!.value, at };
        // A level with its own proxy_set_header lines replaces the inherited list (nginx's rule).
        if (!scope.own.has(d.name)) scope.proxy_set_header = { value: [], at };
        scope.own.add(d.name);
        scope.proxy_set_header!.value.push(header);
        return true;
      }
      case 'proxy_connect_timeout':
      case 'proxy_read_timeout': {
        if (!this.once(d, scope)) return true;
        const seconds = this.time(d, first!);
        if (seconds !== undefined) scope[d.name] = { value: seconds, at };
        return true;
      }
      case 'proxy_next_upstream': {
        if (!this.once(d, scope)) return true;
        const conditions: NextUpstreamCondition[] = [];
        let refused = false;
        for (const arg of d.args) {
          const known = (NEXT_UPSTREAM_CONDITIONS as readonly string[]).includes(arg.value);
          refused ||= !known || (arg.value === 'off' && d.args.length > 1);
          if (!known) this.error(arg, `invalid value "${arg.value}" in "proxy_next_upstream" directive: use ${NEXT_UPSTREAM_CONDITIONS.join(', ')}`, d.name);
          else if (arg.value === 'off' && d.args.length > 1) this.error(arg, `invalid value "off" in "proxy_next_upstream" directive: off stands alone`, d.name);
          else if (conditions.includes(arg.value as NextUpstreamCondition)) this.warn(arg, `duplicate value "${arg.value}" in "proxy_next_upstream" directive`, d.name);
          else conditions.push(arg.value as NextUpstreamCondition);
        }
        if (!refused) scope.proxy_next_upstream = { value: conditions, at };
        return true;
      }
      case 'root': {
        if (!this.once(d, scope)) return true;
        let path = first!.value;
        if (!path.startsWith('/') && !path.startsWith('$')) {
          path = NGINX_PREFIX + path;
          this.info(d, `root "${first!.value}" is relative to nginx's prefix: ${path}`, d.name);
        }
        scope.root = { value: path, at };
        return true;
      }
      case 'index':
        if (!scope.own.has(d.name)) scope.index = { value: [], at };
        scope.own.add(d.name);
        scope.index!.value.push(...d.args.map((arg) => arg.value));
        return true;
      case 'ssl_certificate':
      case 'ssl_certificate_key':
        if (scope.own.has(d.name)) {
          this.warn(d, `a second "${d.name}" (for another key type) is not modelled by Stackscope and is left out`, d.name);
          return true;
        }
        scope.own.add(d.name);
        scope[d.name] = { value: first!.value, at };
        return true;
      case 'ssl_protocols': {
        if (!this.once(d, scope)) return true;
        const protocols: ('TLSv1.2' | 'TLSv1.3')[] = [];
        for (const arg of d.args) {
          if (arg.value === 'TLSv1.2' || arg.value === 'TLSv1.3') {
            if (!protocols.includes(arg.value)) protocols.push(arg.value);
          } else if (['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'].includes(arg.value)) {
            this.warn(arg, `${arg.value} is not modelled by Stackscope (only TLSv1.2 and TLSv1.3 are) and is left out of ssl_protocols`, d.name);
          } else {
            this.error(arg, `invalid value "${arg.value}" in "ssl_protocols" directive`, d.name);
          }
        }
        scope.ssl_protocols = { value: protocols, at };
        return true;
      }
      case 'keepalive_timeout':
      case 'keepalive_requests':
        if (context === 'http') return false;
        this.warn(d, `Stackscope applies "${d.name}" to the whole node, so it reads it in http only; this one, in ${context}, is left out`, d.name);
        return true;
      case 'access_log':
        this.accessLogs.push(d);
        return true;
      case 'include':
        this.include(d);
        return true;
      default:
        if (Object.hasOwn(IGNORED_NOTE, d.name)) {
          this.info(d, `"${d.name}" is understood and ignored: ${IGNORED_NOTE[d.name]}`, d.name);
          return true;
        }
        return false;
    }
  }

  private include(d: Directive): void {
    const file = d.args[0]!.value;
    if (/(^|\/)mime\.types$/.test(file)) this.info(d, `"include ${file}" is understood and ignored: the MIME types are nginx's usual ones`, 'include');
    else this.warn(d, `"include ${file}" is not followed: Stackscope reads this one text; paste the included file's directives here instead`, 'include');
  }

  private child(scope: Scope): Scope {
    return { ...scope, own: new Set() };
  }

  read(directives: readonly Directive[]): MapResult {
    const mainOnly = new Set(['http', 'events', 'user', 'worker_processes', 'pid', 'worker_rlimit_nofile', 'load_module', 'daemon', 'master_process', 'env']);
    const root: Scope = { own: new Set() };
    if (directives.some((d) => mainOnly.has(d.name))) {
      for (const d of directives) {
        if (!this.check(d, 'main')) continue;
        if (d.name === 'http') {
          if (this.seen.has('http')) this.error(d, '"http" directive is duplicate', 'http');
          else this.http(d.block!, root);
          this.seen.add('http');
        } else if (!this.setting(d, root, 'main')) {
          this.info(d, `"${d.name}" is understood and ignored`, d.name);
        }
      }
    } else {
      this.http(directives, root);
    }
    return { input: this.assemble(), sources: this.sources, problems: this.problems };
  }

  private http(directives: readonly Directive[], parent: Scope): void {
    const scope = this.child(parent);
    const servers: Directive[] = [];
    for (const d of directives) {
      if (!this.check(d, 'http')) continue;
      if (this.setting(d, scope, 'http')) continue;
      const [first] = d.args;
      switch (d.name) {
        case 'server':
          servers.push(d);
          break;
        case 'upstream':
          this.upstream(d);
          break;
        case 'log_format':
          this.logFormat(d);
          break;
        case 'keepalive_timeout': {
          if (!this.once(d, scope)) break;
          const seconds = this.time(d, first!);
          if (seconds !== undefined) this.keepaliveTimeout = seconds;
          this.sources.set('keepalive_timeout', sourceAt(first!, d.name));
          if (d.args[1]) this.warn(d.args[1], 'the second keepalive_timeout argument (the "Keep-Alive: timeout=" header) is not modelled by Stackscope and is left out', d.name);
          break;
        }
        case 'keepalive_requests':
          if (!this.once(d, scope)) break;
          if (!/^\d+$/.test(first!.value)) this.error(first!, '"keepalive_requests" directive invalid number', d.name);
          else this.keepaliveRequests = Number(first!.value);
          this.sources.set('keepalive_requests', sourceAt(first!, d.name));
          break;
        default:
          this.info(d, `"${d.name}" is understood and ignored`, d.name);
      }
    }
    for (const d of servers) this.server(d, scope);
  }

  private logFormat(d: Directive): void {
    const [name, ...rest] = d.args;
    const parts = rest[0]?.value.startsWith('escape=') ? rest.slice(1) : rest;
    if (parts !== rest) this.warn(rest[0]!, `log_format's ${rest[0]!.value} is not modelled by Stackscope and is left out`, d.name);
    if (name!.value === 'combined' || this.formats.has(name!.value)) {
      this.error(name!, `duplicate "log_format" name "${name!.value}"`, d.name);
      return;
    }
    if (parts.length === 0) {
      this.error(d, 'invalid number of arguments in "log_format" directive', d.name);
      return;
    }
    this.formats.set(name!.value, { value: parts.map((part) => part.value).join(''), at: sourceAt(parts[0]!, d.name) });
  }

  private upstream(d: Directive): void {
    const name = d.args[0]!.value;
    if (this.upstreams.some((upstream) => upstream.name === name)) {
      this.error(d, `duplicate upstream "${name}"`, d.name);
      return;
    }
    const index = this.upstreams.length;
    const prefix = `upstreams.${index}`;
    const upstream: UpstreamInput = { name, servers: [] };
    this.sources.set(prefix, sourceAt(d, 'upstream'));
    for (const inner of d.block!) {
      if (!this.check(inner, 'upstream')) continue;
      if (inner.name === 'include') {
        this.include(inner);
      } else if (inner.name === 'least_conn' || inner.name === 'ip_hash') {
        if (upstream.method !== undefined) this.warn(inner, 'load balancing method redefined', inner.name);
        upstream.method = inner.name;
        this.sources.set(`${prefix}.method`, sourceAt(inner, inner.name));
      } else if (inner.name === 'server') {
        const server = readUpstreamServer(this, inner, `${prefix}.servers.${upstream.servers.length}`);
        if (server) upstream.servers.push(server);
      } else {
        this.error(inner, `"${inner.name}" directive is not allowed here`, inner.name);
      }
    }
    if (!d.block!.some((inner) => inner.name === 'server')) this.error(d, `no servers are inside upstream "${name}"`, 'upstream');
    this.upstreams.push(upstream);
  }

  private server(d: Directive, parent: Scope): void {
    const scope = this.child(parent);
    const listens: { port: number; ssl: boolean; defaultServer: boolean; at: Source }[] = [];
    const names: { name: string; at: Source }[] = [];
    const locations: Directive[] = [];
    let serverReturn: Directive | undefined;
    for (const inner of d.block!) {
      if (!this.check(inner, 'server')) continue;
      if (this.setting(inner, scope, 'server')) continue;
      switch (inner.name) {
        case 'listen': {
          const listen = readListen(this, inner);
          if (!listen) break;
          if (listens.some((other) => other.port === listen.port)) this.error(inner, `a duplicate listen 0.0.0.0:${listen.port}`, 'listen');
          else listens.push(listen);
          break;
        }
        case 'server_name':
          for (const arg of inner.args) {
            const name = readServerName(this, arg);
            if (name !== undefined && !names.some((other) => other.name === name)) names.push({ name, at: sourceAt(arg, 'server_name') });
          }
          break;
        case 'location':
          locations.push(inner);
          break;
        case 'return':
          if (serverReturn) this.warn(inner, 'this "return" is never reached: the one before it answers first', 'return');
          else serverReturn = inner;
          break;
        case 'try_files':
          this.error(inner, '"try_files" in the server context is not modelled by Stackscope: put it in a location', 'try_files');
          break;
        default:
          this.info(inner, `"${inner.name}" is understood and ignored`, inner.name);
      }
    }
    if (listens.length === 0) listens.push({ port: 80, ssl: false, defaultServer: false, at: sourceAt(d, 'server') });
    if (names.length === 0) {
      this.info(d, 'this server block has no server_name: it has nginx\'s empty name, which no request carries, so it answers only as its port\'s default', 'server');
      names.push({ name: CATCH_ALL_NAME, at: sourceAt(d, 'server') });
    }
    if (listens.length > 1 || names.length > 1) {
      this.info(d, `Stackscope's server block has one port and one name, so this block is read as ${listens.length * names.length} blocks (${listens.length} listen × ${names.length} server_name), each with the same locations`, 'server');
    }
    // Locations, once: each copy of the block shares them.
    const locationInputs: { input: LocationInput; sources: Map<string, Source> }[] = [];
    const locationSources = (index: number) => `locations.${index}`;
    if (serverReturn) {
      const value = readReturn(this, serverReturn);
      if (value !== undefined) locationInputs.push({ input: { path: '/', return: value }, sources: new Map([['', sourceAt(serverReturn, 'return')], ['return', sourceAt(serverReturn, 'return')]]) });
      this.info(serverReturn, '"return" in the server context answers every request: Stackscope models it as "location / { return … }"', 'return');
      for (const location of locations) this.warn(location, 'this location is never reached: the server block\'s "return" answers every request first', 'location');
    } else {
      const taken = new Set<string>();
      for (const location of locations) {
        const read = this.location(location, scope, taken);
        if (read) locationInputs.push(read);
      }
    }
    if (listens.some((listen) => listen.ssl)) {
      const listen = listens.find((candidate) => candidate.ssl)!;
      if (!scope.ssl_certificate) this.error(listen.at, 'no "ssl_certificate" is defined for the listen ... ssl directive', 'listen');
      else if (!scope.ssl_certificate_key) this.error(scope.ssl_certificate.at, `no "ssl_certificate_key" is defined for certificate "${scope.ssl_certificate.value}"`, 'ssl_certificate');
      else this.info(scope.ssl_certificate.at, `ssl_certificate "${scope.ssl_certificate.value}": Stackscope holds certificates as data, so the certificate file's contents come from the form`, 'ssl_certificate');
    }
    for (const listen of listens) {
      for (const name of names) {
        const input: ServerInput = { listen: listen.port, ssl: listen.ssl, server_name: name.name, locations: locationInputs.map((location) => ({ ...location.input })) };
        const sources = new Map<string, Source>([['', sourceAt(d, 'server')], ['locations', sourceAt(d, 'server')], ['listen', listen.at], ['ssl', listen.at], ['server_name', name.at]]);
        if (scope.root) {
          input.root = scope.root.value;
          sources.set('root', scope.root.at);
        }
        if (scope.ssl_protocols) {
          input.ssl_protocols = scope.ssl_protocols.value;
          sources.set('ssl_protocols', scope.ssl_protocols.at);
        }
        if (scope.ssl_certificate) sources.set('ssl_certificate', scope.ssl_certificate.at);
        locationInputs.forEach((location, index) => {
          for (const [key, source] of location.sources) sources.set(key === '' ? locationSources(index) : `${locationSources(index)}.${key}`, source);
        });
        this.servers.push({ input, sources, port: listen.port, ...(listen.defaultServer ? { defaultServer: listen.at } : {}) });
      }
    }
  }

  private location(d: Directive, parent: Scope, taken: Set<string>): { input: LocationInput; sources: Map<string, Source> } | undefined {
    const [first, second] = d.args;
    let modifier = second ? first!.value : '';
    let path = second ? second.value : first!.value;
    if (!second) {
      for (const attached of ['=', '^~', '~*', '~', '@']) {
        if (path.startsWith(attached) && (attached !== '~' || !path.startsWith('~*'))) {
          modifier = attached;
          path = path.slice(attached.length);
          break;
        }
      }
    }
    if (modifier === '~' || modifier === '~*') {
      this.error(d, `"location ${modifier} ${path}": regular-expression locations are not modelled by Stackscope; use a prefix (location /path), = or ^~`, 'location');
      return undefined;
    }
    if (modifier === '@') {
      this.error(d, `the named location "@${path}" is not modelled by Stackscope`, 'location');
      return undefined;
    }
    if (modifier !== '' && modifier !== '=' && modifier !== '^~') {
      this.error(first!, `invalid location modifier "${modifier}"`, 'location');
      return undefined;
    }
    const key = `${modifier === '=' ? '=' : ''}${path}`;
    if (taken.has(key)) {
      this.error(d, `duplicate location "${path}"`, 'location');
      return undefined;
    }
    taken.add(key);
    const scope = this.child(parent);
    const input: LocationInput = { path, ...(modifier === '' ? {} : { modifier: modifier as '=' | '^~' }) };
    const sources = new Map<string, Source>([['', sourceAt(d, 'location')], ['path', sourceAt(d, 'location')], ['modifier', sourceAt(d, 'location')]]);
    let returned = false;
    for (const inner of d.block!) {
      if (inner.name === 'location') {
        this.error(inner, 'nested locations are not modelled by Stackscope: write each location directly in the server block', 'location');
        continue;
      }
      if (!this.check(inner, 'location')) continue;
      if (this.setting(inner, scope, 'location')) continue;
      const at = sourceAt(inner, inner.name);
      switch (inner.name) {
        case 'proxy_pass':
          if (!this.once(inner, scope)) break;
          input.proxy_pass = inner.args[0]!.value;
          sources.set('proxy_pass', at);
          break;
        case 'return': {
          if (returned) {
            this.warn(inner, 'this "return" is never reached: the one before it answers first', 'return');
            break;
          }
          returned = true;
          const value = readReturn(this, inner);
          if (value !== undefined) input.return = value;
          sources.set('return', at);
          break;
        }
        case 'try_files':
          if (!this.once(inner, scope)) break;
          input.try_files = inner.args.map((arg) => arg.value);
          sources.set('try_files', at);
          break;
        default:
          this.info(inner, `"${inner.name}" is understood and ignored`, inner.name);
      }
    }
    if (scope.proxy_http_version) {
      input.proxy_http_version = scope.proxy_http_version.value;
      sources.set('proxy_http_version', scope.proxy_http_version.at);
    }
    if (scope.proxy_set_header) {
      input.proxy_set_header = scope.proxy_set_header.value.map(({ name, value }) => ({ name, value }));
      sources.set('proxy_set_header', scope.proxy_set_header.at);
      scope.proxy_set_header.value.forEach((header, index) => sources.set(`proxy_set_header.${index}`, header.at));
    }
    if (scope.proxy_next_upstream) {
      input.proxy_next_upstream = [...scope.proxy_next_upstream.value];
      sources.set('proxy_next_upstream', scope.proxy_next_upstream.at);
    }
    for (const name of ['proxy_connect_timeout', 'proxy_read_timeout'] as const) {
      const setting = scope[name];
      if (setting) {
        input[name] = setting.value;
        sources.set(name, setting.at);
      }
    }
    // root: the location's own; an inherited root is the server block's.
    if (scope.root && scope.own.has('root')) {
      input.root = scope.root.value;
      sources.set('root', scope.root.at);
    }
    if (scope.index) {
      input.index = [...scope.index.value];
      sources.set('index', scope.index.at);
    }
    return { input, sources };
  }

  /** The certificate data the text cannot hold: the previous config's block with this port and name, else the one at this index. */
  private certificateFor(server: ServerInput, index: number): ServerBlock['ssl_certificate'] | undefined {
    const blocks = this.previous?.servers ?? [];
    const same = (block: ServerBlock | undefined) => block !== undefined && block.listen === server.listen && block.server_name === server.server_name;
    if (same(blocks[index])) return blocks[index]!.ssl_certificate;
    return (blocks.find(same) ?? blocks[index])?.ssl_certificate;
  }

  private assemble(): NginxConfigInput {
    // default_server: Stackscope's default block for a port is its first, so the flagged block moves before the others on its port.
    const ordered = [...this.servers];
    const defaults = new Map<number, Source>();
    for (const server of this.servers) {
      if (!server.defaultServer) continue;
      const already = defaults.get(server.port);
      if (already) {
        this.error(server.defaultServer, `a duplicate default server for 0.0.0.0:${server.port}`, 'listen');
        continue;
      }
      defaults.set(server.port, server.defaultServer);
      const from = ordered.indexOf(server);
      const to = ordered.findIndex((other) => other.port === server.port);
      if (to < from) {
        ordered.splice(from, 1);
        ordered.splice(to, 0, server);
        this.info(server.defaultServer, `default_server: Stackscope's default block for port ${server.port} is its first, so this block is moved before the others on that port`, 'listen');
      }
    }
    const servers = ordered.map((server, index) => {
      for (const [key, source] of server.sources) this.sources.set(key === '' ? `servers.${index}` : `servers.${index}.${key}`, source);
      const certificate = this.certificateFor(server.input, index);
      return certificate ? { ...server.input, ssl_certificate: certificate } : server.input;
    });
    const input: NginxConfigInput = { servers, upstreams: this.upstreams };
    if (this.previous) {
      input.address = this.previous.address;
      input.files = this.previous.files;
    }
    if (this.keepaliveTimeout !== undefined) input.keepalive_timeout = this.keepaliveTimeout;
    if (this.keepaliveRequests !== undefined) input.keepalive_requests = this.keepaliveRequests;
    const format = this.chooseFormat();
    if (format) {
      input.log_format = format.value;
      this.sources.set('log_format', format.at);
    }
    return input;
  }

  /** The one log_format the node keeps: the one access_log names, else the first; access_log's checks. */
  private chooseFormat(): Setting<string> | undefined {
    let chosen: string | undefined;
    for (const d of this.accessLogs) {
      const [path, format] = d.args;
      if (path!.value === 'off') {
        this.info(d, '"access_log off" is understood and ignored: Stackscope always writes the node\'s access log', 'access_log');
        continue;
      }
      const name = format?.value ?? 'combined';
      if (name !== 'combined' && !this.formats.has(name)) {
        this.error(format ?? d, `unknown log format "${name}"`, 'access_log');
        continue;
      }
      chosen ??= name === 'combined' ? undefined : name;
      if (chosen !== undefined && name !== chosen) this.warn(d, `Stackscope keeps one access log, written with log_format "${chosen}"; this access_log's format "${name}" is not used`, 'access_log');
      else this.info(d, `"access_log ${path!.value}" is understood: the node's access log, written with ${name === 'combined' && this.formats.size === 0 ? 'the default format' : `log_format "${name}"`}`, 'access_log');
    }
    chosen ??= this.formats.keys().next().value;
    for (const [name, format] of this.formats) {
      if (name !== chosen) this.warn(format.at, `Stackscope keeps one log_format ("${chosen}"), so log_format "${name}" is not used`, 'log_format');
    }
    return chosen === undefined ? undefined : this.formats.get(chosen);
  }
}

export function mapDirectives(directives: readonly Directive[], previous?: NginxConfig): MapResult {
  return new Reader(previous).read(directives);
}
