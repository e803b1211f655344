package io.hfvram.hub;

/**
 * A finished HTTP exchange with the Hub.
 *
 * @param status 200, 206 or 304
 * @param body the body (empty for 304)
 * @param etag the ETag (X-Linked-Etag first), unquoted, or null
 * @param commit the X-Repo-Commit header, or null
 * @param url the URL that answered, after redirects
 * @param next the Link header's rel="next" URL (pagination), or null
 */
record HttpResult(int status, byte[] body, String etag, String commit, String url, String next) {

  /** The URL of the Link header's rel="next", or null. */
  static String nextLink(String link) {
    if (link == null) {
      return null;
    }
    for (String part : link.split(",")) {
      String p = part.trim();
      if (p.matches("(?s)<[^>]*>\\s*;.*rel=\"?next\"?.*")) {
        return p.substring(1, p.indexOf('>'));
      }
    }
    return null;
  }
}
