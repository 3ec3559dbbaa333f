import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The committed OpenAPI document, as a client would download it. */
export const openApiDocument = (): OpenApiDocument =>
  JSON.parse(readFileSync(new URL("../../docs/openapi.json", import.meta.url), "utf8"));

interface Operation {
  readonly operationId: string;
  readonly "x-fifoq-access": string;
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, unknown>> }>>;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, unknown>> };
}

const DOCUMENT_ID = "https://fifoq.invalid/openapi.json";

/** JSON Pointer escaping of one path segment. */
const pointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Checks real answers against the document with Ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect): the status
 * must be one the operation declares, and a JSON body must validate against that status's schema. Returns
 * the problems (empty: the answer is what the document says).
 */
export const createResponseValidator = (document: OpenApiDocument = openApiDocument()) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${path} is not in the document`];
    const response = operation.responses[String(status)];
    if (!response) return [`${method} ${path} does not declare status ${status}`];
    if (!response.content?.["application/json"]) return [];
    const ref = [
      "paths",
      path,
      method.toLowerCase(),
      "responses",
      String(status),
      "content",
      "application/json",
      "schema",
    ];
    const validate = ajv.getSchema(`${DOCUMENT_ID}#/${ref.map(pointer).join("/")}`);
    if (!validate) return [`no schema for ${method} ${path} ${status}`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${method} ${path} ${status}: ${error.instancePath} ${error.message}`,
    );
  };
};
