/**
 * Public API errors, each surface in its own format, chosen in one place.
 *
 * <p>One path: every exception type has one handler, a {@link dev.tally.api.error.SurfaceExceptionHandler}
 * that names its {@link dev.tally.api.error.ApiError} (throw {@link dev.tally.api.error.ApiException} from a
 * controller, or a domain exception with its own handler next to the surface that raises it); security,
 * the rate limiter and Micronaut's own errors take the same way. {@link dev.tally.api.error.ErrorFormats}
 * picks the format by request path. Each seed surface's format lives next to its controller:
 * <ul>
 *   <li>{@code /api/v1/analytics/clicks|views} (seeds/000): {@code {"error":{"code","message"[,"retry_after"]}}}</li>
 *   <li>{@code /api/v1/analytics/{link_id}} (seeds/002): {@code {"success":false,"error":{"code":"NOT_FOUND","message"}}}</li>
 *   <li>{@code /v1/**} (seeds/003): {@code {"success":false,"status_code":404,"data":null,"message"}}</li>
 *   <li>{@code /api/v1/links/{slug}/analytics} (seeds/004): {@code {"error":"not_found","message","status":404}}</li>
 *   <li>everything else, including {@code /api/v1/events} (seeds/001, Dub-style): native
 *       {@code {"error":{"code","message","doc_url"}}}</li>
 * </ul>
 * A surface that needs another shape adds one {@link dev.tally.api.error.ErrorFormat} bean claiming its
 * paths; nothing else changes.
 */
package dev.tally.api.error;
