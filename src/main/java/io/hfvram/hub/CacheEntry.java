package io.hfvram.hub;

/**
 * One cached Hub response.
 *
 * @param url the request URL (never with a token)
 * @param etag the response's ETag, for conditional revalidation, or null
 * @param commit the X-Repo-Commit header, or null
 * @param fetchedAtMillis when it was fetched or last revalidated
 * @param immutable true for a commit-pinned URL, which never expires
 * @param body the response body
 */
public record CacheEntry(
    String url, String etag, String commit, long fetchedAtMillis, boolean immutable, byte[] body) {

  /** A copy revalidated at {@code now}. */
  CacheEntry revalidated(long now) {
    return new CacheEntry(url, etag, commit, now, immutable, body);
  }
}
