import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);

/** kind → [model module, schema module]: the API types the manifests use. */
const TYPES: Record<string, { model: string; schema: string }> = {
  'v1/ConfigMap': { model: 'kubernetes-models/v1/ConfigMap', schema: 'IoK8sApiCoreV1ConfigMap' },
  'v1/Secret': { model: 'kubernetes-models/v1/Secret', schema: 'IoK8sApiCoreV1Secret' },
  'v1/Pod': { model: 'kubernetes-models/v1/Pod', schema: 'IoK8sApiCoreV1Pod' },
  'apps/v1/Deployment': { model: 'kubernetes-models/apps/v1/Deployment', schema: 'IoK8sApiAppsV1Deployment' },
  'networking.k8s.io/v1/NetworkPolicy': { model: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', schema: 'IoK8sApiNetworkingV1NetworkPolicy' },
};

type SchemaValidate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

/** The generated validator itself; the package does not export it, so it is loaded by file path. */
function schemaValidator(schema: string): SchemaValidate {
  const schemasDir = join(dirname(require.resolve('kubernetes-models/v1/Pod')), '..', '_schemas');
  return (require(join(schemasDir, `${schema}.js`)) as { validate: SchemaValidate }).validate;
}

export function parseManifests(text: string): Record<string, unknown>[] {
  // YAML 1.1, as kubectl reads it (sigs.k8s.io/yaml): `defaultMode: 0440` is octal there, decimal in 1.2.
  return parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Record<string, unknown>;
  });
}

/**
 * Problems with one manifest against the Kubernetes API schema: what kubernetes-models' validate()
 * reports (types, enums, required fields), plus fields the schema does not know. The generated
 * validators ignore unknown fields (the API server would drop them, or refuse them under
 * kubectl --validate=strict); a misspelt `readOnlyRootFileSystem` must not pass as hardening.
 * Unknown fields are found by watching which properties the validator reads.
 */
export function validateManifest(manifest: Record<string, unknown>): string[] {
  const key = `${String(manifest['apiVersion'])}/${String(manifest['kind'])}`;
  const type = TYPES[key];
  if (type === undefined) return [`no schema known here for ${key}`];
  const problems: string[] = [];
  const Model = Object.values(require(type.model) as Record<string, new (data: unknown) => { validate(): void }>)[0]!;
  try {
    new Model(manifest).validate();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const validate = schemaValidator(type.schema);
  const read = new WeakMap<object, Set<string>>();
  const watch = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    let seen = read.get(value);
    if (seen === undefined) read.set(value, (seen = new Set()));
    const keys = seen;
    return new Proxy(value, {
      get(target, property, receiver) {
        if (typeof property === 'string') keys.add(property);
        return watch(Reflect.get(target, property, receiver));
      },
    });
  };
  validate(watch(manifest));
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    const seen = read.get(value);
    for (const [k, v] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
      if (!Array.isArray(value) && seen !== undefined && !seen.has(k)) problems.push(`${at}: not a field of ${key}`);
      walk(v, at);
    }
  };
  walk(manifest, '');
  return problems;
}
