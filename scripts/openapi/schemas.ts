import { fileURLToPath } from "node:url";
import { createGenerator } from "ts-json-schema-generator";

/** A JSON Schema object (the generator's output: our own types, so a plain record). */
export type JsonSchema = { readonly [key: string]: unknown };

const TYPES = fileURLToPath(new URL("../../contract/types.ts", import.meta.url));

/** `#/definitions/X` (the generator's draft-07 layout) → `#/components/schemas/X` (OpenAPI's). */
const relocateRefs = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(relocateRefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === "$ref" && typeof inner === "string"
        ? inner.replace("#/definitions/", "#/components/schemas/")
        : relocateRefs(inner),
    ]),
  );
};

/** The name indexes (`ResponseBodies`, `RequestBodies`) are for the compiler, not for the document. */
const INDEXES = new Set(["ResponseBodies", "RequestBodies"]);

/**
 * JSON Schemas of every type `contract/types.ts` exports, generated from the TypeScript itself (its doc
 * comments become descriptions); interfaces are closed (`additionalProperties: false`), so a response with a
 * field the contract does not declare does not validate.
 */
export const contractSchemas = (): Record<string, JsonSchema> => {
  const generated = createGenerator({
    path: TYPES,
    type: "*",
    expose: "export",
    topRef: true,
    jsDoc: "extended",
    skipTypeCheck: true,
    sortProps: true,
  }).createSchema("*");
  const definitions = Object.entries(generated.definitions ?? {}).filter(([name]) => !INDEXES.has(name));
  return Object.fromEntries(
    definitions
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, schema]) => [name, relocateRefs(schema) as JsonSchema]),
  );
};
