// Where the media library keeps its files: cms/public/uploads (Strapi's local provider, the
// embedded default), or an S3 bucket when S3_BUCKET is set (@strapi/provider-upload-aws-s3; AWS
// or any S3-compatible server), so that the CMS can run on several machines or in a throwaway
// container. Configured once here from the S3_* settings (config/plugins.ts).
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CmsSettings } from './cms-settings';

/** The upload plugin's configuration for S3, or undefined for the local folder. */
export function uploadPluginConfig(settings: CmsSettings) {
  if (!settings.s3Bucket) return undefined;
  return {
    provider: 'aws-s3',
    providerOptions: {
      baseUrl: settings.s3PublicUrl,
      rootPath: settings.s3Prefix,
      s3Options: {
        ...s3ClientOptions(settings),
        // null, not left out: the provider would otherwise add public-read itself.
        params: {
          Bucket: settings.s3Bucket,
          ACL: settings.s3Acl === 'none' ? null : 'public-read',
        },
      },
    },
  };
}

function s3ClientOptions(settings: CmsSettings) {
  return {
    region: settings.s3Region,
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint } : {}),
    forcePathStyle: settings.s3PathStyle,
    ...(settings.s3AccessKeyId
      ? {
          credentials: {
            accessKeyId: settings.s3AccessKeyId,
            secretAccessKey: settings.s3SecretAccessKey ?? '',
          },
        }
      : {}),
  };
}

/** The origin readers load media from when it is not the CMS (for the admin's CSP). */
export function mediaOrigin(settings: CmsSettings): string | null {
  if (!settings.s3Bucket) return null;
  const url = settings.s3PublicUrl ?? settings.s3Endpoint;
  return url
    ? new URL(url).origin
    : `https://${settings.s3Bucket}.s3.${settings.s3Region}.amazonaws.com`;
}

/** A storage failure in words that name the setting to look at. */
export function describeStorageError(error: unknown, settings: CmsSettings): string {
  const { name, message, $metadata } = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const where = `bucket ${settings.s3Bucket} at ${settings.s3Endpoint ?? `AWS (${settings.s3Region})`}`;
  const status = $metadata?.httpStatusCode;
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404))
    return `The ${where} does not exist: check S3_BUCKET (and S3_ENDPOINT, S3_FORCE_PATH_STYLE)`;
  if (
    status === 403 ||
    /InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Forbidden/.test(name ?? '')
  )
    return `The ${where} refused the keys: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (${name})`;
  if (status === undefined)
    return `No connection to the ${where}: check S3_ENDPOINT and S3_REGION (${message ?? name})`;
  return `The ${where} answered ${status}: ${message ?? name}`;
}

/**
 * Says at start where media go and, with S3, whether the bucket answers to the keys; a wrong
 * setting is named in the log at once, not first when an editor uploads. Never throws.
 */
export async function reportMediaStorage(
  strapi: Core.Strapi,
  settings: CmsSettings,
): Promise<void> {
  if (!settings.s3Bucket) return;
  const client = new S3Client({ ...s3ClientOptions(settings), maxAttempts: 1 });
  try {
    await client.send(new HeadBucketCommand({ Bucket: settings.s3Bucket }));
    strapi.log.info(
      `[media] Media go to the S3 bucket ${settings.s3Bucket}${settings.s3Endpoint ? ` at ${settings.s3Endpoint}` : ''}; readers load them from ${mediaOrigin(settings)}`,
    );
  } catch (error) {
    strapi.log.error(`[media] ${describeStorageError(error, settings)}`);
  } finally {
    client.destroy();
  }
}

/** The files (an original and its resized formats) one upload sends, by the original's hash. */
const FORMAT_PREFIX = /^(thumbnail|small|medium|large|xlarge)_/;

interface StoredFile {
  hash: string;
  url?: string;
}

interface UploadProvider {
  upload?(file: StoredFile): Promise<void>;
  uploadStream?(file: StoredFile): Promise<void>;
  delete(file: StoredFile): Promise<void>;
}

/**
 * Makes a failed upload all or nothing, with a message the editor can read: Strapi sends an image
 * and its resized formats to the bucket side by side and keeps the entry only when all arrived.
 * When one fails, the copies that did arrive are removed (and any that arrive later), and the
 * admin shows a message in Danish instead of "Internal Server Error"; the log names the setting.
 */
export function guardUploads(strapi: Core.Strapi, settings: CmsSettings): void {
  if (!settings.s3Bucket) return;
  const provider = strapi.plugin('upload').provider as UploadProvider;
  const arrived = new Map<string, StoredFile[]>();
  const failed = new Set<string>();
  const forget = (base: string) => {
    arrived.delete(base);
    setTimeout(() => failed.delete(base), 10 * 60_000).unref();
  };
  const removeQuietly = (file: StoredFile) =>
    provider
      .delete(file)
      .catch((error: Error) =>
        strapi.log.warn(
          `[media] Could not remove ${file.url ?? file.hash} after a failed upload: ${error.message}`,
        ),
      );

  for (const method of ['upload', 'uploadStream'] as const) {
    const original = provider[method]?.bind(provider);
    if (!original) continue;
    provider[method] = async (file: StoredFile) => {
      const base = file.hash.replace(FORMAT_PREFIX, '');
      try {
        await original(file);
      } catch (error) {
        strapi.log.error(`[media] ${file.hash}: ${describeStorageError(error, settings)}`);
        failed.add(base);
        await Promise.all((arrived.get(base) ?? []).map(removeQuietly));
        forget(base);
        throw new errors.ApplicationError(
          'Filen kunne ikke gemmes: mediearkivet (S3) svarede ikke som det skulle. Intet er gemt; prøv igen om lidt, eller bed den, der driver sitet, se i CMS-loggen.',
        );
      }
      if (failed.has(base)) {
        await removeQuietly(file); // a sibling failed first: this copy must not stay behind
        return;
      }
      arrived.set(base, [...(arrived.get(base) ?? []), file]);
      // An upload is done within minutes; what is still listed then was kept, not abandoned.
      setTimeout(() => arrived.delete(base), 10 * 60_000).unref();
    };
  }
}
