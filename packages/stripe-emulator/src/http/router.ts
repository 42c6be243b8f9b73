/**
 * Route table of the emulated API: method + path pattern (`/v1/charges/:id`) → handler, with the
 * parameters the endpoint accepts (anything else is refused as `parameter_unknown`).
 */
import type { Tx } from '../core.ts';
import type { Params } from '../params.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface ApiRequest {
  params: Params;
  /** Connected account from the `Stripe-Account` header; null = the platform. */
  account: string | null;
  /** Values of the `:name` segments of the path. */
  path: Record<string, string>;
  /** Files of a `multipart/form-data` request, by part name (only names the route lists in `uploads`). */
  uploads: Record<string, UploadedFile>;
}

/** A file part of a multipart request. */
export interface UploadedFile {
  filename: string;
  /** The part's Content-Type as sent. */
  contentType: string;
  bytes: Buffer;
}

export interface Route {
  method: HttpMethod;
  path: string;
  /** Parameters the endpoint accepts besides `expand`. */
  params: readonly string[];
  /** File parts the endpoint accepts (multipart/form-data), e.g. `file` for POST /v1/files. */
  uploads?: readonly string[];
  /** Returns the response object (a Stripe object or list); throws StripeApiError to refuse. */
  handle(tx: Tx, request: ApiRequest): unknown;
}

export interface RouteMatch {
  route: Route;
  path: Record<string, string>;
}

/** The route for `method` and `pathname`, or undefined. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const values: Record<string, string> = {};
    const isMatch = pattern.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        values[part.slice(1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (isMatch) return { route, path: values };
  }
  return undefined;
}
