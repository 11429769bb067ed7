/**
 * `StaticSite`: a single-page app on a private S3 bucket behind CloudFront — the bucket is reachable only through
 * the distribution (origin access control, SigV4; the bucket policy names this distribution alone), every response
 * carries the security headers (HSTS, nosniff, frame-deny, referrer policy, a strict Content-Security-Policy), and a
 * path S3 does not have (403 without ListBucket, or 404) answers `/index.html`, so the app's client-side routes
 * (`/calls/abc`) load on a reload or a shared link.
 *
 * `StaticSiteFiles`: the built app (one `aws.s3.BucketObjectv2` per file, content type by extension, hashed assets
 * cached for a year, everything else revalidated) plus JSON objects such as `config.json`.
 *
 * The two are separate because of the order of a stage: the site's origin must exist before the Cognito app client
 * (callback URL) and the APIs (CORS), and the files' `config.json` names the APIs, which exist only after that.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { allowMissingBundlesEnv } from './lambda-function.ts';
import type { Platform } from './platform.ts';
import { PrivateBucket } from './private-bucket.ts';

/** AWS managed cache policy "CachingOptimized" (gzip/brotli, no query strings or cookies in the key). */
export const cachingOptimizedPolicyId = '658327ea-f89d-4fab-a63d-7e88639e58f6';

/** HSTS max-age: two years, what the HSTS preload list asks for. */
export const hstsMaxAgeSeconds = 63_072_000;

/**
 * The console's Content-Security-Policy: scripts, styles and fonts from its own origin only (Cloudscape and Swagger
 * UI set style attributes from script, hence `'unsafe-inline'` for styles alone), fetches to its own origin and the
 * listed ones, never framed. The local stage serves the same directives (shared/src/local/stage-server.ts); the
 * Pulumi test compares the two.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export interface StaticSiteArgs {
  readonly platform: Platform;
  /** Name part: the bucket is `platform.globalName(name)`, the policies `platform.physicalName(name)`. */
  readonly name: string;
  /** What the site is, for the distribution's comment. */
  readonly description: string;
  /**
   * Sources the app's scripts may fetch from besides its own origin (CSP `connect-src`): exact origins, or a host
   * wildcard where the host is not known before the site exists. Never a bare `*` or a scheme alone.
   */
  readonly connectSources: readonly pulumi.Input<string>[];
  /**
   * CloudFront price class.
   * @default 'PriceClass_100' (North America and Europe edge locations)
   */
  readonly priceClass?: string;
}

export class StaticSite extends pulumi.ComponentResource {
  readonly bucket: PrivateBucket;
  readonly originAccessControl: aws.cloudfront.OriginAccessControl;
  readonly headersPolicy: aws.cloudfront.ResponseHeadersPolicy;
  readonly distribution: aws.cloudfront.Distribution;
  /** `https://<id>.cloudfront.net`: where the site is, and the origin to allow in CORS and as a Cognito callback. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:web:StaticSite', name, {}, opts);
    const { platform } = args;
    const parent = { parent: this };
    for (const source of args.connectSources) {
      if (typeof source === 'string' && (!/^(https|wss):\/\/[^/\s;,']+$/.test(source) || /^(https|wss):\/\/\*$/.test(source))) {
        throw new Error(`StaticSite ${name}: connect source "${source}" must be https://host or wss://host[:port] (a "*." host wildcard at most)`);
      }
    }

    // The grant names the distribution, and the distribution names the bucket: the grant's ARN is filled in once
    // the distribution is declared below (both in this constructor, so it is set before Pulumi resolves it).
    const later: { distributionArn?: pulumi.Output<string> } = {};
    this.bucket = new PrivateBucket(
      `${name}-files`,
      {
        platform,
        name: args.name,
        grants: (arn) => [
          {
            Sid: 'CloudFrontReadsSite',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            // GetObject only: without ListBucket a missing key answers 403, which the distribution maps to index.html.
            Action: ['s3:GetObject'],
            Resource: pulumi.interpolate`${arn}/*`,
            Condition: { StringEquals: { 'AWS:SourceArn': pulumi.output(0).apply(() => later.distributionArn!) } },
          },
        ],
      },
      parent,
    );
    this.originAccessControl = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        name: platform.physicalName(args.name),
        description: `${args.description}: CloudFront signs every request to the bucket`,
        originAccessControlOriginType: 's3',
        signingBehavior: 'always',
        signingProtocol: 'sigv4',
      },
      parent,
    );
    this.headersPolicy = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-headers`,
      {
        name: platform.physicalName(args.name),
        comment: `${args.description}: security headers`,
        securityHeadersConfig: {
          contentSecurityPolicy: {
            contentSecurityPolicy: pulumi.all([...args.connectSources]).apply((sources) => contentSecurityPolicy(sources)),
            override: true,
          },
          strictTransportSecurity: { accessControlMaxAgeSec: hstsMaxAgeSeconds, includeSubdomains: true, preload: false, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: 'DENY', override: true },
          referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        },
      },
      parent,
    );
    this.distribution = new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        comment: `${platform.physicalName(args.name)}: ${args.description}`,
        defaultRootObject: 'index.html',
        httpVersion: 'http2and3',
        isIpv6Enabled: true,
        origins: [{ originId: 'files', domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id }],
        defaultCacheBehavior: {
          targetOriginId: 'files',
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          cachePolicyId: cachingOptimizedPolicyId,
          responseHeadersPolicyId: this.headersPolicy.id,
        },
        // The SPA fallback: a client-side route is no object; S3 answers 403 (no ListBucket) or 404.
        customErrorResponses: [403, 404].map((errorCode) => ({
          errorCode,
          responseCode: 200,
          responsePagePath: '/index.html',
          errorCachingMinTtl: 10,
        })),
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1.2_2021' },
        priceClass: args.priceClass ?? 'PriceClass_100',
        tags: platform.tags,
      },
      parent,
    );
    later.distributionArn = this.distribution.arn;
    this.url = pulumi.interpolate`https://${this.distribution.domainName}`;
    this.registerOutputs({ url: this.url, bucket: this.bucket.bucket });
  }
}

/** Content types of what a Vite build emits; anything else is `application/octet-stream`. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Every file under `directory`, as POSIX keys relative to it (sorted); build metadata (`.vite/`) left out. */
export function siteFiles(directory: string): string[] {
  const keys: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(directory, relative)).sort()) {
      if (entry.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry}` : entry;
      if (statSync(path.join(directory, child)).isDirectory()) walk(child);
      else keys.push(child);
    }
  };
  walk('');
  return keys;
}

/**
 * `index.html` with a `<meta http-equiv="Content-Security-Policy">` as the first element of its head, before any
 * script: the browser enforces it together with the header's policy, so it can only narrow what the header allows.
 */
export function withMetaPolicy(html: string, policy: string): string {
  if (/[<>"]/.test(policy)) throw new Error(`withMetaPolicy: the policy cannot contain < > or ": ${policy}`);
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) throw new Error('withMetaPolicy: index.html has no <head>');
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}<meta http-equiv="Content-Security-Policy" content="${policy}">${html.slice(at)}`;
}

/** Vite names what it puts under `assets/` by content hash: those never change; everything else is revalidated. */
export const cacheControlFor = (key: string) => (key.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');

export interface StaticSiteFilesArgs {
  readonly site: StaticSite;
  /** The build output to upload (Vite's `dist/`); it must hold `index.html`. */
  readonly directory: string;
  /** The command that produces `directory`, named when it is missing. */
  readonly buildCommand: string;
  /**
   * Objects written as JSON next to the files, never cached (`config.json`).
   * @default {}
   */
  readonly json?: Readonly<Record<string, pulumi.Input<unknown>>>;
  /**
   * A policy put in `index.html` as a `<meta>` CSP, for what only exists after the site: `connect-src` naming each
   * API where the header can name their domain only (a meta policy cannot hold `frame-ancestors`; the header does).
   * @default none
   */
  readonly indexHtmlPolicy?: pulumi.Input<string>;
}

export class StaticSiteFiles extends pulumi.ComponentResource {
  /** The uploaded keys (files and JSON objects). */
  readonly keys: readonly string[];

  constructor(name: string, args: StaticSiteFilesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('switchboard:web:StaticSiteFiles', name, {}, opts);
    const bucket = args.site.bucket.id;
    const built = existsSync(path.join(args.directory, 'index.html'));
    if (!built && process.env[allowMissingBundlesEnv] !== '1') {
      throw new Error(
        `StaticSiteFiles ${name}: ${path.join(args.directory, 'index.html')} does not exist; run \`${args.buildCommand}\` before \`pulumi up\``,
      );
    }
    const files = built ? siteFiles(args.directory) : [];
    const json = args.json ?? {};
    for (const key of Object.keys(json)) {
      if (files.includes(key)) throw new Error(`StaticSiteFiles ${name}: ${key} is both a built file and a JSON object`);
    }
    const object = (key: string, content: Omit<aws.s3.BucketObjectv2Args, 'bucket' | 'key'>, dependsOn: pulumi.Resource[] = []) =>
      new aws.s3.BucketObjectv2(`${name}-${key.replace(/[^A-Za-z0-9.-]+/g, '-')}`, { bucket, key, ...content }, { parent: this, dependsOn });

    const assets = files
      .filter((key) => key !== 'index.html')
      .map((key) =>
        object(key, {
          source: new pulumi.asset.FileAsset(path.join(args.directory, key)),
          contentType: contentTypes[path.extname(key).toLowerCase()] ?? 'application/octet-stream',
          cacheControl: cacheControlFor(key),
        }),
      );
    const config = Object.entries(json).map(([key, value]) =>
      object(key, {
        content: pulumi.output(value as pulumi.Input<object>).apply((resolved) => JSON.stringify(resolved, null, 2)),
        contentType: 'application/json',
        cacheControl: 'no-cache',
      }),
    );
    // index.html last: until every chunk and config.json it needs is in place, visitors keep the previous build.
    const html = built
      ? readFileSync(path.join(args.directory, 'index.html'), 'utf8')
      : `<!doctype html><html lang="en"><head><title>Not built</title></head><body><p>Run ${args.buildCommand} and deploy again.</p></body></html>`;
    const policy = args.indexHtmlPolicy;
    object(
      'index.html',
      {
        content: policy === undefined ? html : pulumi.output(policy).apply((resolved) => withMetaPolicy(html, resolved)),
        contentType: contentTypes['.html'],
        cacheControl: 'no-cache',
      },
      [...assets, ...config],
    );
    this.keys = [...files.filter((key) => key !== 'index.html'), ...Object.keys(json), 'index.html'];
    this.registerOutputs({});
  }
}
