package io.hfvram.hub;

import okhttp3.HttpUrl;

/**
 * Builds the Hub's URLs (hub-protocol.md §1) for one endpoint. A user name and password in the
 * endpoint ({@code http://user:pass@host}) are dropped: they are never sent, shown or stored.
 */
final class HubUrls {
  private final HttpUrl endpoint;

  HubUrls(String endpoint) {
    String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    HttpUrl url = HttpUrl.parse(e);
    if (url == null) {
      throw new IllegalArgumentException(
          "invalid endpoint URL '" + endpoint + "': use e.g. https://huggingface.co");
    }
    this.endpoint = Redaction.withoutUserinfo(url);
  }

  HttpUrl endpoint() {
    return endpoint;
  }

  /** {@code {endpoint}/{repo}/resolve/{revision}/{file}}, the revision fully encoded. */
  HttpUrl resolve(RepoRef ref, String revision, String file) {
    String rev = new RepoRef(ref.repoId(), revision).encodedRevision();
    return endpoint
        .newBuilder()
        .addPathSegments(ref.repoId())
        .addPathSegment("resolve")
        .addEncodedPathSegment(rev)
        .addPathSegments(file)
        .build();
  }

  /** {@code {endpoint}/api/models/{repo}/revision/{revision}}. */
  HttpUrl info(RepoRef ref) {
    return endpoint
        .newBuilder()
        .addPathSegment("api")
        .addPathSegment("models")
        .addPathSegments(ref.repoId())
        .addPathSegment("revision")
        .addEncodedPathSegment(ref.encodedRevision())
        .build();
  }

  /** {@code {endpoint}/api/models} with query parameters added by the caller. */
  HttpUrl.Builder list() {
    return endpoint.newBuilder().addPathSegment("api").addPathSegment("models");
  }
}
