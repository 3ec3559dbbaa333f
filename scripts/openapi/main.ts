import { readFileSync, writeFileSync } from "node:fs";
import { API_ROUTES } from "../../contract";
import { buildOpenApiDocument } from "./document";
import { contractSchemas } from "./schemas";

/** Where the generated document is committed (and what `GET /openapi.json` serves). */
export const OPENAPI_FILE = new URL("../../docs/openapi.json", import.meta.url);

const packageVersion = (): string =>
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

/** The document's text as it is committed. */
export const openApiText = (): string =>
  `${JSON.stringify(
    buildOpenApiDocument({ routes: API_ROUTES, schemas: contractSchemas(), version: packageVersion() }),
    null,
    2,
  )}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, openApiText());
  process.stderr.write("wrote docs/openapi.json\n");
}
