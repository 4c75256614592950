/**
 * Reading a `.lumbung` file: every check happens here, before the database is touched, so a
 * refused file changes nothing. Order matters only for which reason a person is told: the zip's
 * structure and limits first (nothing inflated yet), then the manifest, then each photo.
 */
import { validateFields, type RecordDoc } from '../../core/index.ts';
import {
  BLOB_PATH_RE,
  HANDOVER_FORMAT,
  HANDOVER_TABLES,
  HANDOVER_VERSION,
  HandoverError,
  LIMITS,
  MANIFEST_PATH,
  ManifestSchema,
  blobPath,
  recordsChecksum,
  sha256Hex,
  type HandoverBlob,
  type Manifest,
  type ParsedHandover,
} from './format.ts';
import { extractEntry, readZipDirectory, type ZipEntry } from './zip-read.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function parseHandover(bytes: Uint8Array): Promise<ParsedHandover> {
  if (bytes.length > LIMITS.totalBytes)
    throw new HandoverError('handover.too_large', `file of ${bytes.length} bytes`);
  const entries = readZipDirectory(bytes, {
    maxFiles: LIMITS.files,
    maxTotal: LIMITS.totalBytes,
    maxEntry: (name) => (name === MANIFEST_PATH ? LIMITS.manifestBytes : LIMITS.blobBytes),
  });
  const manifestEntry = entries.find((e) => e.name === MANIFEST_PATH);
  if (!manifestEntry) throw new HandoverError('handover.foreign', 'no manifest.json');
  const manifest = readManifest(extractEntry(bytes, manifestEntry));
  checkRecords(manifest.records);
  if ((await recordsChecksum(manifest.records)) !== manifest.checksums['manifest-records']) {
    throw new HandoverError('handover.checksum', 'manifest-records');
  }
  const blobs = await readBlobs(bytes, entries, manifest);
  return {
    createdAt: manifest.createdAt,
    deviceId: manifest.deviceId,
    records: manifest.records as RecordDoc[],
    blobs,
  };
}

function readManifest(raw: Uint8Array): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(raw));
  } catch {
    throw new HandoverError('handover.foreign', 'manifest.json is not JSON');
  }
  if (!json || typeof json !== 'object' || (json as { format?: unknown }).format !== HANDOVER_FORMAT) {
    throw new HandoverError('handover.foreign', 'format is not lumbung');
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > HANDOVER_VERSION) {
    throw new HandoverError('handover.newer_version', `version ${version}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HandoverError(
      'handover.invalid_manifest',
      `${issue?.path.join('.') ?? ''}: ${issue?.code ?? ''}`,
    );
  }
  return parsed.data;
}

/** Each record is a full merge document of a hand-over table, with valid field values. */
function checkRecords(records: Manifest['records']): void {
  const seen = new Set<string>();
  for (const [i, r] of records.entries()) {
    const where = `records.${i} (${r.table}/${r.id})`;
    if (!(HANDOVER_TABLES as readonly string[]).includes(r.table)) {
      throw new HandoverError('handover.invalid_manifest', `${where}: table not carried by a hand-over`);
    }
    const key = `${r.table}/${r.id}`;
    if (seen.has(key)) throw new HandoverError('handover.invalid_manifest', `${where}: duplicate`);
    seen.add(key);
    const names = Object.keys(r.fields).sort().join();
    if (names !== Object.keys(r.stamps).sort().join() || names !== Object.keys(r.bases).sort().join()) {
      throw new HandoverError('handover.invalid_manifest', `${where}: fields, stamps and bases differ`);
    }
    const issues = validateFields(r.table, r.fields);
    if (issues.length > 0) {
      throw new HandoverError('handover.invalid_manifest', `${where}.${issues[0]!.path}: ${issues[0]!.code}`);
    }
  }
}

/** The zip holds exactly the manifest and the photos it lists; each photo hashes to its name. */
async function readBlobs(
  bytes: Uint8Array,
  entries: ZipEntry[],
  manifest: Manifest,
): Promise<HandoverBlob[]> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const listed = new Set<string>();
  const out: HandoverBlob[] = [];
  for (const b of manifest.blobs) {
    if (b.path !== blobPath(b.sha256, b.mime) || listed.has(b.path)) {
      throw new HandoverError('handover.invalid_manifest', `blob path ${b.path}`);
    }
    listed.add(b.path);
    const entry = byName.get(b.path);
    if (!entry) throw new HandoverError('handover.invalid_manifest', `${b.path} missing from the zip`);
    if (entry.size !== b.size) throw new HandoverError('handover.invalid_manifest', `${b.path} size differs`);
  }
  for (const e of entries) {
    if (e.name !== MANIFEST_PATH && !listed.has(e.name)) {
      throw new HandoverError(
        'handover.invalid_manifest',
        `${e.name} ${BLOB_PATH_RE.test(e.name) ? 'not listed' : 'unexpected'}`,
      );
    }
  }
  for (const b of manifest.blobs) {
    const data = extractEntry(bytes, byName.get(b.path)!);
    if ((await sha256Hex(data)) !== b.sha256) throw new HandoverError('handover.blob_hash', b.path);
    out.push({ sha256: b.sha256, mime: b.mime, bytes: data });
  }
  return out;
}
