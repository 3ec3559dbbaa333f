/**
 * Which resource of the cloud REST API a request path reaches. The cloud API has `ANY /` and
 * `ANY /{proxy+}` (a Lambda proxy), deployed to one stage; its URL ends with the stage (`…/v1`).
 */
export type StageRoute =
  | { readonly resource: "/"; readonly path: "/" }
  | { readonly resource: "/{proxy+}"; readonly path: string; readonly proxy: string };

/**
 * Matches `/<stage>` and `/<stage>/...`. `path` stays percent-encoded (as REST API delivers it), `proxy` is
 * the rest of the path without its leading slash. `undefined` when the path is outside the stage.
 */
export const matchStage = (rawPath: string, stage: string): StageRoute | undefined => {
  const prefix = `/${stage}`;
  if (rawPath === prefix || rawPath === `${prefix}/`) return { resource: "/", path: "/" };
  if (!rawPath.startsWith(`${prefix}/`)) return undefined;
  const path = rawPath.slice(prefix.length);
  return { resource: "/{proxy+}", path, proxy: path.slice(1) };
};
