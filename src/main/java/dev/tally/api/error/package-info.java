/**
 * Public API errors, each surface in its own format, chosen in one place.
 *
 * <p>Throw {@link dev.tally.api.error.ApiException} ({@code badRequest}, {@code notFound}, or any
 * {@link dev.tally.api.error.ErrorCode}) from a controller, or let security, the rate limiter or Micronaut
 * answer; {@link dev.tally.api.error.ErrorFormats} picks the format by request path and renders an
 * {@link dev.tally.api.error.ApiError}. Formats shipped (from the seeds):
 * <ul>
 *   <li>{@code /api/v1/analytics/clicks|views} (seeds/000): {@code {"error":{"code","message"[,"retry_after"]}}}</li>
 *   <li>{@code /api/v1/analytics/{link_id}} (seeds/002): {@code {"success":false,"error":{"code":"NOT_FOUND","message"}}}</li>
 *   <li>{@code /v1/**} (seeds/003): {@code {"success":false,"status_code":404,"data":null,"message"}}</li>
 *   <li>{@code /api/v1/links/{slug}/analytics} (seeds/004): {@code {"error":"not_found","message","status":404}}</li>
 *   <li>everything else, including {@code /api/v1/events} (seeds/001, Dub-style): native
 *       {@code {"error":{"code","message","doc_url"}}}</li>
 * </ul>
 * A surface that needs another shape adds one {@link dev.tally.api.error.ErrorFormat} bean claiming its
 * paths; nothing else changes. Surface owners may move the seed formats into their own packages.
 */
package dev.tally.api.error;
