import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { repoRoot } from '../repo-paths';

/** A process of the stack: the real api, worker or CLI built in dist/. */
export type AppName = 'api' | 'worker' | 'cli';

export interface LocalStackOptions {
  /** Extra environment for api, worker and CLI (chunk size, lock durations…). */
  env?: Record<string, string>;
  /** Where the apps' output goes; by default it is dropped. */
  log?: (line: string) => void;
}

/**
 * A private PostgreSQL cluster (initdb in a temporary directory, its own port) and a private Redis
 * (append-only file, its own port), with the real api and worker as child processes. Drills stop,
 * kill and restart any of them without touching the services anyone else uses.
 */
export class LocalStack {
  readonly secret = randomBytes(32).toString('hex');
  readonly dir: string;
  readonly pgPort: number;
  readonly redisPort: number;
  apiPort = 0;
  private redis?: ChildProcess;
  private readonly children = new Set<ChildProcess>();
  private readonly root = repoRoot();
  private readonly pgBin = postgresBinDir();
  private readonly asPostgres = process.getuid?.() === 0;

  private constructor(
    dir: string,
    pgPort: number,
    redisPort: number,
    private readonly options: LocalStackOptions,
  ) {
    this.dir = dir;
    this.pgPort = pgPort;
    this.redisPort = redisPort;
  }

  static async start(options: LocalStackOptions = {}): Promise<LocalStack> {
    const dir = mkdtempSync(join(tmpdir(), 'tierwatch-drill-'));
    const stack = new LocalStack(dir, await freePort(), await freePort(), options);
    try {
      for (const app of ['api', 'worker', 'cli'] as const) {
        if (!existsSync(stack.main(app)))
          throw new Error(`${stack.main(app)} is missing: run npm run build first`);
      }
      stack.initPostgres();
      await stack.startPostgres();
      await stack.startRedis();
      await stack.cli(['migrate']);
    } catch (error) {
      await stack.dispose();
      throw error;
    }
    return stack;
  }

  get databaseUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.pgPort}/tierwatch`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  /** The environment every app of the stack runs with. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'development',
      AUTH_JWT_SECRET: this.secret,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${this.redisPort}`,
      REDIS_PREFIX: 'drill',
      LOG_LEVEL: 'warn',
      MIGRATIONS_RUN: 'false',
      OUTBOX_POLL_MS: '50',
      ...this.options.env,
      ...extra,
    };
  }

  /** Runs a CLI command to its end and returns its standard output. */
  async cli(args: string[], extra: Record<string, string> = {}): Promise<string> {
    const child = spawn(process.execPath, [this.main('cli'), ...args], {
      env: this.env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`tierwatch ${args.join(' ')} failed (${code}): ${err || out}`);
    return out;
  }

  /** Starts the api (waits until it answers) or a worker (waits until it has booted). */
  async startApp(app: 'api' | 'worker', extra: Record<string, string> = {}): Promise<ChildProcess> {
    if (app === 'api' && this.apiPort === 0) this.apiPort = await freePort();
    const env = app === 'api' ? { PORT: String(this.apiPort), ...extra } : { LOG_LEVEL: 'log', ...extra };
    const child = spawn(process.execPath, [this.main(app)], {
      env: this.env(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    let ready = false;
    const onData = (d: Buffer) => {
      const text = d.toString();
      if (text.includes('tierwatch worker running')) ready = true;
      for (const line of text.split('\n'))
        if (line.trim()) this.options.log?.(`[${app} ${child.pid}] ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} while starting`);
      if (app === 'worker' && ready) return child;
      if (app === 'api' && (await this.apiAnswers())) return child;
      if (Date.now() > deadline) throw new Error(`${app} did not start within 60 s`);
      await sleep(100);
    }
  }

  /** Sends a signal and resolves with the exit code and how long the process took to end. */
  async stopApp(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, ms: 0 };
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const code = await exited;
    return { code, ms: Date.now() - started };
  }

  /** A bearer token for the api, issued by the CLI with the stack's secret (a regulator: national). */
  async token(role: string): Promise<string> {
    const regions = role === 'regulator' ? ['--region', '*'] : [];
    return (await this.cli(['token', '--role', role, ...regions, '--subject', `drill:${role}`])).trim();
  }

  /** A client on the stack's database (the caller ends it). */
  async db(): Promise<Client> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = await this.db();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  // ---- PostgreSQL ---------------------------------------------------------------------------------

  /** `fast`: a clean restart (connections are terminated); `immediate`: as after a crash. */
  stopPostgres(mode: 'fast' | 'immediate' = 'fast'): void {
    this.pgCtl(['stop', '-m', mode, '-w']);
  }

  async startPostgres(): Promise<void> {
    this.pgCtl(['start', '-w', '-l', join(this.dir, 'postgres.log'), '-o', this.pgOptions()]);
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.pgPort}/postgres` });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'tierwatch'`);
      if (rowCount === 0) await admin.query('CREATE DATABASE tierwatch');
    } finally {
      await admin.end();
    }
  }

  /**
   * Freezes (SIGSTOP) or thaws (SIGCONT) the cluster's postmaster and all its backends: connections
   * stay open and nothing answers, the nastiest kind of unreachable.
   */
  signalPostgres(signal: 'SIGSTOP' | 'SIGCONT'): void {
    const postmaster = Number(readFileSync(join(this.dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
    for (const pid of [postmaster, ...children]) process.kill(pid, signal);
  }

  /** Freezes (SIGSTOP) or thaws (SIGCONT) the Redis server: its connections stay open, silent. */
  signalRedis(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.redis?.kill(signal);
  }

  // ---- Redis --------------------------------------------------------------------------------------

  async startRedis(): Promise<void> {
    const redis = spawn(
      'redis-server',
      [
        '--port',
        String(this.redisPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        // Every write on disk before it is acknowledged: an outage loses connections, not jobs.
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      { stdio: 'ignore' },
    );
    this.redis = redis;
    for (let i = 0; i < 100; i++) {
      if (redis.exitCode !== null) throw new Error(`redis-server exited with ${redis.exitCode}`);
      if (await portOpen(this.redisPort)) return;
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  }

  async stopRedis(): Promise<void> {
    const redis = this.redis;
    this.redis = undefined;
    if (!redis || redis.exitCode !== null) return;
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    try {
      this.signalRedis('SIGCONT');
      this.signalPostgres('SIGCONT');
    } catch {
      // not frozen, or already gone
    }
    await this.stopRedis().catch(() => undefined);
    try {
      if (existsSync(join(this.dir, 'pg', 'postmaster.pid'))) this.stopPostgres('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  // ---- internals ----------------------------------------------------------------------------------

  private main(app: AppName): string {
    return join(this.root, 'dist', 'apps', app, 'src', 'main.js');
  }

  private initPostgres(): void {
    if (this.asPostgres) chownSync(this.dir, postgresUid(), postgresGid());
    this.runPg('initdb', [
      '-D',
      join(this.dir, 'pg'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
  }

  private pgOptions(): string {
    // A scratch cluster: durability across an OS crash is not what the drills test.
    return `-p ${this.pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c full_page_writes=off`;
  }

  private pgCtl(args: string[]): void {
    this.runPg('pg_ctl', ['-D', join(this.dir, 'pg'), ...args]);
  }

  private runPg(tool: string, args: string[]): void {
    const bin = join(this.pgBin, tool);
    const [file, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    execFileSync(file, argv, { stdio: 'ignore', cwd: this.dir });
  }

  private async apiAnswers(): Promise<boolean> {
    try {
      const res = await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(1000) });
      await res.text();
      return true;
    } catch {
      return false;
    }
  }
}

function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found');
  }
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
}

function postgresGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
