package io.hfvram.hub;

/**
 * A finished HTTP exchange with the Hub.
 *
 * @param status 200, 206 or 304
 * @param body the body (empty for 304)
 * @param etag the ETag (X-Linked-Etag first), unquoted, or null
 * @param commit the X-Repo-Commit header, or null
 * @param url the URL that answered, after redirects
 */
public record HttpResult(int status, byte[] body, String etag, String commit, String url) {}
